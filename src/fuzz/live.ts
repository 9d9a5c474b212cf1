/**
 * Target (c): the live handlers over real libp2p streams, in process. A real
 * host (with one authorized admin, played by the fuzzer) and its honest
 * member node; a second node (the "victim") pinned to a host the fuzzer
 * controls, so deployments can be announced to it and its push handler
 * reached past the offer; and attacker peers that open streams on every
 * protocol and send random and mutated frames. After every batch the host
 * must answer status within a second, its honest member must still be
 * joined, and the victim too.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { fetchStatus } from '../node/admin/status.js'
import { createNode } from '../node/client/index.js'
import { createHost } from '../node/host/index.js'
import { generateKey } from '../node/identity.js'
import { createCascadeLibp2p } from '../node/libp2p.js'
import { validateAddressees } from '../node/relay/addressees.js'
import { ADMIN_PROTOCOL, AdminRequest, AdminResponse, MAX_ADMIN_REQUEST_BYTES } from '../protocols/admin/index.js'
import { HostMessage, JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../protocols/join/index.js'
import { SignedManifest } from '../protocols/manifest/index.js'
import { PROBE_PROTOCOL, ProbeRequest } from '../protocols/probe/index.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk } from '../protocols/publish/index.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame, PushReply } from '../protocols/push/index.js'
import { MAX_STATUS_REQUEST_BYTES, STATUS_PROTOCOL, StatusRequest } from '../protocols/status/index.js'
import { SAMPLES, sampleBuilder } from './codecs.js'
import { FakeHost } from './fake-host.js'
import { sha256 } from './fixture.js'
import { frameWith, parseFrames, splitWrites } from './frames.js'
import { mutate } from './mutate.js'
import { runSession } from './session.js'
import { hex } from './stats.js'
import { timeUp, within } from './target.js'
import { concat } from './wire.js'
import type { Fixture } from './fixture.js'
import type { Rng } from './rng.js'
import type { SessionPlan, SessionResult } from './session.js'
import type { FuzzTarget, TargetContext } from './target.js'
import type { CascadeHost } from '../node/host/index.js'
import type { CascadeNode } from '../node/client/index.js'
import type { CascadeLibp2p } from '../node/libp2p.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Sessions between two liveness checks. */
const BATCH = 50
/** Sessions in flight at once. */
const CONCURRENCY = 16
/**
 * A push whose offer names a deployment the node has not heard of waits 10 s
 * for the notice (NOTICE_WAIT_MS): at most this many at once, and none in a
 * short run (a late one would hold the run for 10 s; hostile-frames covers it).
 */
const SLOW_LANE = 3
const SLOW_LANE_MIN_SESSIONS = 1_000
const SLOW_TIMEOUT_MS = 13_000
/** The host must answer status within this (brief: within a second), tried up to STATUS_TRIES times per check. */
const STATUS_TIMEOUT_MS = 1_000
const STATUS_TRIES = 3
/** A node that lost its control channel (the control fuzzing breaks it on purpose) must be back within this. */
const REJOIN_MS = 5_000
/** Deployments announced to the victim at once; rotated so that some are always incomplete. */
const LIVE_DEPLOYMENTS = 3
const ROTATE_EVERY = 60

const SAFE_DEPLOYMENT_ID = /^fz-[0-9]+$/
const PLAIN_ID = /^(?!\.\.?$)[A-Za-z0-9._-]{1,64}$/

interface Network {
  host: CascadeHost
  hostAddr: Multiaddr
  member: CascadeNode
  memberAddr: Multiaddr
  fakeHost: FakeHost
  victim: CascadeNode
  victimAddr: Multiaddr
  attackers: CascadeLibp2p[]
  admin: CascadeLibp2p
  dirs: string[]
  /** the admin's publish sessions run one at a time */
  adminBusy: boolean
  slowInFlight: number
  slowLane: number
  /** a deployment found holding the host after its upload failed */
  wedgedId?: string
  nextDeployment: number
  pushesSinceRotation: number
  fixtureAddrs: Set<string>
  maxStatusMs: number
}

type Planned = SessionPlan & {
  /** an invariant on what came back; returns why it is broken */
  check?(result: SessionResult): string | undefined
  slow?: boolean
  done?(): void
}

interface SessionKind {
  name: string
  weight: number
  /** a plan, or a reason to skip this input */
  plan(net: Network, rng: Rng, fx: Fixture): Planned | string
}

