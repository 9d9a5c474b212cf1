/**
 * Every protons message type of every wire protocol, found by walking the
 * generated modules under src/protocols (so a message added later is fuzzed
 * with random bytes without anyone touching this file), and valid sample
 * values for each known type, to mutate.
 */
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { multiaddr } from '@multiformats/multiaddr'
import { MAX_ADMIN_REQUEST_BYTES, MAX_ADMIN_RESPONSE_BYTES } from '../protocols/admin/index.js'
import { MAX_CONTROL_MESSAGE_BYTES } from '../protocols/join/index.js'
import { MAX_MANIFEST_BYTES } from '../protocols/manifest/index.js'
import { MAX_PUBLISH_EVENT_BYTES, MAX_PUBLISH_FRAME_BYTES } from '../protocols/publish/index.js'
import { MAX_PUSH_FRAME_BYTES } from '../protocols/push/index.js'
import { MAX_STATUS_REQUEST_BYTES, MAX_STATUS_RESPONSE_BYTES } from '../protocols/status/index.js'
import { NODE_STATES } from '../state/index.js'
import { FIXED_TIME } from './fixture.js'
import type { Fixture } from './fixture.js'
import type { Rng } from './rng.js'

export interface MessageCodec {
  /** `protocol/Message`, e.g. `push/PushFrame` */
  name: string
  encode(value: any): Uint8Array<ArrayBuffer>
  decode(bytes: Uint8Array, options?: any): any
}

/** Generated modules are the ones that import protons-runtime; the rest of a protocol folder is helpers. */
function isCodec (value: unknown): value is { encode: MessageCodec['encode'], decode: MessageCodec['decode'], codec: () => unknown } {
  const candidate = value as Record<string, unknown> | undefined
  return candidate != null && typeof candidate.encode === 'function' && typeof candidate.decode === 'function' && typeof candidate.codec === 'function'
}

