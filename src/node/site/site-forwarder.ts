/**
 * Cut-through across levels (docs/hierarchy.md): as soon as the site's
 * member role holds a verified manifest from its parent and has opened the
 * package's store, the site starts its own deployment of it to its own
 * members, with the parent's deployment id, reading each chunk from the store
 * that is still filling (the push sender waits for each chunk: the same
 * cut-through as a relay inside one tree). Its targets are chosen as the
 * publish service chooses them: online members whose groups' rules (the
 * site's own) admit the update; the others are refused by the site.
 */
import { EventEmitter } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { MANIFEST_FILE } from '../package/index.js'
import { DeploymentState, wasDelivered } from '../../state/index.js'
import { onlineMembers } from '../host/components.js'
import { selectTargets } from '../host/rules.js'
import { finishedEvent, startedEvent } from '../host/deployment-events.js'
import type { HostComponents } from '../host/components.js'
import type { HostDatabase } from '../host/database.js'
import type { DeploymentEventMap } from '../host/deployment-events.js'
import type { ChunkStore } from '../package/index.js'
import type { Deployment } from '../host/deployment/index.js'
import type { MemberRecord } from '../host/database.js'

const log = logger('cascade:site:forward')

/** Who the site's audit log names for a deployment that came from its parent. */
export const PARENT_ACTOR = 'parent'

/** The audit log's action for a deployment the site started from its parent's. */
const FORWARD_ACTION = 'forward'

export interface SiteForwarderEvents extends DeploymentEventMap {
  /** members of the site its rules refused for a parent deployment (not failures) */
  refused: [{ deploymentId: string, excluded: Array<{ peerId: string, reason: string }> }]
  /** the site's own deployment of a parent deployment started (none: no member was targeted) */
  forwarded: [{ deploymentId: string, deployment?: Deployment, excluded: Array<{ peerId: string, reason: string }> }]
}

/**
 * The store as the site's deployment sees it: its close() leaves it open,
 * because the member role owns it (it may still be receiving, or be asked to
 * relay it inside the parent's tree).
 */
