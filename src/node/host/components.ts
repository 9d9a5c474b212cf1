/**
 * What the host's services share, built once in host.ts `start()` and
 * handed to each (js-libp2p's `components`): the libp2p node, the database,
 * the upload limiter, the host's key, the open control channels, the rules,
 * the admins, and the configuration.
 */
import { DEFAULT_MAX_FANOUT } from '../../tree/index.js'
import type { AdminRegistry } from './admins.js'
import type { MemberChannels } from './member-channels.js'
import type { RulesStore } from './rules-store.js'
import type { HostDatabase, MemberRecord } from './database.js'
import type { Measurements } from './measurements.js'
import type { RunningDeployments } from './running-deployments.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { SiteMarks } from '../site/site-marks.js'
import type { SiteReports } from '../site/site-reports.js'
import type { HostTrust } from '../trust/index.js'
import type { PrivateKey } from '@libp2p/interface'
import type { FailedPairs } from './failed-pairs.js'

/** With no cap and nothing measured yet, plan as if the host had 100 Mbit/s. */
const FALLBACK_HOST_UPLOAD = 12_500_000

/** The host's settings its services read (from CascadeHostInit, see index.ts). */
export interface HostConfig {
  dataDir: string
  /** the token a new node presents to enroll; undefined with open enrollment */
  joinToken?: string
  maxFanout?: number
  stallTimeoutMs?: number
  maxAttempts?: number
  /** pace pushes at this share of the measured upload (`--pace`, src/node/flow/pacing.ts); none by default */
  paceShare?: number
  heartbeatIntervalMs?: number
  remeasureAfterMs?: number
  /** who may read status: authorized admins only (the default), or anyone (a lab, a demo) */
  statusAccess?: StatusAccess
}

/** `cascade host --status-access` (docs/enrollment.md). */
export const STATUS_ACCESS = ['admins', 'anyone'] as const
export type StatusAccess = typeof STATUS_ACCESS[number]

/** Everything a deployment, and the services that start one, need. */
export interface CoreComponents {
  libp2p: CascadeLibp2p
  database: HostDatabase
  limiter: UploadLimiter
  hostKey: PrivateKey
  channels: MemberChannels
  rules: RulesStore
  /** the authorized admins, kept in the database (admins.ts) */
  admins: AdminRegistry
  /** the peers marked as this host's sites (src/node/site/site-marks.ts) */
  sites: SiteMarks
  /** what the sites report per deployment (src/node/site/site-reports.ts) */
  siteReports: SiteReports
  /** pairs of members that could not connect: never planned again (docs/internet.md) */
  failedPairs?: FailedPairs
  /** the fleet's root of trust (`--trust-root`, src/node/trust/host-trust.ts); absent: the fleet trusts this host */
  trust?: HostTrust
  config: HostConfig
}

/** The core, plus the two services the protocol handlers share. */
export interface HostComponents extends CoreComponents {
  /** the rollout running now and the catch-ups, by deployment id and node */
  deployments: RunningDeployments
  measurements: Measurements
}

/** The fan-out a rollout is planned with when its publish names none: the host's `--max-fanout`, else the planner's default. */
export function fleetMaxFanout (components: Pick<CoreComponents, 'config'>): number {
  return components.config.maxFanout ?? DEFAULT_MAX_FANOUT
}

/**
 * What the host can upload, for the planner: its own cap when it has one,
 * otherwise the best rate it reached sending to a member (the download
 * probe runs at the host's full upload unless the member's link is slower).
 */
export function hostUpload (components: Pick<CoreComponents, 'limiter' | 'database'>): number {
  if (components.limiter.rate != null) {
    return components.limiter.rate
  }
  const best = Math.max(0, ...components.database.listMembers().map(member => member.downloadBps))
  return best > 0 ? best : FALLBACK_HOST_UPLOAD
}

/** Members whose control channel is open now. */
export function onlineMembers (components: Pick<CoreComponents, 'channels' | 'database'>): MemberRecord[] {
  return components.database.listMembers().filter(member => components.channels.has(member.peerId))
}