/** Finds every message codec exported by src/protocols/<protocol>/*.js (next to this file once built). */
export async function discoverCodecs (): Promise<MessageCodec[]> {
  const root = new URL('../protocols/', import.meta.url)
  const found = new Map<unknown, MessageCodec>()
  for (const protocol of (await readdir(fileURLToPath(root), { withFileTypes: true })).filter(entry => entry.isDirectory()).map(entry => entry.name).sort()) {
    const dir = new URL(`${protocol}/`, root)
    for (const file of (await readdir(fileURLToPath(dir))).filter(name => name.endsWith('.js')).sort()) {
      const module = await import(new URL(file, dir).href) as Record<string, unknown>
      for (const [exportName, value] of Object.entries(module)) {
        if (isCodec(value) && !found.has(value)) {
          found.set(value, { name: `${protocol}/${exportName}`, encode: value.encode, decode: value.decode })
        }
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * The largest frame in which each message arrives from a peer, where it is
 * read as a whole frame; types only ever nested inside another are bounded by
 * their container.
 */
export const FRAME_BOUNDS: Readonly<Record<string, number>> = {
  'join/JoinRequest': MAX_CONTROL_MESSAGE_BYTES,
  'join/JoinResponse': MAX_CONTROL_MESSAGE_BYTES,
  'join/HostMessage': MAX_CONTROL_MESSAGE_BYTES,
  'join/NodeMessage': MAX_CONTROL_MESSAGE_BYTES,
  'status/StatusRequest': MAX_STATUS_REQUEST_BYTES,
  'status/StatusResponse': MAX_STATUS_RESPONSE_BYTES,
  'publish/PublishRequest': MAX_PUBLISH_FRAME_BYTES,
  'publish/UploadChunk': MAX_PUBLISH_FRAME_BYTES,
  'publish/PublishEvent': MAX_PUBLISH_EVENT_BYTES,
  'push/PushFrame': MAX_PUSH_FRAME_BYTES,
  'push/PushReply': MAX_PUSH_FRAME_BYTES,
  'probe/ProbeRequest': 64 * 1024,
  'probe/ProbeResult': 64 * 1024,
  'manifest/SignedManifest': MAX_MANIFEST_BYTES,
  'manifest/Manifest': MAX_MANIFEST_BYTES,
  'admin/AdminRequest': MAX_ADMIN_REQUEST_BYTES,
  'admin/AdminResponse': MAX_ADMIN_RESPONSE_BYTES
}

/**
 * Who can send each frame: a frame any peer (or any fleet member, or a relay)
 * can send must not decode into more than the memory bound; one only the
 * pinned host or an authorized admin sends is reported, not failed.
 */
export const FRAME_SENDERS: Readonly<Record<string, 'untrusted' | 'host'>> = {
  'join/JoinRequest': 'untrusted',
  'join/NodeMessage': 'untrusted',
  'join/JoinResponse': 'host',
  'join/HostMessage': 'host',
  'status/StatusRequest': 'untrusted',
  'status/StatusResponse': 'host',
  'publish/PublishRequest': 'untrusted',
  'publish/UploadChunk': 'untrusted',
  'publish/PublishEvent': 'host',
  'push/PushFrame': 'untrusted',
  'push/PushReply': 'untrusted',
  'probe/ProbeRequest': 'host',
  'probe/ProbeResult': 'untrusted',
  'manifest/SignedManifest': 'untrusted',
  'manifest/Manifest': 'untrusted',
  'admin/AdminRequest': 'untrusted',
  'admin/AdminResponse': 'host'
}

type SampleBuilder = (rng: Rng, fx: Fixture) => object

const text = (rng: Rng, max = 24): string => rng.string(rng.range(0, max), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+= /')
const count = (rng: Rng, max: number): number => rng.weighted([[3, 0], [5, rng.range(1, 3)], [1, rng.range(0, max)]])
const list = <T>(rng: Rng, max: number, item: () => T): T[] => Array.from({ length: count(rng, max) }, item)
const bytes = (rng: Rng, max = 32): Uint8Array<ArrayBuffer> => rng.bytes(rng.range(0, max))
const addrBytes = (rng: Rng, fx: Fixture): Uint8Array<ArrayBuffer> => multiaddr(rng.pick(fx.addrs)).bytes as Uint8Array<ArrayBuffer>
const bigish = (rng: Rng): number => rng.weighted([[4, rng.int(10_000)], [2, rng.int(2 ** 32)], [1, Number.MAX_SAFE_INTEGER]])
const state = (rng: Rng): string => rng.pick([...NODE_STATES, ''])
const deploymentId = (rng: Rng): string => `${rng.int(2 ** 40).toString(36)}-${rng.string(8, '0123456789abcdef')}`

const label = (rng: Rng): object => ({ key: rng.string(rng.range(1, 12)), value: text(rng) })
const payload = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), manifestId: fx.pkg.manifest.id, node: rng.pick(fx.peerIds), issuedAt: FIXED_TIME })
const statement = (rng: Rng, fx: Fixture): object => ({ payload: encodeKnown('join/AuthorizationPayload', payload(rng, fx)), signature: rng.bytes(64) })
const report = (rng: Rng): object => ({ deploymentId: deploymentId(rng), state: state(rng), bytesReceived: bigish(rng), bytesSent: bigish(rng), reason: text(rng), version: text(rng, 10) })
const resend = (rng: Rng): object => ({ deploymentId: deploymentId(rng), reason: text(rng), missing: rng.int(100) })
const badChunk = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), relay: rng.pick(fx.peerIds), index: rng.int(20), reason: text(rng) })
const notice = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), manifestId: fx.pkg.manifest.id })
const addressee = (rng: Rng, fx: Fixture, index = 0): object => ({ peerId: rng.pick(fx.peerIds), addrs: [addrBytes(rng, fx)], parent: rng.range(-1, index - 1) })
const offer = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), signedManifest: fx.pkg.signedManifest, subtree: Array.from({ length: count(rng, 4) }, (_, i) => addressee(rng, fx, i)) })
const relayRequest = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), manifestId: fx.pkg.manifest.id, targets: Array.from({ length: count(rng, 4) }, (_, i) => addressee(rng, fx, i)) })
const chunk = (rng: Rng, fx: Fixture): object => {
  const index = rng.int(fx.pkg.chunks.length)
  return { index, data: rng.bool(0.8) ? fx.pkg.chunks[index] : bytes(rng, 64) }
}
const progress = (rng: Rng, fx: Fixture): object => ({ peerId: rng.pick(fx.peerIds), state: state(rng), bytesReceived: bigish(rng), bytesSent: bigish(rng), reason: text(rng), version: text(rng, 10), at: FIXED_TIME, parent: rng.bool() ? '' : rng.pick(fx.peerIds) })
const planned = (rng: Rng, fx: Fixture): object => ({ peerId: rng.pick(fx.peerIds), parent: rng.bool() ? '' : rng.pick(fx.peerIds), uploadBps: bigish(rng), depth: rng.int(5), rank: rng.int(10), version: text(rng, 10) })
const plan = (rng: Rng, fx: Fixture): object => ({ nodes: list(rng, 6, () => planned(rng, fx)), streamRate: bigish(rng), depth: rng.int(5), lowerBoundMs: bigish(rng), hostUploadBps: bigish(rng) })
const summary = (rng: Rng, fx: Fixture): object => ({ deploymentId: deploymentId(rng), version: text(rng, 10), success: rng.bool(), hostBytesSent: bigish(rng), packageSize: bigish(rng), nodes: list(rng, 6, () => progress(rng, fx)), startedAt: FIXED_TIME, finishedAt: FIXED_TIME, lowerBoundMs: bigish(rng), hostChildren: rng.int(8) })
const decision = (rng: Rng): object => ({ granted: rng.bool(), reason: text(rng), deploymentId: deploymentId(rng), have: bytes(rng, 4) })
const member = (rng: Rng, fx: Fixture): object => ({ peerId: rng.pick(fx.peerIds), addrs: list(rng, 4, () => rng.pick(fx.addrs)), labels: list(rng, 4, () => label(rng)), version: text(rng, 10), uploadBps: bigish(rng), downloadBps: bigish(rng), rttMs: rng.int(500), lastSeen: FIXED_TIME, measuredAt: FIXED_TIME, online: rng.bool(), uploadLimit: bigish(rng) })

