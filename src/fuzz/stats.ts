/**
 * What a fuzz run counts: inputs per target, how each input ended (accepted,
 * or refused with which error name), notes (things worth knowing that are not
 * failures), and failures (crashes, broken invariants, hangs, a daemon that
 * stopped answering, memory past the bound).
 */

export type FailureKind =
  /** a target threw something that is not a refusal: a bug in the code under test */
  | 'crash'
  /** an input was accepted that must not be (or refused that must not be), or a decoded value does not round-trip */
  | 'invariant'
  /** one input took longer than its bound */
  | 'hang'
  /** the daemon stopped answering, or the honest member dropped */
  | 'liveness'
  /** RSS grew past the bound */
  | 'memory'
  /** an uncaught exception or unhandled rejection reached the process */
  | 'unhandled'
  /** a frame within its protocol's size bound decodes into far more memory than the bound suggests */
  | 'amplification'

export interface Failure {
  target: string
  kind: FailureKind
  message: string
  /** the input, hex, cut to a few hundred bytes */
  input?: string
  /** which input of the target it was (with the seed, enough to replay it) */
  iteration?: number
}

/** At most this many failures are kept in full; the rest are only counted. */
const MAX_KEPT_FAILURES = 100

function bump (map: Map<string, Map<string, number>>, target: string, key: string, by = 1): void {
  let inner = map.get(target)
  if (inner == null) {
    inner = new Map()
    map.set(target, inner)
  }
  inner.set(key, (inner.get(key) ?? 0) + by)
}

export function hex (bytes: Uint8Array | undefined, max = 256): string | undefined {
  if (bytes == null) {
    return undefined
  }
  const shown = Buffer.from(bytes.subarray(0, max)).toString('hex')
  return bytes.byteLength > max ? `${shown}… (${bytes.byteLength} bytes)` : shown
}

/** The name a refusal is counted under: the error's name, or what was thrown when it is not an Error. */
export function errorName (err: unknown): string {
  if (err instanceof Error) {
    // a plain Error with a code (zlib, fs) says more by its code
    const code = (err as { code?: unknown }).code
    return err.name === 'Error' && typeof code === 'string' ? `Error[${code}]` : err.name
  }
  return `non-Error ${typeof err}`
}

export class FuzzStats {
  readonly inputs = new Map<string, number>()
  readonly outcomes = new Map<string, Map<string, number>>()
  readonly notes = new Map<string, Map<string, number>>()
  readonly failures: Failure[] = []
  failureCount = 0

  input (target: string): void {
    this.inputs.set(target, (this.inputs.get(target) ?? 0) + 1)
  }

  /** `accepted`, or the error name of a refusal. */
  outcome (target: string, outcome: string): void {
    bump(this.outcomes, target, outcome)
  }

  note (target: string, note: string, by = 1): void {
    bump(this.notes, target, note, by)
  }

  fail (failure: Failure): void {
    this.failureCount++
    if (this.failures.length < MAX_KEPT_FAILURES) {
      this.failures.push(failure)
    }
  }

  get totalInputs (): number {
    let total = 0
    for (const count of this.inputs.values()) {
      total += count
    }
    return total
  }
}
