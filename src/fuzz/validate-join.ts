/**
 * Target (b), membership: `validateJoinRequest` with structurally valid but
 * hostile JoinRequests, passed through the wire codec first (so only values
 * a peer can actually send arrive). Each verdict is checked against an
 * independent reading of the rules: what is accepted must satisfy them, and
 * be reported back whole (every label, every address, parseable again).
 */
import { multiaddr } from '@multiformats/multiaddr'
import { validateJoinRequest } from '../node/host/membership.js'
import { JoinRequest, MAX_LABELS, MAX_LABEL_LENGTH, MAX_LISTEN_ADDRS } from '../protocols/join/index.js'
import { INTERESTING_NUMBERS } from './rng.js'
import { errorName, hex } from './stats.js'
import { breathe, timeUp } from './target.js'
import { concat, varint } from './wire.js'
import type { Fixture } from './fixture.js'
import type { Rng } from './rng.js'
import type { FuzzTarget, TargetContext } from './target.js'

const TARGET = 'validate JoinRequest'
const PRINTABLE = /^[\x20-\x7e]*$/
const MAX_VERSION_LENGTH = 64

/** Strings a hostile node would try: control characters, escapes, non-ASCII, boundary lengths, prototype keys. */
export function hostileString (rng: Rng, boundary: number): string {
  return rng.weighted<() => string>([
    [3, () => rng.string(rng.range(0, 12))],
    [2, () => rng.string(boundary)],
    [2, () => rng.string(boundary + 1)],
    [1, () => rng.string(8).repeat(Math.ceil(rng.range(boundary * 2, boundary * 40) / 8))],
    [2, () => `${rng.string(3)}${rng.pick(['\x00', '\n', '\r', '\t', '\x1b[31m', '\x7f', '\u0085', '\u202e', '\ud800', 'é', '😀', '\ufeff'])}${rng.string(3)}`],
    [1, () => rng.pick(['', ' ', '=', ',', 'a=b', 'a,b', '..', '../../etc', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '%s%n', '${x}', "'; DROP TABLE members; --"])],
    [1, () => String.fromCharCode(...Array.from({ length: rng.range(1, 8) }, () => rng.int(0x10000)))]
  ])()
}

/** Listen addresses: valid ones, broken bytes, unknown protocol codes, lying lengths. */
function hostileAddr (rng: Rng, fx: Fixture): Uint8Array<ArrayBuffer> {
  const valid = multiaddr(rng.pick(fx.addrs)).bytes as Uint8Array<ArrayBuffer>
  return rng.weighted<() => Uint8Array<ArrayBuffer>>([
    [4, () => valid],
    [1, () => new Uint8Array(0)],
    [2, () => rng.bytes(rng.range(1, 24))],
    [2, () => valid.slice(0, rng.int(valid.byteLength))],
    [1, () => concat([valid, rng.bytes(rng.range(1, 8))])],
    // a protocol code nobody registered, and one with an absurd varint
    [1, () => concat([varint(0x3fff), rng.bytes(4)])],
    [1, () => concat([varint(2 ** 40), rng.bytes(4)])],
    // /ip4 with a size-prefixed protocol's layout: dns4 claiming a long name
    [1, () => concat([varint(0x36), varint(rng.pick(INTERESTING_NUMBERS)), rng.bytes(8)])],
    [1, () => concat([varint(0x36), varint(9), new TextEncoder().encode('evil/name')])],
    [1, () => concat([varint(0x01bd), varint(5), new TextEncoder().encode('/../x')])]
  ])()
}

/** Every field at its default, so requests stay complete whatever fields the schema grows. */
const DEFAULTS: JoinRequest = JoinRequest.decode(new Uint8Array(0))

