/**
 * The site host's assembly: the host role (src/node/host/host.ts) starts
 * first and owns the libp2p node; the member role (src/node/client/) joins
 * the parent on that same node with the same key, its "installer" the
 * site's release store, its incoming packages kept where the site's host
 * serves them from (DIR/deployments). The protocols do not collide: the host
 * role handles join, publish, admin and status; the member role probe and
 * push.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { Host } from '../host/host.js'
import { DEPLOYMENTS_DIR } from '../host/deployment-dirs.js'
import { NodeRole } from '../client/client.js'
import { DEFAULT_SITE_KEEP_RELEASES, SiteReleases } from './site-releases.js'
import { SiteForwarder, forwardedIds } from './site-forwarder.js'
import { SiteReporter } from './site-reporter.js'
import { SiteRevocations, receiveRevocations } from './site-revocations.js'
import { serveParentTrust } from './site-trust.js'
import { MemberRemoval } from '../host/member-removal.js'
import { parseHostAddress } from '../host-address.js'
import { REVOCATIONS_PROTOCOL } from '../../protocols/revocations/index.js'
import type { CascadeSite, CascadeSiteInit, SiteEvents } from './index.js'
import type { KeptRelease } from './site-releases.js'

const log = logger('cascade:site')

/** The member role's own files (its data-dir lock, its install lock) live here, inside the site's data dir. */
export const MEMBER_DIR = 'member'

export class SiteHost extends EventEmitter<SiteEvents> implements CascadeSite {
  readonly host: Host
  private readonly init: CascadeSiteInit
  private member?: NodeRole
  private kept?: SiteReleases
  private reporter?: SiteReporter

  constructor (init: CascadeSiteInit) {
    super()
    this.init = init
    // with a root of trust, the site passes its parent's timestamps down (site-trust.ts)
    this.host = new Host({ ...init, timestampsFromParent: true })
  }

  get joined (): boolean {
    return this.member?.joined === true
  }

  releases (): KeptRelease[] {
    return this.kept?.list() ?? []
  }

  async start (): Promise<void> {
    const init = this.init
    await this.host.start()
    try {
      const components = this.host.shared
      const packagesDir = join(init.dataDir, DEPLOYMENTS_DIR)
      const kept = new SiteReleases({
        dataDir: init.dataDir,
        packagesDir,
        keep: init.keepReleases ?? DEFAULT_SITE_KEEP_RELEASES,
        inUse: (id) => components.deployments.running?.id === id
      })
      await kept.start()
      this.kept = kept
      const forwarder = new SiteForwarder(components)
      for (const event of ['deployment:started', 'deployment:finished', 'refused'] as const) {
        forwarder.on(event, (detail: any) => { this.emit(event, detail) })
      }
      const member = new NodeRole({
        dataDir: join(init.dataDir, MEMBER_DIR),
        host: init.parent,
        joinToken: init.parentJoinToken,
        uploadLimit: init.uploadLimit,
        heartbeatIntervalMs: init.heartbeatIntervalMs,
        reconnectMinMs: init.reconnectMinMs,
        reconnectMaxMs: init.reconnectMaxMs,
        // with a root of trust, the member role checks what the parent sends against the newest root the site keeps
        trustRoot: components.trust?.rootFile,
        trustRefreshMs: init.trustRefreshMs,
        site: { libp2p: components.libp2p, privateKey: components.hostKey, installer: kept, incomingDir: packagesDir, limiter: components.limiter }
      })
      this.member = member
      const reporter = new SiteReporter(components, (siteReport) => { member.send({ siteReport }) })
      this.reporter = reporter
      // what came from the parent before a restart is reported on again
      for (const id of forwardedIds(components.database)) {
        reporter.track(id)
      }
      forwarder.on('forwarded', ({ deploymentId }) => { reporter.track(deploymentId) })
      // a late member's catch-up starting or ending: the parent hears of it (flagged, apart from the deployment)
      const caughtUp = ({ id, catchUp }: { id: string, catchUp: boolean }): void => { if (catchUp) reporter.caughtUp(id) }
      this.host.on('deployment:started', caughtUp)
      this.host.on('deployment:finished', caughtUp)
      member.on('joined', (event) => {
        reporter.resend()
        this.emit('parent:joined', event)
      })
      member.on('disconnected', (event) => { this.emit('parent:disconnected', event) })
      member.on('refused', (event) => { this.emit('parent:refused', event) })
      member.on('installed', (event) => { this.emit('release:kept', event) })
      member.on('trust', (event) => { this.emit('parent:trust', event) })
      if (components.trust != null) {
        serveParentTrust(member, components.trust)
      }
      member.on('store-opened', ({ deploymentId, store }) => { forwarder.forward(deploymentId, store) })
      // the parent's cancel reaches this site's members too
      member.on('cancel', ({ deploymentId, reason }) => { forwarder.cancelled(deploymentId, reason) })
      // revocations from the parent, passed on to this site's own sites
      const revocations = { parent: parseHostAddress(init.parent).peerId, database: components.database, members: new MemberRemoval({ ...components, revocations: new SiteRevocations(components) }) }
      await components.libp2p.handle(REVOCATIONS_PROTOCOL, async (stream, connection) => { await receiveRevocations(stream, connection, revocations) })
      await member.start()
      log('site %p: member of %s', components.libp2p.peerId, init.parent)
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async stop (): Promise<void> {
    this.reporter?.stop()
    await this.member?.stop()
    await this.host.stop()
  }
}
