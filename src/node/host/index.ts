/**
 * The host: the fleet's root. It keeps the membership registry, measures
 * each member's speed, answers status, receives updates from admins and
 * seeds them down the relay tree (docs/update-flow.md).
 */
import { Host } from './host.js'
import type { FailedPair } from './failed-pairs.js'
import type { Measurement, MemberRecord } from './database.js'
import type { StatusAccess } from './components.js'
import type { Deployment } from './deployment/index.js'
import type { PeerId } from '@libp2p/interface'
import type { EventEmitter } from 'node:events'
import type { DeploymentFinished, DeploymentStarted } from './deployment-events.js'

export interface CascadeHostInit {
  /** identity, database and buffered packages live here */
  dataDir: string
  /** multiaddrs to listen on; default /ip4/127.0.0.1/tcp/0 */
  listen?: string[]
  /** bytes/s cap on everything the host sends on Cascade's protocols */
  uploadLimit?: number
  /**
   * peer ids of admins to authorize at start, besides those already kept in
   * the database (admins.ts): the bootstrap; `cascade admin add` adds more
   */
  admins?: string[]
  /** who may read status: `admins` (the default) or `anyone` (a lab, a demo) */
  statusAccess?: StatusAccess
  /** let any peer join; by default a new node must present the join token once */
  openEnrollment?: boolean
  /** the join token; by default one is made on first start and kept in the data dir */
  joinToken?: string
  /** how long each part of a speed probe lasts (two uploads, then a download: src/node/host/prober.ts) */
  probeDurationMs?: number
  /** a re-joining member whose measurement is younger than this is not probed again (default 10 min) */
  remeasureAfterMs?: number
  /** control-channel heartbeat period (tests shorten it) */
  heartbeatIntervalMs?: number
  /** default cap on any node's children in the relay tree */
  maxFanout?: number
  /** a node without progress for this long is retried */
  stallTimeoutMs?: number
  /** attempts per node before it is reported failed */
  maxAttempts?: number
  /** pace every push of a deployment at this share of the sender's measured upload (src/node/flow/pacing.ts); none by default */
  paceShare?: number
  /** HOST:PORT for the web dashboard and /metrics (docs/dashboard.md); none unless given */
  http?: string
  /** `--trust-root FILE`: the fleet's root metadata, or the next version of the one kept (docs/security.md) */
  trustRoot?: string
  /** `--timestamp-lifetime MS`: how long each timestamp this host signs is fresh */
  timestampLifetimeMs?: number
  /** a site host (src/node/site/) serves its parent's timestamps and signs none itself */
  timestampsFromParent?: boolean
}

export interface MemberStatus extends MemberRecord {
  /** the member's control channel is open now */
  online: boolean
}

export interface HostEvents {
  'member:joined': [{ peerId: string, version: string }]
  'member:left': [{ peerId: string }]
  'member:measured': [{ peerId: string } & Measurement]
  /** a parent could not open a connection to its planned child: the pair is not planned again (docs/internet.md) */
  'pair:failed': [FailedPair]
  refused: [{ peer: string, protocol: string, reason: string }]
  /** a rollout (or a late member's catch-up, `catchUp: true`) started */
  'deployment:started': [DeploymentStarted]
  /** ...and ended: its state, every failure with its reason, its figures */
  'deployment:finished': [DeploymentFinished]
}

export interface CascadeHost extends EventEmitter<HostEvents> {
  readonly peerId: PeerId
  /** what a new node presents to enroll (undefined with open enrollment) */
  readonly joinToken: string | undefined
  /** full multiaddrs, each ending in /p2p/<host peer id> */
  multiaddrs(): string[]
  start(): Promise<void>
  stop(): Promise<void>
  /** members, fastest uploaders first */
  members(): MemberStatus[]
  measure(peer: PeerId): Promise<Measurement>
  remeasure(): Promise<void>
  /** the deployment running now, or the last one since the host started */
  readonly deployment: Deployment | undefined
  /** `http://HOST:PORT` of the dashboard and /metrics, when started with `http` */
  readonly httpUrl: string | undefined
}

export function createHost (init: CascadeHostInit): CascadeHost {
  return new Host(init)
}

export { HOST_DATABASE_FILE } from './host.js'
export { STATUS_ACCESS } from './components.js'
export type { StatusAccess } from './components.js'
export { BOOTSTRAP_ACTOR, checkPeerId } from './admins.js'
export type { MemberRecord, Measurement } from './database.js'
export type { DeploymentStarted, DeploymentFinished } from './deployment-events.js'
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_STALL_TIMEOUT_MS } from './deployment/index.js'
export { DEFAULT_PROBE_DURATION_MS } from './prober.js'