/** A sample of `type`, valid or mutated, or plain random bytes. */
function payloadOf (rng: Rng, fx: Fixture, type: string, encode: (value: any) => Uint8Array<ArrayBuffer>, maxLength = 64 * 1024): Uint8Array<ArrayBuffer> {
  const builder = sampleBuilder(type)
  const r = rng.float()
  if (r < 0.1 || builder == null) {
    return rng.bytes(rng.size(2048))
  }
  const valid = encode(builder(rng, fx))
  return r < 0.4 ? valid : mutate(rng, valid, maxLength)
}

function decodeOr<T> (decode: (bytes: Uint8Array) => T, bytes: Uint8Array): T | undefined {
  try {
    return decode(bytes)
  } catch {
    return undefined
  }
}

/** The first frame, pre-decoded, as the node will see it (when the framing is honest). */
function firstFrameOf (bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> | undefined {
  return parseFrames(bytes, 1)[0]
}

function attacker (net: Network, rng: Rng): CascadeLibp2p {
  return rng.pick(net.attackers)
}

const joinHost: SessionKind = {
  name: 'join → host',
  weight: 4,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'join/JoinRequest', v => JoinRequest.encode(v)), MAX_CONTROL_MESSAGE_BYTES)
    const rest = rng.bool(0.5)
      ? Array.from({ length: rng.range(1, 3) }, () => frameWith(rng, payloadOf(rng, fx, 'join/NodeMessage', v => NodeMessage.encode(v)), MAX_CONTROL_MESSAGE_BYTES, 0.6).bytes)
      : []
    return {
      dialer: attacker(net, rng),
      to: net.hostAddr,
      protocol: JOIN_PROTOCOL,
      writes: splitWrites(rng, concat([first.bytes, ...rest])),
      closeWrite: rng.bool(0.9),
      timeoutMs: 700,
      check (result) {
        const answer = parseFrames(result.received, 1)[0]
        if (answer != null && decodeOr(b => JoinResponse.decode(b), answer) == null) {
          return 'the host answered a join with something that is not a JoinResponse'
        }
        return undefined
      }
    }
  }
}

const statusHost: SessionKind = {
  name: 'status → host',
  weight: 3,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'status/StatusRequest', v => StatusRequest.encode(v), 2048), MAX_STATUS_REQUEST_BYTES)
    return {
      dialer: attacker(net, rng),
      to: net.hostAddr,
      protocol: STATUS_PROTOCOL,
      writes: splitWrites(rng, rng.bool(0.2) ? concat([first.bytes, rng.bytes(rng.size(512))]) : first.bytes),
      closeWrite: rng.bool(0.9),
      timeoutMs: 1_500
    }
  }
}

function neverGranted (result: SessionResult): string | undefined {
  for (const frame of parseFrames(result.received)) {
    if (decodeOr(b => PublishEvent.decode(b), frame)?.decision?.granted === true) {
      return 'the host granted a publish to a peer that is not an authorized admin'
    }
  }
  return undefined
}

const publishHost: SessionKind = {
  name: 'publish → host',
  weight: 2,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'publish/PublishRequest', v => PublishRequest.encode(v)), MAX_PUBLISH_FRAME_BYTES)
    return {
      dialer: attacker(net, rng),
      to: net.hostAddr,
      protocol: PUBLISH_PROTOCOL,
      writes: splitWrites(rng, first.bytes),
      closeWrite: rng.bool(0.9),
      timeoutMs: 1_500,
      check: neverGranted
    }
  }
}

/** The authorized admin: a valid request (usually), then hostile upload frames. The package can never complete. */
const publishAsAdmin: SessionKind = {
  name: 'publish (admin) → host',
  weight: 2,
  plan (net, rng, fx) {
    if (net.adminBusy) {
      return 'admin session already running'
    }
    const pkg = fx.adminPkg
    const request = PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: rng.int(4) })
    const first = rng.bool(0.85) ? frameWith(rng, request, MAX_PUBLISH_FRAME_BYTES, 1) : frameWith(rng, mutate(rng, request, 64 * 1024), MAX_PUBLISH_FRAME_BYTES)
    const uploads = Array.from({ length: rng.range(0, 6) }, () => {
      const index = rng.int(pkg.chunks.length)
      const valid = UploadChunk.encode({ index, data: pkg.chunks[index] })
      return frameWith(rng, rng.bool(0.4) ? valid : mutate(rng, valid, 64 * 1024), MAX_PUBLISH_FRAME_BYTES, 0.7).bytes
    })
    // sometimes the admin vanishes right after its request, before the host's answer
    const vanish = rng.bool(0.15)
    net.adminBusy = true
    return {
      dialer: net.admin,
      to: net.hostAddr,
      protocol: PUBLISH_PROTOCOL,
      writes: vanish ? [first.bytes] : splitWrites(rng, concat([first.bytes, ...uploads])),
      closeWrite: true,
      timeoutMs: 3_000,
      afterWrites: vanish ? async (stream) => { stream.abort(new Error('the admin vanished')) } : undefined,
      // checkLiveness then checks that the failed upload did not leave its deployment holding the host
      done () { net.adminBusy = false }
    }
  }
}

