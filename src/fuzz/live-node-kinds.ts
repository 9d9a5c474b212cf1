/**
 * Live fuzz sessions against the nodes: hostile pushes to the victim (past
 * the offer, for deployments its fake host announced) and to the honest
 * member, probes, and hostile HostMessages on the victim's control channel.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { validateAddressees } from '../node/relay/addressees.js'
import { HostMessage, MAX_CONTROL_MESSAGE_BYTES } from '../protocols/join/index.js'
import { SignedManifest } from '../protocols/manifest/index.js'
import { PROBE_PROTOCOL, ProbeRequest } from '../protocols/probe/index.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame, PushReply } from '../protocols/push/index.js'
import { SAMPLES } from './codecs.js'
import { sha256 } from './fixture.js'
import { frameWith, parseFrames, splitWrites } from './frames.js'
import { SAFE_DEPLOYMENT_ID, SLOW_TIMEOUT_MS, dialsOnlyFixture } from './live-network.js'
import { attacker, decodeOr, firstFrameOf, payloadOf } from './live-session-kind.js'
import { mutate } from './mutate.js'
import { concat } from './wire.js'
import type { Fixture } from './fixture.js'
import type { Network } from './live-network.js'
import type { Planned, SessionKind } from './live-session-kind.js'
import type { Rng } from './rng.js'
import type { SessionResult } from './session.js'
import type { TargetContext } from './target.js'

const PLAIN_ID = /^(?!\.\.?$)[A-Za-z0-9._-]{1,64}$/

/** An accepted offer must carry the announced manifest and a valid addressee list. */
function acceptedOnlyIfValid (net: Network, fx: Fixture, offerFrame: PushFrame | undefined, self: string, announced: ReadonlyMap<string, string>): (result: SessionResult) => string | undefined {
  return (result) => {
    const replies = parseFrames(result.received).map(frame => decodeOr(b => PushReply.decode(b), frame))
    if (!replies.some(reply => reply?.accept != null)) {
      return undefined
    }
    const offer = offerFrame?.offer
    if (offer == null) {
      return 'a node accepted a push that did not start with an offer'
    }
    if (!announced.has(offer.deploymentId)) {
      return `a node accepted a push for deployment ${JSON.stringify(offer.deploymentId)}, which its host never started`
    }
    const inner = decodeOr(b => SignedManifest.decode(b), offer.signedManifest)
    if (inner == null || Buffer.from(sha256(inner.manifest)).toString('hex') !== announced.get(offer.deploymentId)) {
      return 'a node accepted an offer whose manifest is not the one its host announced'
    }
    try {
      validateAddressees(offer.subtree, self)
    } catch (err: any) {
      return `a node accepted an offer with an invalid addressee list: ${err.message}`
    }
    return undefined
  }
}

function pushTo (net: Network, rng: Rng, fx: Fixture, toVictim: boolean): Planned | string {
  const target = toVictim ? net.victim : net.member
  const announced: ReadonlyMap<string, string> = toVictim ? net.fakeHost.announced : new Map()
  const ids = [...announced.keys()]
  const pkg = fx.pkg
  // a valid offer for an announced deployment, then chunks; each piece possibly mutated
  const offer = PushFrame.encode({
    offer: {
      deploymentId: ids.length > 0 && rng.bool(0.9) ? rng.pick(ids) : `fz-unknown-${rng.int(1000)}`,
      signedManifest: rng.bool(0.9) ? pkg.signedManifest : fx.adminPkg.signedManifest,
      subtree: rng.bool(0.7) ? [] : (SAMPLES['push/PushOffer'](rng, fx) as PushFrame['offer'])?.subtree ?? [],
      storeAndForward: rng.bool(0.1),
      stripe: rng.bool(0.2) ? { index: rng.int(9), count: rng.int(10) } : undefined
    }
  })
  const firstPayload = rng.weighted<() => Uint8Array<ArrayBuffer>>([
    [5, () => offer],
    [4, () => mutate(rng, offer, 64 * 1024)],
    [1, () => payloadOf(rng, fx, 'push/PushFrame', v => PushFrame.encode(v))]
  ])()
  const first = frameWith(rng, firstPayload, MAX_PUSH_FRAME_BYTES, 0.85)
  const chunks = Array.from({ length: rng.range(0, 6) }, () => {
    const index = rng.int(pkg.chunks.length)
    const valid = PushFrame.encode({ chunk: { index, data: pkg.chunks[index] } })
    return frameWith(rng, rng.bool(0.5) ? valid : mutate(rng, valid, 64 * 1024), MAX_PUSH_FRAME_BYTES, 0.8).bytes
  })
  const writes = concat([first.bytes, ...chunks])
  // the node's first frame is whatever the first length prefix claims, chunks included when it lies
  const firstFrame = firstFrameOf(writes)
  const decoded = firstFrame == null ? undefined : decodeOr(b => PushFrame.decode(b), firstFrame)
  if (!dialsOnlyFixture(net, decoded?.offer?.subtree)) {
    return 'offer names addresses outside the loopback fixture (the node would dial them)'
  }
  const offerId = decoded?.offer?.deploymentId
  const slow = offerId != null && !announced.has(offerId)
  if (slow) {
    if (net.slowInFlight >= net.slowLane) {
      return `offer for a deployment the node never heard of (a 10 s wait), and the slow lane${net.slowLane === 0 ? ' is off in short runs' : ' is full'}`
    }
    net.slowInFlight++
  }
  return {
    dialer: attacker(net, rng),
    to: toVictim ? net.victimAddr : net.memberAddr,
    protocol: PUSH_PROTOCOL,
    writes: splitWrites(rng, writes),
    closeWrite: rng.bool(0.9),
    timeoutMs: slow ? SLOW_TIMEOUT_MS : 1_500,
    slow,
    check: acceptedOnlyIfValid(net, fx, decoded, target.peerId.toString(), new Map(announced)),
    done () {
      if (slow) {
        net.slowInFlight--
      }
      if (toVictim) {
        net.pushesSinceRotation++
      }
    }
  }
}

