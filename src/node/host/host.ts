/**
 * The host role: builds its components once (components.ts) and hands them
 * to one service per protocol: join-service.ts, status-service.ts,
 * publish-service.ts and admin-service.ts. The services' events come out
 * here, as CascadeHost's HostEvents (index.ts).
 */
import { MAX_PACE_SHARE, MIN_PACE_SHARE } from '../flow/pacing.js'
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { acquireDataDirLock } from '../data-dir-lock.js'
import { loadOrCreateIdentity } from '../identity.js'
import { createCascadeLibp2p } from '../libp2p.js'
import { FailedPairs } from './failed-pairs.js'
import { createUploadLimiter } from '../upload-limiter.js'
import { HostDatabase } from './database.js'
import { loadOrCreateJoinToken } from './enrollment.js'
import { MemberChannels } from './member-channels.js'
import { Measurements } from './measurements.js'
import { WarmEdges } from './warm-edges.js'
import { RulesStore } from './rules-store.js'
import { RunningDeployments } from './running-deployments.js'
import { JoinService } from './join-service.js'
import { StatusService, memberStatuses } from './status-service.js'
import { PublishService } from './publish-service.js'
import { AdminService } from './admin-service.js'
import { HostTrust } from '../trust/index.js'
import { TRUST_PROTOCOL } from '../../protocols/trust/index.js'
import { AdminRegistry } from './admins.js'
import { MemberRemoval } from './member-removal.js'
import { SiteMarks, SiteMarking } from '../site/site-marks.js'
import { SiteReports } from '../site/site-reports.js'
import { SiteRevocations } from '../site/site-revocations.js'
import { STATUS_ACCESS } from './components.js'
import { InvalidHostOptionError } from './errors.js'
import { createHostHttp } from './http/index.js'
import { ADMIN_PROTOCOL } from '../../protocols/admin/index.js'
import { PUBLISH_PROTOCOL } from '../../protocols/publish/index.js'
import { JOIN_PROTOCOL } from '../../protocols/join/index.js'
import { STATUS_PROTOCOL } from '../../protocols/status/index.js'
import type { CascadeHost, CascadeHostInit, HostEvents, MemberStatus } from './index.js'
import type { HostComponents } from './components.js'
import type { Measurement } from './database.js'
import type { Deployment } from './deployment/index.js'
import type { DataDirLock } from '../data-dir-lock.js'
import type { HostHttp } from './http/index.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { PeerId } from '@libp2p/interface'

const log = logger('cascade:host')

/** The host's database file inside its data dir. */
export const HOST_DATABASE_FILE = 'host.db'

/** One control channel per member, plus room for a reconnect racing the old one. */
const MAX_JOIN_STREAMS = 4

export class Host extends EventEmitter<HostEvents> implements CascadeHost {
  private readonly init: CascadeHostInit
  private readonly limiter: UploadLimiter
  private readonly channels = new MemberChannels()
  private components?: HostComponents
  private warm?: WarmEdges
  private dirLock?: DataDirLock
  /** the dashboard and /metrics (`--http`), bound before libp2p starts so that a busy address stops the start */
  private http?: HostHttp
  /** the token a new node presents to enroll; undefined with open enrollment */
  joinToken: string | undefined

  constructor (init: CascadeHostInit) {
    super()
    this.init = init
    this.limiter = createUploadLimiter(init.uploadLimit)
  }

  private get started (): HostComponents {
    if (this.components == null) {
      throw new Error('host not started')
    }
    return this.components
  }

  /** The components, for a site host that adds its member role on the same libp2p node (src/node/site/). */
  get shared (): HostComponents {
    return this.started
  }

  get peerId (): PeerId {
    return this.started.libp2p.peerId
  }

  multiaddrs (): string[] {
    return this.started.libp2p.getMultiaddrs().map(ma => ma.toString())
  }

