/**
 * One kind of hostile stream session of the live fuzz target, and the
 * helpers every kind builds its input with.
 */
import { sampleBuilder } from './codecs.js'
import { parseFrames } from './frames.js'
import { mutate } from './mutate.js'
import type { Fixture } from './fixture.js'
import type { Network } from './live-network.js'
import type { Rng } from './rng.js'
import type { SessionPlan, SessionResult } from './session.js'
import type { CascadeLibp2p } from '../node/libp2p.js'

export type Planned = SessionPlan & {
  /** an invariant on what came back; returns why it is broken */
  check?(result: SessionResult): string | undefined
  slow?: boolean
  done?(): void
}

export interface SessionKind {
  name: string
  weight: number
  /** a plan, or a reason to skip this input */
  plan(net: Network, rng: Rng, fx: Fixture): Planned | string
}

/** A sample of `type`, valid or mutated, or plain random bytes. */
export function payloadOf (rng: Rng, fx: Fixture, type: string, encode: (value: any) => Uint8Array<ArrayBuffer>, maxLength = 64 * 1024): Uint8Array<ArrayBuffer> {
  const builder = sampleBuilder(type)
  const r = rng.float()
  if (r < 0.1 || builder == null) {
    return rng.bytes(rng.size(2048))
  }
  const valid = encode(builder(rng, fx))
  return r < 0.4 ? valid : mutate(rng, valid, maxLength)
}

export function decodeOr<T> (decode: (bytes: Uint8Array) => T, bytes: Uint8Array): T | undefined {
  try {
    return decode(bytes)
  } catch {
    return undefined
  }
}

/** The first frame, pre-decoded, as the node will see it (when the framing is honest). */
export function firstFrameOf (bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> | undefined {
  return parseFrames(bytes, 1)[0]
}

export function attacker (net: Network, rng: Rng): CascadeLibp2p {
  return rng.pick(net.attackers)
}