/** The sample builder of a message type, if there is one. */
export function sampleBuilder (name: string): SampleBuilder | undefined {
  return SAMPLES[name] ?? ADMIN_SAMPLES[name]
}

/** Valid values of every known message type (field names as the generated code spells them). */
export const SAMPLES: Readonly<Record<string, SampleBuilder>> = {
  'join/Label': (rng) => label(rng),
  'join/JoinRequest': (rng, fx) => ({
    version: rng.pick(['', '1.0.0', 'v2.3.4-rc1', text(rng, 64)]),
    listenAddrs: list(rng, 16, () => addrBytes(rng, fx)),
    labels: list(rng, 64, () => label(rng)),
    uploadLimit: bigish(rng),
    joinToken: rng.weighted([[6, fx.joinToken], [2, ''], [1, fx.joinToken.slice(0, -1)], [1, text(rng, 40)]])
  }),
  'join/JoinResponse': (rng) => ({ accepted: rng.bool(), reason: text(rng) }),
  'join/HostMessage': (rng, fx) => rng.pick([
    () => ({ heartbeat: { sentAt: FIXED_TIME } }),
    () => ({ deploy: notice(rng, fx) }),
    () => ({ authorization: statement(rng, fx) }),
    () => ({ cancel: { deploymentId: deploymentId(rng), reason: text(rng) } }),
    () => ({ stopRelaying: { deploymentId: deploymentId(rng), reason: text(rng) } }),
    () => ({ relay: relayRequest(rng, fx) })
  ])(),
  'join/RelayRequest': (rng, fx) => relayRequest(rng, fx),
  'join/RelayTarget': (rng, fx) => addressee(rng, fx, 3),
  'join/NodeMessage': (rng, fx) => rng.pick([
    () => ({ heartbeat: { sentAt: FIXED_TIME } }),
    () => ({ report: report(rng) }),
    () => ({ receipt: statement(rng, fx) }),
    () => ({ badChunk: badChunk(rng, fx) }),
    () => ({ needParent: { deploymentId: deploymentId(rng), lost: rng.pick(fx.peerIds), missing: rng.int(20), stripe: rng.bool(0.5) ? rng.int(12) : undefined } }),
    () => ({ resend: resend(rng) })
  ])(),
  'join/ResendRequest': resend,
  'join/NeedParent': (rng, fx) => ({ deploymentId: deploymentId(rng), lost: rng.pick(fx.peerIds), missing: rng.int(20) }),
  'join/StopRelaying': (rng) => ({ deploymentId: deploymentId(rng), reason: text(rng) }),
  'join/Heartbeat': (rng) => ({ sentAt: bigish(rng) }),
  'join/DeploymentNotice': notice,
  'join/DeploymentCancel': (rng) => ({ deploymentId: deploymentId(rng), reason: text(rng) }),
  'join/StateReport': (rng) => report(rng),
  'join/Receipt': statement,
  'join/InstallAuthorization': statement,
  'join/AuthorizationPayload': payload,
  'join/BadChunkReport': badChunk,
  'manifest/Manifest': (_rng, fx) => Manifest().decode(fx.pkg.manifest.bytes),
  'manifest/SignedManifest': (_rng, fx) => ({ manifest: fx.pkg.manifest.bytes, signature: fx.pkg.manifest.signature }),
  'probe/ProbeRequest': (rng) => ({ direction: rng.int(2), durationMs: rng.pick([0, 1, 100, 1000, 10_000, 10_001, 2 ** 32 - 1]) }),
  'probe/ProbeResult': (rng) => ({ bytes: bigish(rng), elapsedMs: rng.int(2000), firstFrameBytes: rng.int(65536) }),
  'publish/PublishRequest': (rng, fx) => ({ signedManifest: fx.pkg.signedManifest, maxFanout: rng.int(10) }),
  'publish/UploadChunk': chunk,
  'publish/PublishEvent': (rng, fx) => rng.pick([
    () => ({ decision: decision(rng), credit: { chunks: rng.int(9) } }),
    () => ({ credit: { chunks: rng.int(9) } }),
    () => ({ plan: plan(rng, fx) }),
    () => ({ progress: progress(rng, fx) }),
    () => ({ summary: summary(rng, fx) })
  ])(),
  'publish/PublishDecision': (rng) => decision(rng),
  'publish/UploadCredit': (rng) => ({ chunks: rng.int(9) }),
  'publish/DeploymentPlan': plan,
  'publish/PlannedNode': planned,
  'publish/NodeProgress': progress,
  'publish/DeploymentSummary': summary,
  'push/PushFrame': (rng, fx) => rng.bool(0.4) ? { offer: offer(rng, fx) } : { chunk: chunk(rng, fx) },
  'push/PushOffer': offer,
  'push/Addressee': (rng, fx) => addressee(rng, fx, 3),
  'push/Chunk': chunk,
  'push/PushReply': (rng) => rng.pick([
    () => ({ accept: { have: bytes(rng, 4) }, credit: { chunks: 8 } }),
    () => ({ credit: { chunks: rng.int(9) } }),
    () => ({ refusal: { reason: text(rng) } })
  ])(),
  'push/PushAccept': (rng) => ({ have: bytes(rng, 4) }),
  'push/PushCredit': (rng) => ({ chunks: rng.int(9) }),
  'push/PushRefusal': (rng) => ({ reason: text(rng) }),
  'status/StatusRequest': (rng) => ({ remeasure: rng.bool(0.2) }),
  'status/Member': member,
  'status/MemberLabel': (rng) => label(rng),
  'status/StatusResponse': (rng, fx) => ({ hostPeerId: rng.pick(fx.peerIds), hostAddrs: list(rng, 4, () => rng.pick(fx.addrs)), members: list(rng, 5, () => member(rng, fx)), error: rng.bool(0.8) ? '' : text(rng), sites: [] })
}

