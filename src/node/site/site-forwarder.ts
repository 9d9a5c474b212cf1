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
import { DeploymentState } from '../../state/index.js'
import { onlineMembers } from '../host/components.js'
import { selectTargets } from '../host/rules.js'
import { finishedEvent, startedEvent } from '../host/deployment-events.js'
import type { HostComponents } from '../host/components.js'
import type { DeploymentEventMap } from '../host/deployment-events.js'
import type { ChunkStore } from '../package/index.js'
import type { Deployment } from '../host/deployment/index.js'

const log = logger('cascade:site:forward')

/** Who the site's audit log names for a deployment that came from its parent. */
export const PARENT_ACTOR = 'parent'

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

export class SiteForwarder extends EventEmitter<SiteForwarderEvents> {
  private readonly components: HostComponents
  /** forwards run one at a time: the site runs one rollout at a time */
  private forwarding: Promise<void> = Promise.resolve()

  constructor (components: HostComponents) {
    super()
    this.components = components
  }

  /** The member role opened the store of a parent deployment: deploy it to the site's members. */
  forward (deploymentId: string, store: ChunkStore): void {
    this.forwarding = this.forwarding.then(async () => { await this.start(deploymentId, store) })
      .catch((err: Error) => { log.error('could not forward deployment %s to the site\'s members: %e', deploymentId, err) })
  }

  private async start (id: string, store: ChunkStore): Promise<void> {
    const { database, deployments, rules } = this.components
    if (database.getDeployment(id) != null) {
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
    database.audit(PARENT_ACTOR, 'forward', id, `${name} ${version} (${manifest.fields.size} bytes) to ${targets.length} members${excluded.length > 0 ? `; ${excluded.length} refused by this site's rules` : ''}`)
    if (targets.length === 0) {
      database.updateDeployment(id, { state: DeploymentState.succeeded, reason: 'no member of this site to update', finishedAt: Date.now() })
      log('deployment %s: no member of this site to update', id)
      this.emit('forwarded', { deploymentId: id, excluded })
      return
    }
    const deployment = deployments.create({ id, manifest, signedManifest, store: borrowed(store), targets, channel: '' })
    deployments.hold(deployment)
    deployment.once('finished', summary => { this.emit('deployment:finished', finishedEvent(deployment, summary, false)) })
    this.emit('deployment:started', startedEvent(deployment, PARENT_ACTOR, [], false))
    log('forwarding %s %s to %d members as they arrive (deployment %s)', name, version, targets.length, id)
    deployment.start()
    this.emit('forwarded', { deploymentId: id, deployment, excluded })
  }
}