  async start (): Promise<void> {
    const init = this.init
    if (init.statusAccess != null && !(STATUS_ACCESS as readonly string[]).includes(init.statusAccess)) {
      throw new InvalidHostOptionError(`status access must be one of ${STATUS_ACCESS.join(', ')}, not "${String(init.statusAccess).slice(0, 32)}"`)
    }
    if (init.paceShare != null && !(init.paceShare >= MIN_PACE_SHARE && init.paceShare <= MAX_PACE_SHARE)) {
      throw new InvalidHostOptionError(`the pace must be a share of the measured upload from ${MIN_PACE_SHARE} to ${MAX_PACE_SHARE}, not ${init.paceShare}`)
    }
    this.http = init.http == null ? undefined : createHostHttp({ address: init.http })
    // one process per data dir: a second host here would share our identity and database
    this.dirLock = await acquireDataDirLock(init.dataDir)
    await this.http?.listen().catch(async (err: Error) => { await this.dirLock?.release(); throw err })
    const hostKey = await loadOrCreateIdentity(init.dataDir)
    if (init.openEnrollment !== true) {
      this.joinToken = init.joinToken ?? await loadOrCreateJoinToken(init.dataDir)
    }
    const database = new HostDatabase(join(init.dataDir, HOST_DATABASE_FILE))
    const admins = new AdminRegistry(database.db)
    try {
      for (const added of admins.bootstrap(init.admins ?? [])) {
        log('admin %s authorized by --admin', added)
      }
    } catch (err) {
      database.close()
      throw err
    }
    let trust: HostTrust | undefined
    try {
      trust = await HostTrust.open({ dataDir: init.dataDir, hostKey, trustRoot: init.trustRoot, timestampLifetimeMs: init.timestampLifetimeMs, timestampsFromParent: init.timestampsFromParent, members: this.channels })
    } catch (err) {
      database.close()
      throw err
    }
    const libp2p = await createCascadeLibp2p({
      privateKey: hostKey,
      listen: init.listen ?? ['/ip4/127.0.0.1/tcp/0'],
      metrics: this.http?.registry,
      // signalling between members behind NAT: a relay slot for enrolled members only (docs/internet.md)
      relayServer: { allowReservation: peer => database.db.isOpen && database.getMember(peer.toString()) != null }
    })
    const sites = new SiteMarks(database.db)
    const core = {
      libp2p,
      database,
      limiter: this.limiter,
      hostKey,
      channels: this.channels,
      rules: new RulesStore(database.db),
      admins,
      sites,
      siteReports: new SiteReports({ database, sites }),
      failedPairs: new FailedPairs(),
      trust,
      config: { ...init, joinToken: this.joinToken }
    }
    const components: HostComponents = { ...core, deployments: new RunningDeployments(core), measurements: new Measurements(core, init.probeDurationMs) }
    this.components = components
    this.forward(components.measurements, 'member:measured')
    this.forward(core.failedPairs, 'pair:failed')
    this.forward(components.deployments, 'deployment:started', 'deployment:finished')

    const publish = this.forward(new PublishService(components), 'refused', 'deployment:started', 'deployment:finished')
    await libp2p.handle(PUBLISH_PROTOCOL, async (stream, connection) => { await publish.handle(stream, connection) })
    const revocations = new SiteRevocations(components)
    const admin = this.forward(new AdminService({ ...components, members: new MemberRemoval({ ...components, revocations }), sites: new SiteMarking(components, components.sites) }), 'refused')
    await libp2p.handle(ADMIN_PROTOCOL, async (stream, connection) => { await admin.handle(stream, connection) })
    await components.deployments.resumeInterrupted()
    const joins = this.forward(new JoinService(components), 'refused', 'member:joined', 'member:left')
    // a site hears the whole revocation list whenever it joins (docs/enrollment.md)
    joins.on('member:joined', ({ peerId }) => { if (components.sites.isSite(peerId)) void revocations.forward([peerId]) })
    await libp2p.handle(JOIN_PROTOCOL, async (stream, connection) => { await joins.handle(stream, connection) }, { maxInboundStreams: MAX_JOIN_STREAMS })
    this.http?.attach({ components, events: this })
    // the tree a publish would plan now has its connections open before the publish (docs/update-flow.md, "Start-up")
    const warm = new WarmEdges({ ...components, probing: () => components.measurements.probing })
    this.warm = warm
    components.measurements.on('member:measured', () => { warm.schedule() })
    joins.on('member:joined', ({ peerId }) => { warm.forget(peerId) })
    joins.on('member:left', ({ peerId }) => { warm.forget(peerId) })
    components.deployments.on('deployment:finished', () => { warm.schedule() })
    const status = this.forward(new StatusService(components), 'refused')
    await libp2p.handle(STATUS_PROTOCOL, async (stream, connection) => { await status.handle(stream, connection) })
    if (trust != null) {
      trust.start()
      await libp2p.handle(TRUST_PROTOCOL, async (stream, connection) => { await trust.handle(stream, connection.remotePeer.toString()) })
    }
    log('host %p listening on %s', libp2p.peerId, this.multiaddrs().join(', '))
  }

  /** Re-emits a service's events as the host's own; a refusal is logged here, once. */
  private forward<S extends EventEmitter<any>> (service: S, ...events: Array<keyof HostEvents>): S {
    for (const event of events) {
      service.on(event, (detail: any) => {
        if (event === 'refused') {
          log('refused %s from %s: %s', detail.protocol, detail.peer, detail.reason)
        }
        this.emit(event, detail)
      })
    }
    return service
  }

  /** The deployment running now, or the last one. */
  get deployment (): Deployment | undefined {
    return this.components?.deployments.active
  }

  /** `http://HOST:PORT` of the dashboard, when started with one */
  get httpUrl (): string | undefined {
    return this.http?.url
  }

  async stop (): Promise<void> {
    await this.http?.stop()
    this.warm?.stop()
    this.components?.trust?.stop()
    this.components?.measurements.stop()
    await this.components?.deployments.stop()
    this.channels.closeAll()
    await this.components?.libp2p.stop()
    this.components?.database.close()
    await this.dirLock?.release()
  }

  async measure (peer: PeerId): Promise<Measurement> {
    return this.started.measurements.measure(peer)
  }

  async remeasure (): Promise<void> {
    await this.started.measurements.remeasure()
  }

  members (): MemberStatus[] {
    return memberStatuses(this.started)
  }

  isAdmin (peer: PeerId): boolean {
    return this.started.admins.has(peer.toString())
  }
}
