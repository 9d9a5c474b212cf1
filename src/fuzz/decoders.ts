/**
 * Target (a): every protons decoder, with random bytes and with mutations of
 * valid encodings. A decoder may refuse (throw) anything; what it accepts
 * must survive a re-encode unchanged, respect the schema's declared limits,
 * and no single input may take long.
 */
import { isDeepStrictEqual } from 'node:util'
import { FRAME_BOUNDS, sampleEncodings } from './codecs.js'
import { mutate } from './mutate.js'
import { errorName, hex } from './stats.js'
import { carryOn } from './target.js'
import { MAX_CHUNKS } from '../protocols/manifest/index.js'
import type { MessageCodec } from './codecs.js'
import type { FuzzTarget, TargetContext } from './target.js'

/** Mutated inputs stay below this (or the type's frame bound, when smaller): big enough for any interesting shape. */
const MAX_INPUT_BYTES = 64 * 1024

/**
 * One decode taking this long is a finding (the live handlers would stall on
 * it), when a second decode of the same input is as slow: a decode that is
 * slow by nature is slow every time, while a busy machine (another build on
 * the same cores, a GC pause) makes one measurement slow, not two.
 */
const SLOW_DECODE_MS = 250

const SAMPLES_PER_TYPE = 16

/** Strings as well-formed UTF-16: protons' lenient UTF-8 reader turns invalid bytes into lone surrogates, which re-encode as U+FFFD. */
function wellFormed (value: unknown): unknown {
  if (typeof value === 'string') {
    return (value as string & { toWellFormed(): string }).toWellFormed()
  }
  if (value == null || typeof value !== 'object' || value instanceof Uint8Array) {
    return value
  }
  if (Array.isArray(value)) {
    return value.map(wellFormed)
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wellFormed(inner)]))
}

function hasLoneSurrogate (value: unknown): boolean {
  if (typeof value === 'string') {
    return !(value as string & { isWellFormed(): boolean }).isWellFormed()
  }
  if (value == null || typeof value !== 'object' || value instanceof Uint8Array) {
    return false
  }
  return Object.values(value).some(hasLoneSurrogate)
}

/** True when every number in `value` is a safe integer: beyond 2^53 a uint64 read as a JS number is rounded. */
function numbersSafe (value: unknown): boolean {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
  }
  if (value == null || typeof value !== 'object' || value instanceof Uint8Array) {
    return true
  }
  return Object.values(value).every(numbersSafe)
}

/** Schema limits the decoder must enforce on what it returns. */
function checkLimits (codec: MessageCodec, decoded: any): string | undefined {
  if (codec.name === 'manifest/Manifest' && decoded.chunkHashes.length > MAX_CHUNKS) {
    return `decoded ${decoded.chunkHashes.length} chunk hashes, past the schema limit of ${MAX_CHUNKS}`
  }
  return undefined
}

/** Milliseconds one more decode of `input` takes, whatever its outcome. */
function timeDecode (codec: MessageCodec, input: Uint8Array): number {
  const started = performance.now()
  try {
    codec.decode(input)
  } catch {}
  return performance.now() - started
}

export function fuzzOneDecode (ctx: TargetContext, target: string, codec: MessageCodec, input: Uint8Array, iteration: number): void {
  ctx.stats.input(target)
  const started = performance.now()
  let decoded: any
  try {
    decoded = codec.decode(input)
  } catch (err) {
    ctx.stats.outcome(target, errorName(err))
    if (!(err instanceof Error)) {
      ctx.stats.fail({ target, kind: 'crash', message: `${codec.name}.decode threw a non-Error: ${String(err)}`, input: hex(input), iteration })
    }
    return
  } finally {
    const elapsed = performance.now() - started
    if (elapsed > SLOW_DECODE_MS && timeDecode(codec, input) > SLOW_DECODE_MS) {
      ctx.stats.fail({ target, kind: 'hang', message: `${codec.name}.decode took ${elapsed.toFixed(0)} ms on ${input.byteLength} bytes`, input: hex(input), iteration })
    }
  }
  ctx.stats.outcome(target, 'accepted')
  const limit = checkLimits(codec, decoded)
  if (limit != null) {
    ctx.stats.fail({ target, kind: 'invariant', message: `${codec.name}: ${limit}`, input: hex(input), iteration })
  }
  if (!numbersSafe(decoded)) {
    // re-encoding a rounded uint64 is not expected to give the same number back
    ctx.stats.note(target, 'accepted a uint64 past 2^53 (rounded; validators must check isSafeInteger)')
    return
  }
  let again: unknown
  try {
    again = codec.decode(codec.encode(decoded))
  } catch (err: any) {
    ctx.stats.fail({ target, kind: 'invariant', message: `${codec.name}: a decoded value does not re-encode and decode: ${err.message}`, input: hex(input), iteration })
    return
  }
  if (hasLoneSurrogate(decoded)) {
    ctx.stats.note(target, 'accepted invalid UTF-8 (decoded to lone surrogates)')
  }
  if (!isDeepStrictEqual(wellFormed(decoded), wellFormed(again))) {
    ctx.stats.fail({ target, kind: 'invariant', message: `${codec.name}: decode(encode(decode(x))) differs from decode(x)`, input: hex(input), iteration })
  }
}

export const decodersTarget: FuzzTarget = {
  name: 'decoders',
  weight: 70,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    const rng = ctx.rng
    const samples = new Map(ctx.codecs.map(codec => [codec, sampleEncodings(codec, rng, ctx.fx, SAMPLES_PER_TYPE)]))
    const all = [...samples.values()].flat()
    for (let i = 0; i < iterations; i++) {
      if (i % 256 === 0 && !await carryOn(ctx)) {
        break
      }
      const codec = ctx.codecs[i % ctx.codecs.length]
      const maxLength = Math.min(MAX_INPUT_BYTES, FRAME_BOUNDS[codec.name] ?? MAX_INPUT_BYTES)
      const own = samples.get(codec) ?? []
      let input: Uint8Array<ArrayBuffer>
      if (rng.bool(0.2) || own.length === 0) {
        input = rng.bytes(rng.size(Math.min(maxLength, 1024)))
      } else if (rng.bool(0.05)) {
        input = rng.pick(own)
      } else {
        input = mutate(rng, rng.pick(own), maxLength, rng.bool(0.5) ? own : all)
      }
      fuzzOneDecode(ctx, `decode ${codec.name}`, codec, input, i)
    }
  }
}