/** Every address is one of the fixture's (all loopback), or unparseable: a node dials what it is given. */
function dialsOnlyFixture (net: Network, entries: ReadonlyArray<{ addrs: Uint8Array[] }> | undefined): boolean {
  for (const entry of entries ?? []) {
    for (const addr of entry.addrs) {
      let text: string
      try {
        text = multiaddr(addr).toString()
      } catch {
        continue
      }
      if (!net.fixtureAddrs.has(text)) {
        return false
      }
    }
  }
  return true
}

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

const pushVictim: SessionKind = { name: 'push → victim node', weight: 5, plan: (net, rng, fx) => pushTo(net, rng, fx, true) }
const pushMember: SessionKind = { name: 'push → member node', weight: 2, plan: (net, rng, fx) => pushTo(net, rng, fx, false) }

const probeMember: SessionKind = {
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
const probeVictim: SessionKind = {
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

/** Admin requests from a peer that is not an admin: every one must be refused (the host handles it once admin-service is wired in). */
const adminHost: SessionKind = {
  name: 'admin → host',
  weight: 1,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'admin/AdminRequest', v => AdminRequest.encode(v)), MAX_ADMIN_REQUEST_BYTES)
    return {
      dialer: attacker(net, rng),
      to: net.hostAddr,
      protocol: ADMIN_PROTOCOL,
      writes: splitWrites(rng, first.bytes),
      closeWrite: rng.bool(0.9),
      timeoutMs: 1_500,
      check (result) {
        for (const frame of parseFrames(result.received)) {
          const response = decodeOr(b => AdminResponse.decode(b), frame)
          if (response != null && response.error === '') {
            return 'the host answered an admin request from a peer that is not an admin without refusing it'
          }
        }
        return undefined
      }
    }
  }
}

const wrongProtocol: SessionKind = {
  name: 'unhandled protocol',
  weight: 0.5,
  plan (net, rng) {
    const [to, protocol] = rng.pick<[Multiaddr, string]>([
      [net.hostAddr, PUSH_PROTOCOL], [net.hostAddr, PROBE_PROTOCOL], [net.hostAddr, '/cascade/join/2.0.0'],
      [net.memberAddr, JOIN_PROTOCOL], [net.memberAddr, STATUS_PROTOCOL], [net.memberAddr, PUBLISH_PROTOCOL]
    ])
    return { dialer: attacker(net, rng), to, protocol, writes: [rng.bytes(rng.size(64))], closeWrite: true, timeoutMs: 1_000 }
  }
}

const KINDS: SessionKind[] = [joinHost, statusHost, publishHost, publishAsAdmin, adminHost, pushVictim, pushMember, probeMember, probeVictim, wrongProtocol]