function borrowed (store: ChunkStore): ChunkStore {
  return new Proxy(store, {
    get (target, property) {
      if (property === 'close') {
        return async () => {}
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}

/** Audit entries of a forward, the newest `limit` of them (the deployments the site reports on after a restart). */
export function forwardedIds (database: HostDatabase, limit = 8): string[] {
  const rows = database.db.prepare('SELECT deployment_id FROM audit_log WHERE actor = ? AND action = ? ORDER BY seq DESC LIMIT ?').all(PARENT_ACTOR, FORWARD_ACTION, limit) as Array<{ deployment_id: string }>
  return rows.map(row => row.deployment_id).reverse()
}

/** Whether `deploymentId` came from the parent: the site's audit log has its forward. */
function wasForwarded (database: HostDatabase, deploymentId: string): boolean {
  return database.db.prepare('SELECT 1 FROM audit_log WHERE actor = ? AND action = ? AND deployment_id = ? LIMIT 1').get(PARENT_ACTOR, FORWARD_ACTION, deploymentId) != null
}

export class SiteForwarder extends EventEmitter<SiteForwarderEvents> {
  private readonly components: HostComponents
  /** forwards (and cancels) run one at a time: the site runs one rollout at a time */
  private forwarding: Promise<void> = Promise.resolve()
  /** forwards to nobody waiting for the site to hold the whole package: how to stop waiting, by deployment id */
  private readonly awaitingWhole = new Map<string, () => void>()

  constructor (components: HostComponents) {
    super()
    this.components = components
  }

  /** The member role opened the store of a parent deployment: deploy it to the site's members. */
  forward (deploymentId: string, store: ChunkStore): void {
    this.forwarding = this.forwarding.then(async () => { await this.start(deploymentId, store) })
      .catch((err: Error) => { log.error('could not forward deployment %s to the site\'s members: %e', deploymentId, err) })
  }

  /**
   * The parent cancelled `deploymentId` here (or dropped this site from it):
   * the site's own deployment of it is cancelled too, its members told to
   * stop; a forward to nobody still waiting for the package fails with the
   * parent's reason. Anything the parent did not forward is left alone.
   */
  cancelled (deploymentId: string, reason: string): void {
    this.forwarding = this.forwarding.then(async () => { await this.cancel(deploymentId, reason) })
      .catch((err: Error) => { log.error('could not cancel deployment %s at this site: %e', deploymentId, err) })
  }

  private async cancel (id: string, reason: string): Promise<void> {
    const { database, deployments } = this.components
    if (!wasForwarded(database, id)) {
      log('the parent cancelled %s, which it never forwarded here', id)
      return
    }
    const why = `cancelled by the parent${reason === '' ? '' : `: ${reason}`}`
    const waiting = this.awaitingWhole.get(id)
    if (waiting != null) {
      waiting()
      database.updateDeployment(id, { state: DeploymentState.failed, reason: why, finishedAt: Date.now() })
      database.audit(PARENT_ACTOR, 'cancel', id, why)
      log('deployment %s: %s before this site held it', id, why)
      return
    }
    if (deployments.running?.id === id) {
      database.audit(PARENT_ACTOR, 'cancel', id, why)
      log('deployment %s: %s; telling this site\'s members', id, why)
      await deployments.control('cancel', id, PARENT_ACTOR)
    }
  }

  private async start (id: string, store: ChunkStore): Promise<void> {
    const { database, deployments, rules } = this.components
    const known = database.getDeployment(id)
    // a release this site does not hold whole it cannot have delivered: a record that says so was cut off by a
    // restart of the site (src/node/host/running-deployments.ts fails an upload the host cannot resume; the
    // member role here resumes it from the parent)
    if (known != null && (deployments.active?.id === id || (wasDelivered(known.state) && store.complete))) {
      log('deployment %s is known here already (a resumed one, or a second offer)', id)
      return
    }
    const manifest = store.manifest
    const { name, version } = manifest.fields
    const { targets, excluded } = selectTargets(onlineMembers(this.components), { target: '', update: { name, version, channel: '' } }, rules.policy())
    if (excluded.length > 0) {
      this.emit('refused', { deploymentId: id, excluded })
    }
    // the site's own rollout (a site admin's) ends first
    await deployments.running?.done()
    const signedManifest = await readFile(join(store.dir, MANIFEST_FILE)) as Uint8Array<ArrayBuffer>
    if (known != null) {
      // the site restarted before it held the whole package: its deployment starts again on the same record,
      // under way again (the parent waits for the reports of a site whose deployment is under way), with the
      // members online now; the cut-off attempt's rows go (a member it targeted that comes back later is
      // caught up, apart from the deployment, and not reported to the parent as one it left unfinished)
      log('deployment %s: starting again after a restart of this site', id)
      database.updateDeployment(id, { state: DeploymentState.uploading, reason: '', finishedAt: 0 })
      database.clearDeploymentNodes(id)
      database.audit(PARENT_ACTOR, 'forward again', id, 'after a restart of this site')
    } else {
      database.insertDeployment({
        id,
        name,
        version,
        manifestId: manifest.id,
        signedManifest,
        publisher: manifest.publisher,
        state: DeploymentState.uploading,
        createdAt: Date.now(),
        target: '',
        channel: '',
        waves: [],
        maxFailures: 0
      })
      database.audit(PARENT_ACTOR, FORWARD_ACTION, id, `${name} ${version} (${manifest.fields.size} bytes) to ${targets.length} members${excluded.length > 0 ? `; ${excluded.length} refused by this site's rules` : ''}`)
    }
    if (targets.length === 0) {
      this.deliverWhenWhole(id, store)
      this.emit('forwarded', { deploymentId: id, excluded })
      return
    }
    await this.startDeployment(id, store, signedManifest, targets, excluded)
  }

  /**
   * A forward to no member is delivered once the site holds the whole
   * package: a member that joins before then is caught up from the site's
   * store when it does. Until then its record says uploading (a parent's
   * cancel fails it: `cancel`).
   */
  private deliverWhenWhole (id: string, store: ChunkStore): void {
    const { database, deployments } = this.components
    const delivered = (): void => {
      this.awaitingWhole.delete(id)
      database.updateDeployment(id, { state: DeploymentState.succeeded, reason: 'no member of this site to update', finishedAt: Date.now() })
      log('deployment %s: no member of this site to update', id)
      deployments.catchUpOnline()
    }
    if (store.complete) {
      delivered()
      return
    }
    // a second offer of the same release waits on its own store only
    this.awaitingWhole.get(id)?.()
    store.once('complete', delivered)
    this.awaitingWhole.set(id, () => { store.off('complete', delivered); this.awaitingWhole.delete(id) })
  }

  private async startDeployment (id: string, store: ChunkStore, signedManifest: Uint8Array<ArrayBuffer>, targets: MemberRecord[], excluded: Array<{ peerId: string, reason: string }>): Promise<void> {
    const { name, version } = store.manifest.fields
    const deployments = this.components.deployments
    const deployment = deployments.create({ id, manifest: store.manifest, signedManifest, store: borrowed(store), targets, channel: '' })
    deployments.hold(deployment)
    deployment.once('finished', summary => { this.emit('deployment:finished', finishedEvent(deployment, summary, false)) })
    this.emit('deployment:started', startedEvent(deployment, PARENT_ACTOR, [], false))
    log('forwarding %s %s to %d members as they arrive (deployment %s)', name, version, targets.length, id)
    deployment.start()
    this.emit('forwarded', { deploymentId: id, deployment, excluded })
  }
}
