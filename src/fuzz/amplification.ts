/**
 * How much memory and time a frame within its protocol's size bound can cost
 * to decode. Frame bounds limit bytes on the wire, but a repeated field of
 * empty entries costs two bytes each on the wire and a whole JS object (or
 * Uint8Array view) each once decoded: a 24 MiB frame can become gigabytes.
 *
 * The schema is discovered from the decoders themselves (which field numbers
 * produce arrays, which nested messages), so new repeated fields are covered
 * without a list to keep up to date.
 */
import { isDeepStrictEqual } from 'node:util'
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { FRAME_BOUNDS, FRAME_SENDERS } from './codecs.js'
import { errorName } from './stats.js'
import { breathe, timeUp } from './target.js'
import { ldField, repeat } from './wire.js'
import type { MessageCodec } from './codecs.js'
import type { FuzzTarget, TargetContext } from './target.js'

/** A frame that would need more than this to decode is a finding. */
export const MAX_DECODED_BYTES_PER_FRAME = 512 * 1024 ** 2

/** A frame that would block the event loop this long to decode is a finding. */
export const MAX_DECODE_MS_PER_FRAME = 2_000

const EMPTY = new Uint8Array(0)
const MAX_FIELD = 16
const MAX_DEPTH = 4

/** A repeated field reached through a path of nested messages, e.g. PushFrame.offer.subtree[].addrs. */
export interface RepeatedPath {
  codec: MessageCodec
  /** field names, for the report */
  path: string
  /** builds a frame whose innermost level holds `inner` */
  wrap(inner: Uint8Array): Uint8Array
  field: number
}

export interface Amplification {
  path: string
  frameBound: number
  /** heap bytes per wire byte, measured */
  bytesPerByte: number
  /** decode time per MiB of wire bytes, measured */
  msPerMiB: number
  projectedBytes: number
  projectedMs: number
  /** what the decoder did with a frame of the full bound (or a smaller one), when it refused */
  refusedWith?: string
}

type Wrap = (inner: Uint8Array) => Uint8Array
type At = (decoded: any) => any

function isMessage (value: unknown): boolean {
  return value != null && typeof value === 'object' && !(value instanceof Uint8Array) && !Array.isArray(value)
}

/** Finds the repeated fields of `codec`, nested messages included, by decoding probe encodings. */
export function findRepeatedPaths (codec: MessageCodec): RepeatedPath[] {
  const found: RepeatedPath[] = []
  const explore = (wrap: Wrap, at: At, path: string, depth: number): void => {
    let base: any
    try {
      base = at(codec.decode(wrap(EMPTY)))
    } catch {
      return
    }
    for (let field = 1; field <= MAX_FIELD; field++) {
      let level: any
      try {
        level = at(codec.decode(wrap(ldField(field, EMPTY))))
      } catch {
        continue
      }
      if (!isMessage(level)) {
        continue
      }
      const key = Object.keys(level).find(k => !isDeepStrictEqual(level[k], base?.[k]))
      if (key == null) {
        continue
      }
      const value = level[key]
      const inner: Wrap = (bytes) => wrap(ldField(field, bytes))
      if (Array.isArray(value)) {
        found.push({ codec, path: `${path}.${key}[]`, wrap, field })
        if (depth < MAX_DEPTH && isMessage(value[0])) {
          explore(inner, d => at(d)?.[key]?.[0], `${path}.${key}[]`, depth + 1)
        }
      } else if (depth < MAX_DEPTH && isMessage(value)) {
        explore(inner, d => at(d)?.[key], `${path}.${key}`, depth + 1)
      }
    }
  }
  explore(bytes => bytes, d => d, codec.name, 0)
  return found
}

let collect: (() => void) | undefined

/** A handle on V8's gc, so heap deltas measure what the decode retained. */
function gc (): void {
  if (collect == null) {
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as () => void
  }
  collect()
}