/** Hostile HostMessages on the victim's control channel, from its (fake) host: not a stream session. */
async function fuzzControl (ctx: TargetContext, net: Network, rng: Rng): Promise<void> {
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

function describeEnd (plan: Planned, result: SessionResult): string {
  if (result.end === 'left open') {
    // after our clean half-close the peer has nothing left to wait for: a stream it never ends is leaked
    return plan.closeWrite ? 'left open after our close' : 'still open (we never closed)'
  }
  return result.error != null ? `${result.end} (${result.error})` : result.end
}

/** Refusal reasons with the specifics (peer ids, numbers, quoted values) taken out, so they group. */
export function reasonKey (protocol: string, reason: string): string {
  const short = protocol.replace(/^\/cascade\//, '').replace(/\/1\.0\.0$/, '')
  const generic = reason
    .replace(/12D3Koo[1-9A-HJ-NP-Za-km-z]+/g, '<peer>')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 90)
  return `${short}: ${generic}`
}

async function startNetwork (ctx: TargetContext, sessions: number): Promise<Network> {
  const dirs = await Promise.all([0, 1, 2].map(async i => mkdtemp(join(ctx.workDir, `live-${i}-`))))
  const adminKey = ctx.fx.publisher
  const joinToken = ctx.fx.joinToken
  // status for anyone: the liveness check asks as an ephemeral peer
  const host = createHost({ dataDir: dirs[0], admins: [peerIdFromPrivateKey(adminKey).toString()], joinToken, probeDurationMs: 50, stallTimeoutMs: 2_000, maxAttempts: 1, statusAccess: 'anyone' })
  host.on('refused', ({ protocol, reason }) => { ctx.stats.outcome('live host refusals', reasonKey(protocol, reason)) })
  await host.start()
  const member = createNode({ dataDir: dirs[1], host: host.multiaddrs()[0], joinToken, reconnectMinMs: 100, reconnectMaxMs: 1_000 })
  await member.start()
  const fakeHost = await FakeHost.start()
  const victim = createNode({ dataDir: dirs[2], host: fakeHost.address, reconnectMinMs: 100, reconnectMaxMs: 1_000 })
  await victim.start()
  const attackers = await Promise.all([0, 1, 2, 3, 4, 5].map(async () => createCascadeLibp2p({ privateKey: await generateKey() })))
  const admin = await createCascadeLibp2p({ privateKey: adminKey })
  const net: Network = {
    host,
    hostAddr: multiaddr(host.multiaddrs()[0]),
    member,
    memberAddr: multiaddr(member.multiaddrs()[0]),
    fakeHost,
    victim,
    victimAddr: multiaddr(victim.multiaddrs()[0]),
    attackers,
    admin,
    dirs,
    adminBusy: false,
    slowInFlight: 0,
    slowLane: sessions >= SLOW_LANE_MIN_SESSIONS ? SLOW_LANE : 0,
    nextDeployment: 0,
    pushesSinceRotation: 0,
    fixtureAddrs: new Set(ctx.fx.addrs.map(addr => multiaddr(addr).toString())),
    maxStatusMs: 0
  }
  const deadline = Date.now() + 10_000
  while (!(member.joined && victim.joined && fakeHost.connected)) {
    if (Date.now() > deadline) {
      throw new Error('the live network did not come up within 10 s')
    }
    await sleep(25)
  }
  for (let i = 0; i < LIVE_DEPLOYMENTS; i++) {
    rotate(net, ctx.fx)
  }
  return net
}

/** Announces a fresh deployment to the victim and cancels the oldest, so some stores are always incomplete. */
function rotate (net: Network, fx: Fixture): void {
  net.fakeHost.want(`fz-${net.nextDeployment++}`, fx.pkg.manifest.id)
  const ids = [...net.fakeHost.announced.keys()].filter(id => SAFE_DEPLOYMENT_ID.test(id))
  if (ids.length > LIVE_DEPLOYMENTS) {
    net.fakeHost.drop(ids[0])
  }
  net.pushesSinceRotation = 0
}

async function stopNetwork (net: Network): Promise<void> {
  await Promise.allSettled([...net.attackers, net.admin].map(async peer => peer.stop()))
  await net.victim.stop().catch(() => {})
  await net.fakeHost.stop().catch(() => {})
  await net.member.stop().catch(() => {})
  await net.host.stop().catch(() => {})
  await Promise.all(net.dirs.map(async dir => rm(dir, { recursive: true, force: true })))
}

/** The daemon carries on: status within a second, the honest member joined and listed online, the victim joined. */
async function checkLiveness (ctx: TargetContext, net: Network, afterSession: number): Promise<void> {
  const target = 'live liveness'
  ctx.stats.input(target)
  let answered = false
  let lastError = ''
  for (let attempt = 0; attempt < STATUS_TRIES && !answered; attempt++) {
    const started = performance.now()
    try {
      const status = await within(fetchStatus(net.hostAddr.toString(), { timeoutMs: STATUS_TIMEOUT_MS }), STATUS_TIMEOUT_MS + 500, 'fetchStatus')
      const ms = performance.now() - started
      net.maxStatusMs = Math.max(net.maxStatusMs, ms)
      const honest = status.members.find(m => m.peerId === net.member.peerId.toString())
      if (honest?.online !== true) {
        lastError = 'the honest member is not listed online'
        await sleep(500)
        continue
      }
      answered = true
    } catch (err: any) {
      lastError = `status did not answer within ${STATUS_TIMEOUT_MS} ms: ${err.message}`
      ctx.stats.note(target, 'a status attempt failed (retried)')
    }
  }
  const deadline = Date.now() + REJOIN_MS
  while (!(net.member.joined && net.victim.joined) && Date.now() < deadline) {
    await sleep(50)
  }
  // a failed upload must not leave its deployment holding the host (reported once: it lasts until a restart)
  const wedged = (): boolean => net.host.deployment != null && !net.host.deployment.finished && !net.adminBusy
  const wedgeDeadline = Date.now() + (net.wedgedId != null ? 0 : 1_500)
  while (wedged() && Date.now() < wedgeDeadline) {
    await sleep(50)
  }
  const stuck = wedged() ? net.host.deployment?.id : undefined
  const newlyStuck = stuck != null && stuck !== net.wedgedId
  if (stuck != null) {
    net.wedgedId = stuck
  }
  const problems = [
    answered ? undefined : lastError,
    net.member.joined ? undefined : 'the honest member is not joined',
    net.victim.joined ? undefined : `the victim node did not re-join its host within ${REJOIN_MS} ms`,
    newlyStuck ? `deployment ${stuck} is still active after its upload failed (it blocks every later publish until the host restarts)` : undefined
  ].filter(problem => problem != null)
  ctx.stats.outcome(target, problems.length === 0 ? 'alive' : 'NOT ALIVE')
  for (const problem of problems) {
    ctx.stats.fail({ target, kind: 'liveness', message: `after session ${afterSession}: ${problem}` })
  }
}

export const liveTarget: FuzzTarget = {
  name: 'live',
  weight: 3,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    if (iterations <= 0) {
      return
    }
    const rng = ctx.rng
    const net = await startNetwork(ctx, iterations)
    const inFlight = new Set<Promise<void>>()
    const slowFlight = new Set<Promise<void>>()
    let started = 0
    try {
      const one = async (index: number): Promise<void> => {
        if (rng.bool(0.06)) {
          await fuzzControl(ctx, net, rng)
          return
        }
        // an input that cannot be sent (see the notes) is replaced by another, so the budget is spent on sessions
        let kind: SessionKind | undefined
        let plan: Planned | undefined
        for (let attempt = 0; attempt < 8 && plan == null; attempt++) {
          kind = rng.weighted(KINDS.map(k => [k.weight, k] as const))
          const planned = kind.plan(net, rng, ctx.fx)
          if (typeof planned === 'string') {
            ctx.stats.note(`live ${kind.name}`, `skipped: ${planned}`)
          } else {
            plan = planned
          }
        }
        if (kind == null || plan == null) {
          return
        }
        const name = `live ${kind.name}`
        ctx.stats.input(name)
        let result: SessionResult
        try {
          result = await within(runSession(plan), plan.timeoutMs + 5_000, `${kind.name} session`)
        } catch (err: any) {
          ctx.stats.outcome(name, err.name)
          ctx.stats.fail({ target: name, kind: err.name === 'FuzzTimeoutError' ? 'hang' : 'crash', message: err.message, input: hex(concat(plan.writes)), iteration: index })
          return
        } finally {
          plan.done?.()
        }
        ctx.stats.outcome(name, describeEnd(plan, result))
        const broken = plan.check?.(result)
        if (broken != null) {
          ctx.stats.fail({ target: name, kind: 'invariant', message: broken, input: hex(concat(plan.writes)), iteration: index })
        }
      }
      // liveness is checked every BATCH sessions while the next ones keep running: the daemon must answer under load
      let liveness: Promise<void> = Promise.resolve()
      let checking = false
      while (started < iterations && !timeUp(ctx)) {
        if (net.pushesSinceRotation >= ROTATE_EVERY) {
          rotate(net, ctx.fx)
        }
        const index = started++
        const slowBefore = net.slowInFlight
        const session: Promise<void> = one(index).catch((err: any) => {
          ctx.stats.fail({ target: 'live', kind: 'crash', message: `session ${index} failed in the fuzzer itself: ${err?.stack ?? err}` })
        })
        // a slow-lane session (10 s notice wait) does not hold a concurrency slot
        const lane = net.slowInFlight > slowBefore ? slowFlight : inFlight
        lane.add(session)
        void session.finally(() => lane.delete(session))
        if (inFlight.size >= CONCURRENCY) {
          await Promise.race(inFlight)
        }
        if (started % BATCH === 0 && !checking) {
          checking = true
          ctx.monitor.sample()
          liveness = checkLiveness(ctx, net, started).finally(() => { checking = false })
        }
      }
      await Promise.all([...inFlight, ...slowFlight, liveness])
      await checkLiveness(ctx, net, started)
      ctx.stats.note('live liveness', `slowest status answer ${net.maxStatusMs.toFixed(0)} ms`)
      for (const [kind, count] of net.fakeHost.received) {
        ctx.stats.note('live control (from its host) → victim node', `victim sent ${kind}`, count)
      }
      ctx.stats.note('live control (from its host) → victim node', 'victim joins (1 + re-joins after broken channels)', net.fakeHost.joins)
    } finally {
      await stopNetwork(net)
    }
  }
}