const group = (rng: Rng, fx: Fixture): object => ({ name: rng.string(rng.range(1, 12)), match: rng.pick(['', 'env=prod', 'site=a,env=b', text(rng)]), members: list(rng, 8, () => rng.pick(fx.peerIds)), createdAt: FIXED_TIME, createdBy: rng.pick(fx.peerIds) })
const rule = (rng: Rng, fx: Fixture): object => ({ id: rng.int(100), group: rng.string(6), package: rng.pick(['fuzz-app', '*', text(rng)]), versions: rng.pick(['*', '>=1.0.0', '1.2.x', text(rng)]), channel: rng.pick(['', 'stable', 'beta']), createdAt: FIXED_TIME, createdBy: rng.pick(fx.peerIds) })
const adminDeployment = (rng: Rng, fx: Fixture): object => ({ id: deploymentId(rng), name: 'fuzz-app', version: text(rng, 10), state: state(rng), reason: text(rng), publisher: rng.pick(fx.peerIds), createdAt: FIXED_TIME, startedAt: FIXED_TIME, finishedAt: FIXED_TIME, hostBytesSent: bigish(rng), nodeCount: rng.int(100), nodeStates: list(rng, 5, () => ({ state: state(rng), count: rng.int(100) })) })
const audit = (rng: Rng, fx: Fixture): object => ({ seq: rng.int(1e6), at: FIXED_TIME, actor: rng.pick(fx.peerIds), action: rng.pick(['publish', 'cancel', 'group-add']), deploymentId: deploymentId(rng), detail: text(rng) })
const admin = (rng: Rng, fx: Fixture): object => ({ peerId: rng.pick(fx.peerIds), addedAt: FIXED_TIME, addedBy: rng.pick([...fx.peerIds, 'host (--admin)']) })