/** Decodes `wireBytes` worth of empty entries of `path` and projects the cost to the frame bound. */
export function measure (path: RepeatedPath, wireBytes: number, frameBound: number): Amplification {
  const entry = ldField(path.field, EMPTY)
  const count = Math.max(1, Math.floor(wireBytes / entry.byteLength))
  const frame = path.wrap(repeat(entry, count))
  gc()
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  let decoded: unknown
  let refusedWith: string | undefined
  try {
    decoded = path.codec.decode(frame)
  } catch (err) {
    refusedWith = errorName(err)
  }
  const elapsed = performance.now() - started
  const grown = Math.max(0, process.memoryUsage().heapUsed - before)
  // keep the result alive until measured
  if (decoded === frame) {
    throw new Error('unreachable')
  }
  decoded = undefined
  const bytesPerByte = refusedWith != null ? 0 : grown / frame.byteLength
  const msPerMiB = elapsed / (frame.byteLength / 1024 ** 2)
  // a decode limit (protons `limit`) caps the entries whatever the frame size:
  // find the first power of ten of entries it refuses, and project to that
  const cap = refusedWith != null ? undefined : entryCap(path, entry, Math.floor(frameBound / entry.byteLength))
  const projectedEntries = Math.min(cap ?? Infinity, Math.floor(frameBound / entry.byteLength))
  const scale = projectedEntries * entry.byteLength / frameBound
  return {
    path: path.path,
    frameBound,
    bytesPerByte,
    msPerMiB,
    projectedBytes: bytesPerByte * frameBound * scale,
    projectedMs: refusedWith != null ? 0 : msPerMiB * frameBound * scale / 1024 ** 2,
    refusedWith
  }
}

/** Entry counts tried for a decode limit: cheap frames (2 MB at most), each a factor of ten apart. */
const CAP_PROBES = [1_000, 10_000, 100_000, 1_000_000]

/** The smallest probed count of entries the decoder refuses, or undefined when it takes them all. */
function entryCap (path: RepeatedPath, entry: Uint8Array, fitInFrame: number): number | undefined {
  for (const count of CAP_PROBES) {
    if (count >= fitInFrame) {
      return undefined
    }
    try {
      path.codec.decode(path.wrap(repeat(entry, count)))
    } catch (err) {
      if (errorName(err) === 'MaxLengthError') {
        return count
      }
    }
  }
  return undefined
}

export function formatAmplification (a: Amplification): string {
  if (a.refusedWith != null) {
    return `${a.path}: refused (${a.refusedWith})`
  }
  return `${a.path}: ${a.bytesPerByte.toFixed(0)} heap bytes per wire byte, ${a.msPerMiB.toFixed(0)} ms per MiB; ` +
    `a ${(a.frameBound / 1024 ** 2).toFixed(2)} MiB frame → ~${(a.projectedBytes / 1024 ** 2).toFixed(0)} MiB, ~${a.projectedMs.toFixed(0)} ms`
}

/** Results of the last run, for the summary. */
export const amplificationResults: Amplification[] = []

export const amplificationTarget: FuzzTarget = {
  name: 'amplification',
  weight: 0,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    amplificationResults.length = 0
    // the budget only sets how big a sample frame is measured: at least 64 KiB, at most 1 MiB
    const sampleBytes = Math.min(1024 ** 2, Math.max(64 * 1024, iterations * 64))
    for (const codec of ctx.codecs) {
      const frameBound = FRAME_BOUNDS[codec.name]
      if (frameBound == null) {
        continue
      }
      for (const path of findRepeatedPaths(codec)) {
        if (timeUp(ctx)) {
          return
        }
        const target = 'amplification'
        ctx.stats.input(target)
        const result = measure(path, Math.min(sampleBytes, frameBound), frameBound)
        ctx.monitor.sample()
        amplificationResults.push(result)
        ctx.stats.outcome(target, result.refusedWith ?? 'accepted')
        if (result.projectedBytes > MAX_DECODED_BYTES_PER_FRAME || result.projectedMs > MAX_DECODE_MS_PER_FRAME) {
          if (FRAME_SENDERS[codec.name] === 'host') {
            // only the pinned host (or an authorized admin's host) sends these: worth knowing, not a failure
            ctx.stats.note(target, `from the host only: ${formatAmplification(result)}`)
          } else {
            ctx.stats.fail({ target, kind: 'amplification', message: `any peer can send this: ${formatAmplification(result)}` })
          }
        }
        await breathe()
      }
    }
  }
}
