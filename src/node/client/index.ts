/**
 * The node: runs on each device. It joins its host, keeps the control
 * channel open (re-joining by itself after the host or the network went
 * away), and answers the host's speed probes through its upload cap.
 */
import { NodeRole } from './client.js'
import type { TestFaults } from './test-faults.js'
import type { InstallPolicy } from './install-gate.js'
import type { UserNotice } from './notify.js'
import type { InstallFailure } from './installer-flow.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { CascadeLibp2p } from '../libp2p.js'
import type { Installer } from '../installer/index.js'
import type { ChunkStore } from '../package/index.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { EventEmitter } from 'node:events'
import type { Metadata, Root } from '@tufjs/models'

export interface CascadeNodeInit {
  dataDir: string
  /** the host's multiaddr, ending in /p2p/<host peer id>: it pins the host */
  host: string
  /** default /ip4/127.0.0.1/tcp/0 */
  listen?: string[]
  /** bytes/s cap on everything this node sends on Cascade's protocols */
  uploadLimit?: number
  labels?: Record<string, string>
  /** the host's join token, to enroll on the first join */
  joinToken?: string
  /** the managed app: restarted from the current release after every install */
  app?: { command: string, healthCommand?: string, graceMs?: number, env?: Record<string, string> }
  /** when no release is installed yet, install this directory as this version */
  seedRelease?: { version: string, dir: string }
  /** when installs and relays may happen: windows, the app in use, retries (docs/install-policy.md) */
  installPolicy?: InstallPolicy
  /** testing only: make this node misbehave on purpose */
  faults?: TestFaults
  heartbeatIntervalMs?: number
  /** first and largest wait between attempts to reach the host */
  reconnectMinMs?: number
  reconnectMaxMs?: number
  /** HOST:PORT to serve this node's Prometheus metrics on (docs/metrics.md); none unless given */
  metrics?: string
  /** `--upnp`: ask the router for a port mapping (docs/internet.md); off unless given */
  upnp?: boolean
  /**
   * `--trust-root FILE`: the fleet's root metadata (docs/security.md); the
   * node then checks every release's publisher signatures itself. Without
   * it the node trusts its host's install authorization.
   */
  trustRoot?: string
  /** how often to ask the host for newer roots and timestamps (src/node/trust/trust-refresh.ts) */
  trustRefreshMs?: number
  /**
   * a site host's member role (src/node/site/): the site's libp2p node and
   * key (one identity for both roles), its release store instead of an
   * installer, where incoming packages are kept, and `site` said in the join
   */
  site?: SiteMemberInit
}

export interface SiteMemberInit {
  libp2p: CascadeLibp2p
  privateKey: PrivateKey
  installer: Installer
  incomingDir: string
  /** the site's upload cap, shared by both roles */
  limiter: UploadLimiter
}

export type { InstallFailure } from './installer-flow.js'

export interface NodeEvents {
  joined: [{ host: string }]
  disconnected: [{ reason: string }]
  /**
   * the host refused us, or the peer at the host's address is not the host,
   * or an install authorization did not verify; `permanent`: retrying cannot
   * help (not enrolled, wrong join token), the node stopped joining
   */
  refused: [{ reason: string, permanent: boolean }]
  probed: [{ direction: string }]
  installed: [{ version: string }]
  /** a release was not installed, or was rolled back, and why */
  'install-failed': [InstallFailure]
  /** the managed app exited when nobody stopped it (its output is in DIR/app.log) */
  'app-exited': [{ version: string, code: number | null, signal: string | null, logFile: string }]
  /** a line for the device's user: an update waits for them, or was given up */
  notice: [UserNotice]
  /**
   * we refused a push: a chunk failed verification, or its sender sent more
   * than the manifest allows (src/node/client/push-allowance.ts); the sender
   * was reported to the host, which resends
   */
  'refused-push': [{ deploymentId: string, from: string, reason: string }]
  /** about the fleet's root of trust: a new root version, stale or fresh metadata (src/node/trust/trust-refresh.ts) */
  trust: [{ message: string }]
  /** the root this node trusts: at start, then each newer version it accepts (a site serves them to its members) */
  'trust:root': [{ root: Metadata<Root> }]
  /** timestamp metadata from the host that verified here (a site passes it down) */
  'trust:timestamp': [{ timestamp: Uint8Array }]
  /** a deployment's package store opened here (the manifest is verified): a site starts its own deployment from it */
  'store-opened': [{ deploymentId: string, store: ChunkStore }]
  /** the host told this node to stop working on a deployment (cancelled, or the node dropped from it): a site cancels its own */
  cancel: [{ deploymentId: string, reason: string }]
}

export interface CascadeNode extends EventEmitter<NodeEvents> {
  readonly peerId: PeerId
  multiaddrs(): string[]
  /** the control channel to the host is open */
  readonly joined: boolean
  /** `http://HOST:PORT` of this node's /metrics, when started with `metrics` */
  readonly metricsUrl: string | undefined
  start(): Promise<void>
  stop(): Promise<void>
  installedVersion(): Promise<string>
}

export function createNode (init: CascadeNodeInit): CascadeNode {
  return new NodeRole(init)
}

export { NodeRole } from './client.js'
export { HostRefusedError } from './host-link.js'
export type { TestFaults } from './test-faults.js'
export { InvalidTimeWindowError, parseTimeWindow } from './time-window.js'
export type { TimeWindow } from './time-window.js'
export type { InstallPolicy } from './install-gate.js'