/** Admin protocol samples (groups and rules, deployment control, the audit log; docs/fleet-rules.md). */
const ADMIN_SAMPLES: Readonly<Record<string, SampleBuilder>> = {
  'admin/AdminRequest': (rng, fx) => rng.pick([
    () => ({ groupAdd: { name: rng.string(6), match: 'env=prod', members: list(rng, 8, () => rng.pick(fx.peerIds)) } }),
    () => ({ groupRemove: { name: rng.string(6) } }),
    () => ({ groupList: {} }),
    () => ({ ruleAdd: { group: rng.string(6), package: 'fuzz-app', versions: '*', channel: 'stable' } }),
    () => ({ ruleRemove: { id: rng.int(100) } }),
    () => ({ ruleList: {} }),
    () => ({ deploymentList: { limit: rng.pick([0, 1, 50, 1000, 1001, 2 ** 32 - 1]) } }),
    () => ({ deploymentControl: { deploymentId: deploymentId(rng), action: rng.pick(['pause', 'resume', 'cancel', 'explode', '']) } }),
    () => ({ auditList: { limit: rng.pick([0, 200, 10_000, 10_001]), deploymentId: rng.bool() ? '' : deploymentId(rng) } }),
    () => ({ [rng.pick(['adminAdd', 'adminRemove', 'memberRemove'])]: { peerId: rng.bool(0.8) ? rng.pick(fx.peerIds) : text(rng) } }),
    () => ({ adminList: {} })
  ])(),
  'admin/AdminResponse': (rng, fx) => ({ error: rng.bool(0.7) ? '' : text(rng), done: text(rng), groups: list(rng, 3, () => group(rng, fx)), rules: list(rng, 3, () => rule(rng, fx)), deployments: list(rng, 3, () => adminDeployment(rng, fx)), audit: list(rng, 3, () => audit(rng, fx)), admins: list(rng, 3, () => admin(rng, fx)) }),
  'admin/PeerRef': (rng, fx) => ({ peerId: rng.pick(fx.peerIds) }),
  'admin/AdminList': () => ({}),
  'admin/Admin': admin,
  'admin/GroupAdd': (rng, fx) => ({ name: rng.string(6), match: text(rng), members: list(rng, 8, () => rng.pick(fx.peerIds)) }),
  'admin/GroupRemove': (rng) => ({ name: rng.string(6) }),
  'admin/GroupList': () => ({}),
  'admin/RuleAdd': (rng) => ({ group: rng.string(6), package: 'fuzz-app', versions: '*', channel: 'stable' }),
  'admin/RuleRemove': (rng) => ({ id: rng.int(100) }),
  'admin/RuleList': () => ({}),
  'admin/DeploymentList': (rng) => ({ limit: rng.int(2000) }),
  'admin/DeploymentControl': (rng) => ({ deploymentId: deploymentId(rng), action: rng.pick(['pause', 'resume', 'cancel']) }),
  'admin/AuditList': (rng) => ({ limit: rng.int(20_000), deploymentId: deploymentId(rng) }),
  'admin/Group': group,
  'admin/Rule': rule,
  'admin/Deployment': adminDeployment,
  'admin/NodeStateCount': (rng) => ({ state: state(rng), count: rng.int(100) }),
  'admin/AuditEntry': audit
}

let known: Map<string, MessageCodec> | undefined

/** Codecs by name, filled by {@link loadCodecs}. */
function codecNamed (name: string): MessageCodec {
  const codec = known?.get(name)
  if (codec == null) {
    throw new Error(`no codec ${name} (call loadCodecs first)`)
  }
  return codec
}

function encodeKnown (name: string, value: object): Uint8Array<ArrayBuffer> {
  return codecNamed(name).encode(value)
}

function Manifest (): MessageCodec {
  return codecNamed('manifest/Manifest')
}

export async function loadCodecs (): Promise<MessageCodec[]> {
  const codecs = await discoverCodecs()
  known = new Map(codecs.map(codec => [codec.name, codec]))
  return codecs
}

/** Valid encodings of `codec`: `count` samples, or just the empty message when the type has no builder. */
export function sampleEncodings (codec: MessageCodec, rng: Rng, fx: Fixture, count: number): Array<Uint8Array<ArrayBuffer>> {
  const builder = sampleBuilder(codec.name)
  if (builder == null) {
    return [codec.encode({})]
  }
  return Array.from({ length: count }, () => codec.encode(builder(rng, fx)))
}