function hostileRequest (rng: Rng, fx: Fixture): JoinRequest {
  const labelCount = rng.weighted([[10, rng.int(4)], [3, rng.range(MAX_LABELS - 1, MAX_LABELS + 1)], [1, rng.range(100, 1000)]])
  const addrCount = rng.weighted([[10, rng.int(4)], [3, rng.range(MAX_LISTEN_ADDRS - 1, MAX_LISTEN_ADDRS + 1)], [1, rng.range(50, 300)]])
  return {
    ...DEFAULTS,
    version: rng.bool(0.3) ? rng.pick(['', '1.0.0', 'v2']) : hostileString(rng, MAX_VERSION_LENGTH),
    listenAddrs: Array.from({ length: addrCount }, () => hostileAddr(rng, fx)),
    labels: Array.from({ length: labelCount }, () => ({
      key: rng.bool(0.4) ? rng.string(rng.range(1, 8)) : hostileString(rng, MAX_LABEL_LENGTH),
      value: rng.bool(0.4) ? rng.string(rng.range(0, 8)) : hostileString(rng, MAX_LABEL_LENGTH)
    })),
    uploadLimit: rng.bool(0.5) ? rng.int(2 ** 31) : rng.pick(INTERESTING_NUMBERS)
  }
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** The rules as README and membership.ts state them, written again independently. */
function expectedRefusal (request: JoinRequest): string | undefined {
  if (request.version.length > MAX_VERSION_LENGTH || !PRINTABLE.test(request.version)) {
    return 'version'
  }
  if (request.listenAddrs.length > MAX_LISTEN_ADDRS) {
    return 'too many addresses'
  }
  for (const bytes of request.listenAddrs) {
    try {
      // an address must read back from its text form as the same bytes (it is stored as text)
      const text = multiaddr(bytes).toString()
      if (multiaddr(text).toString() !== text || !sameBytes(multiaddr(text).bytes, bytes)) {
        return 'bad address'
      }
    } catch {
      return 'bad address'
    }
  }
  if (request.labels.length > MAX_LABELS) {
    return 'too many labels'
  }
  for (const { key, value } of request.labels) {
    if (key === '' || key.length > MAX_LABEL_LENGTH || value.length > MAX_LABEL_LENGTH || !PRINTABLE.test(key) || !PRINTABLE.test(value) || /[=,]/.test(key)) {
      return 'bad label'
    }
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      return 'reserved label'
    }
  }
  if (!Number.isSafeInteger(request.uploadLimit) || request.uploadLimit < 0) {
    return 'upload limit'
  }
  return undefined
}

export function checkJoinRequest (ctx: TargetContext, request: JoinRequest, iteration: number): void {
  ctx.stats.input(TARGET)
  let wire: Uint8Array
  let received: JoinRequest
  try {
    wire = JoinRequest.encode(request)
    received = JoinRequest.decode(wire)
  } catch (err) {
    ctx.stats.outcome(TARGET, `unencodable (${errorName(err)})`)
    return
  }
  const expected = expectedRefusal(received)
  let details
  try {
    details = validateJoinRequest(received)
  } catch (err: any) {
    ctx.stats.outcome(TARGET, errorName(err))
    if (err?.name !== 'InvalidJoinRequestError') {
      ctx.stats.fail({ target: TARGET, kind: 'crash', message: `validateJoinRequest threw ${errorName(err)}: ${err?.message}`, input: hex(wire), iteration })
    } else if (expected == null) {
      ctx.stats.fail({ target: TARGET, kind: 'invariant', message: `a valid join request was refused: ${err.message}`, input: hex(wire), iteration })
    }
    return
  }
  ctx.stats.outcome(TARGET, 'accepted')
  const fail = (message: string): void => { ctx.stats.fail({ target: TARGET, kind: 'invariant', message, input: hex(wire), iteration }) }
  if (expected != null) {
    fail(`accepted a join request that breaks the rules (${expected})`)
    return
  }
  // what is accepted is what gets stored, listed by status, and handed to relays
  const keys = new Set(received.labels.map(label => label.key))
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(details.labels, key)) {
      fail(`accepted label ${JSON.stringify(key)} but dropped it from the member's labels`)
    }
  }
  if (details.addrs.length !== received.listenAddrs.length) {
    fail(`accepted ${received.listenAddrs.length} addresses but kept ${details.addrs.length}`)
  }
  for (const addr of details.addrs) {
    try {
      // the registry keeps the text form; relaying needs the bytes back (subtreeOf)
      multiaddr(multiaddr(addr).bytes)
      multiaddr(addr)
    } catch (err: any) {
      fail(`accepted listen address ${JSON.stringify(addr)}, whose text form does not parse back: ${err.message}`)
    }
  }
}

export const joinValidatorTarget: FuzzTarget = {
  name: 'validate-join',
  weight: 5,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    for (let i = 0; i < iterations; i++) {
      if (i % 64 === 0) {
        if (timeUp(ctx)) {
          break
        }
        await breathe()
      }
      checkJoinRequest(ctx, hostileRequest(ctx.rng, ctx.fx), i)
    }
  }
}