export const pushVictim: SessionKind = { name: 'push → victim node', weight: 5, plan: (net, rng, fx) => pushTo(net, rng, fx, true) }
export const pushMember: SessionKind = { name: 'push → member node', weight: 2, plan: (net, rng, fx) => pushTo(net, rng, fx, false) }

export const probeMember: SessionKind = {
  name: 'probe → member node',
  weight: 1,
  plan (net, rng, fx) {
    return {
      dialer: attacker(net, rng),
      to: net.memberAddr,
      protocol: PROBE_PROTOCOL,
      writes: [frameWith(rng, payloadOf(rng, fx, 'probe/ProbeRequest', v => ProbeRequest.encode(v)), 64 * 1024).bytes],
      closeWrite: rng.bool(0.5),
      timeoutMs: 1_500,
      check (result) {
        return result.received.byteLength > 0 ? `the node sent ${result.received.byteLength} bytes of probe to a peer that is not its host` : undefined
      }
    }
  }
}

/** Probes from the victim's own host: allowed, so only short ones are sent (a valid 10 s probe is not a finding). */
export const probeVictim: SessionKind = {
  name: 'probe (from its host) → victim node',
  weight: 1,
  plan (net, rng, fx) {
    const framed = frameWith(rng, payloadOf(rng, fx, 'probe/ProbeRequest', v => ProbeRequest.encode(v)), 64 * 1024)
    const frame = firstFrameOf(framed.bytes)
    const request = frame == null ? undefined : decodeOr(b => ProbeRequest.decode(b), frame)
    if (request != null && request.durationMs > 300 && request.durationMs <= 10_000) {
      return 'a valid probe longer than 300 ms'
    }
    return {
      dialer: net.fakeHost.libp2p,
      to: net.victimAddr,
      protocol: PROBE_PROTOCOL,
      writes: [framed.bytes, ...(rng.bool(0.5) ? [frameWith(rng, rng.bytes(rng.size(4096)), 64 * 1024, 0.8).bytes] : [])],
      closeWrite: true,
      timeoutMs: 2_000
    }
  }
}

/** Hostile HostMessages on the victim's control channel, from its (fake) host: not a stream session. */
export async function fuzzControl (ctx: TargetContext, net: Network, rng: Rng): Promise<void> {
  const name = 'live control (from its host) → victim node'
  const framed = frameWith(rng, payloadOf(rng, ctx.fx, 'join/HostMessage', v => HostMessage.encode(v), MAX_CONTROL_MESSAGE_BYTES), MAX_CONTROL_MESSAGE_BYTES, 0.7)
  // every frame the node will read from these bytes (a lying length makes the rest a frame of its own)
  const messages = parseFrames(framed.bytes).map(frame => decodeOr(b => HostMessage.decode(b), frame))
  if (!messages.every(m => dialsOnlyFixture(net, m?.relay?.targets))) {
    ctx.stats.note(name, 'skipped: relay targets outside the loopback fixture (the node would dial them)')
    return
  }
  const ids = messages.flatMap(m => [m?.deploy?.deploymentId, m?.cancel?.deploymentId, m?.relay?.deploymentId, m?.stopRelaying?.deploymentId]).filter(id => id != null)
  if (ids.some(id => SAFE_DEPLOYMENT_ID.test(id))) {
    // the push fuzzing owns these ids
    ctx.stats.note(name, 'skipped: names a deployment the push fuzzing uses')
    return
  }
  if (ids.some(id => !PLAIN_ID.test(id))) {
    // a node names its chunk store after the id its host gives: keep the fuzz inside its temp dir
    ctx.stats.note(name, 'skipped: a deployment id that is not a plain file name')
    return
  }
  ctx.stats.input(name)
  const joinsBefore = net.fakeHost.joins
  await net.fakeHost.sendRaw(framed.bytes)
  await sleep(50)
  ctx.stats.outcome(name, `${framed.lie} frame → ${net.fakeHost.joins !== joinsBefore || !net.fakeHost.connected ? 'node dropped the channel' : 'channel kept'}`)
}

