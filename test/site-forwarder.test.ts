import assert from 'node:assert/strict'
import { join } from 'node:path'
import { HostDatabase } from '../src/node/host/database.js'
import { PARENT_ACTOR, SiteForwarder } from '../src/node/site/site-forwarder.js'
import { DeploymentState } from '../src/state/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { HostComponents } from '../src/node/host/components.js'

describe('a site\'s forwarder: a parent\'s cancel', () => {
  let dir = ''
  let database: HostDatabase

  beforeEach(async () => {
    dir = await tempDir('cascade-site-forwarder-')
    database = new HostDatabase(join(dir, 'host.db'))
  })
  afterEach(async () => {
    database.close()
    await cleanup(dir)
  })

  function insert (id: string): void {
    database.insertDeployment({ id, name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.running, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
  }

  it('cancels the site\'s own deployment of a release the parent forwarded, and changes nothing for one it did not', async () => {
    // a site admin's own deployment, running, and one the parent forwarded
    insert('own')
    insert('forwarded')
    database.audit(PARENT_ACTOR, 'forward', 'forwarded', 'app v2 to 1 members')
    const controls: Array<[string, string, string]> = []
    let running = 'own'
    const deployments = {
      get running () { return { id: running } },
      async control (action: string, id: string, actor: string) { controls.push([action, id, actor]) }
    }
    const forwarder = new SiteForwarder({ database, deployments } as unknown as HostComponents)
    // cancels run one at a time on the forwarder's queue: this waits for those asked for so far
    const settled = async (): Promise<void> => { await (forwarder as unknown as { forwarding: Promise<void> }).forwarding }

    // the parent names the site admin's own deployment, running here, which it never forwarded: nothing happens
    forwarder.cancelled('own', 'by the root admin')
    await settled()
    assert.deepEqual(controls, [])
    running = 'forwarded'
    forwarder.cancelled('forwarded', 'by the root admin')
    await settled()
    assert.deepEqual(controls, [['cancel', 'forwarded', PARENT_ACTOR]])
    assert.equal(database.getDeployment('own')?.state, DeploymentState.running)
    const cancels = database.auditLog().filter(entry => entry.action === 'cancel')
    assert.deepEqual(cancels.map(entry => [entry.actor, entry.deploymentId, entry.detail]), [[PARENT_ACTOR, 'forwarded', 'cancelled by the parent: by the root admin']])
  })
})
