/**
 * A site host (docs/hierarchy.md): the host of its own members and, on the
 * same libp2p node and identity, a member of its parent host. It keeps every
 * release it receives from the parent (site-releases.ts), forwards each to
 * its own members as soon as the package starts arriving
 * (site-forwarder.ts), and is admitted by its parent only when the parent's
 * admin marked it a site (site-marks.ts). With a root of trust it checks
 * what its parent sends as a node does (site-trust.ts).
 */
import { SiteHost } from './site-host.js'
import type { CascadeHost, CascadeHostInit } from '../host/index.js'
import type { NodeEvents } from '../client/index.js'
import type { SiteForwarderEvents } from './site-forwarder.js'
import type { KeptRelease } from './site-releases.js'
import type { EventEmitter } from 'node:events'

export interface CascadeSiteInit extends CascadeHostInit {
  /** the parent host's multiaddr, ending in /p2p/<parent peer id> */
  parent: string
  /** the parent's join token, to enroll on the first join */
  parentJoinToken?: string
  /** releases kept per package (default DEFAULT_SITE_KEEP_RELEASES) */
  keepReleases?: number
  /** first and largest wait between attempts to reach the parent */
  reconnectMinMs?: number
  reconnectMaxMs?: number
  /** with a root of trust: how often to ask the parent for newer roots and timestamps (src/node/site/site-trust.ts) */
  trustRefreshMs?: number
}

/** The member role's events (prefixed `parent:`), and the forwarded deployments' events. */
export type SiteEvents = SiteForwarderEvents & {
  'parent:joined': NodeEvents['joined']
  'parent:disconnected': NodeEvents['disconnected']
  'parent:refused': NodeEvents['refused']
  'release:kept': NodeEvents['installed']
  /** the member role on the fleet's root of trust: a new root from the parent, a release refused, stale metadata */
  'parent:trust': NodeEvents['trust']
}

export interface CascadeSite extends EventEmitter<SiteEvents> {
  /** the site's host role: its members, its admins, its status */
  readonly host: CascadeHost
  /** the control channel to the parent is open */
  readonly joined: boolean
  start(): Promise<void>
  stop(): Promise<void>
  /** the releases the site keeps, oldest first */
  releases(): KeptRelease[]
}

export function createSite (init: CascadeSiteInit): CascadeSite {
  return new SiteHost(init)
}

export { DEFAULT_SITE_KEEP_RELEASES, SITE_RELEASES_FILE } from './site-releases.js'
export type { KeptRelease } from './site-releases.js'
export { PARENT_ACTOR } from './site-forwarder.js'
export { SiteMarkError, SiteRefusedError, SiteReportRefusedError, SiteReleaseError } from './errors.js'
