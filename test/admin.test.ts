import assert from 'node:assert/strict'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { encode as varint } from 'uint8-varint'
import { createHost } from '../src/node/host/index.js'
import { HostDatabase } from '../src/node/host/database.js'
import { AdminService } from '../src/node/host/admin-service.js'
import { DeploymentControlError } from '../src/node/host/errors.js'
import { RulesStore } from '../src/node/host/rules-store.js'
import { NodeState } from '../src/state/index.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { generateKey, saveKey } from '../src/node/identity.js'
import {
  addGroup, addRule, controlDeployment, listAudit, listDeployments, listGroups, listRules, removeGroup, removeRule, sendAdminRequest
} from '../src/node/admin/admin-client.js'
import { ADMIN_PROTOCOL, MAX_ADMIN_REQUEST_BYTES } from '../src/protocols/admin/index.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { AdminOptions } from '../src/node/admin/admin-client.js'
import type { DeploymentControl } from '../src/node/host/admin-service.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { AdminRequest, AdminResponse } from '../src/protocols/admin/index.js'

describe('admin service over /cascade/admin/1.0.0 (stub deployment control)', function () {
  let dir: string
  let db: HostDatabase
  let server: CascadeLibp2p
  let admin: CascadeLibp2p
  let stranger: CascadeLibp2p
  let service: AdminService
  const refusals: Array<{ peer: string, reason: string }> = []
  const controlled: string[] = []
  const paused = new Set<string>()

  const control: DeploymentControl = {
    control: async (action, id, actor) => {
      if (action === 'pause') {
        if (paused.has(id)) {
          throw new DeploymentControlError(`deployment ${id} is already paused`)
        }
        paused.add(id)
      } else if (action === 'resume' && !paused.delete(id)) {
        throw new DeploymentControlError(`deployment ${id} is not paused`)
      }
      controlled.push(`${action} ${id} ${actor}`)
    }
  }

  before(async () => {
    dir = await tempDir()
    db = new HostDatabase(join(dir, 'host.db'))
    server = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    admin = await createCascadeLibp2p({ privateKey: await generateKey() })
    stranger = await createCascadeLibp2p({ privateKey: await generateKey() })
    service = new AdminService({ database: db, rules: new RulesStore(db.db), admins: new Set([admin.peerId.toString()]), deployments: control })
    service.on('refused', ({ peer, protocol, reason }) => {
      assert.equal(protocol, ADMIN_PROTOCOL)
      refusals.push({ peer, reason })
    })
    await server.handle(ADMIN_PROTOCOL, async (stream, connection) => { await service.handle(stream, connection) })
    const now = Date.now()
    db.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array([1]), publisher: admin.peerId.toString(), state: 'running', createdAt: now, target: '', channel: '', waves: [], maxFailures: 0 })
    for (const [peer, state] of [['p1', NodeState.done], ['p2', NodeState.done], ['p3', NodeState.failed], ['p4', NodeState.receiving]] as const) {
      db.upsertDeploymentNode({ deploymentId: 'd1', peerId: peer, state, reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, version: '', updatedAt: now })
    }
    db.updateDeployment('d1', { hostBytesSent: 12345, startedAt: now + 1 })
  })

  after(async () => {
    await Promise.allSettled([server.stop(), admin.stop(), stranger.stop()])
    db.close()
    await cleanup(dir)
  })

  async function ask (peer: CascadeLibp2p, request: AdminRequest): Promise<AdminResponse> {
    return sendAdminRequest(peer, server.getMultiaddrs()[0], request)
  }

  async function refused (peer: CascadeLibp2p, request: AdminRequest, message: RegExp): Promise<void> {
    await assert.rejects(ask(peer, request), (err: any) => {
      assert.equal(err.name, 'AdminRefusedError')
      assert.match(err.message, message)
      return true
    })
  }

  it('refuses every operation from a peer that is not an admin, changing nothing', async () => {
    const requests: AdminRequest[] = [
      { groupAdd: { name: 'lab', match: 'group=lab', members: [] } },
      { groupList: {} },
      { ruleList: {} },
      { deploymentList: { limit: 0 } },
      { auditList: { limit: 0, deploymentId: '' } },
      { deploymentControl: { deploymentId: 'd1', action: 'cancel' } }
    ]
    for (const request of requests) {
      await refused(stranger, request, new RegExp(`peer ${stranger.peerId.toString()} is not an authorized admin`))
    }
    assert.equal(refusals.filter(r => r.peer === stranger.peerId.toString()).length, requests.length)
    assert.deepEqual(service.rules.policy(), { groups: [], rules: [] })
    assert.deepEqual(db.auditLog(), [])
    assert.deepEqual(controlled, [])
  })

  it('adds, lists and removes groups and rules, auditing each change with the admin as actor', async () => {
    const actor = admin.peerId.toString()
    const member = stranger.peerId.toString()
    const lab = await ask(admin, { groupAdd: { name: 'lab', match: 'group = lab', members: [] } })
    assert.equal(lab.done, 'group lab added')
    assert.equal(lab.groups[0].match, 'group=lab')
    assert.equal(lab.groups[0].createdBy, actor)
    await ask(admin, { groupAdd: { name: 'pinned', match: '', members: [member] } })
    const rule = await ask(admin, { ruleAdd: { group: 'lab', package: 'app', versions: '>=2 <3', channel: '' } })
    assert.match(rule.done, /^rule #\d+ added$/)
    const ruleId = rule.rules[0].id
    await ask(admin, { ruleAdd: { group: 'pinned', package: '', versions: '', channel: 'beta' } })

    const groups = await ask(admin, { groupList: {} })
    assert.deepEqual(groups.groups.map(g => [g.name, g.match, g.members]), [['lab', 'group=lab', []], ['pinned', '', [member]]])
    const rules = await ask(admin, { ruleList: {} })
    assert.deepEqual(rules.rules.map(r => [r.group, r.package, r.versions, r.channel]), [['lab', 'app', '>=2 <3', ''], ['pinned', '', '', 'beta']])

    assert.equal((await ask(admin, { ruleRemove: { id: ruleId } })).done, `rule #${ruleId} removed`)
    assert.equal((await ask(admin, { groupRemove: { name: 'lab' } })).done, 'group lab removed')

    const audit = (await ask(admin, { auditList: { limit: 0, deploymentId: '' } })).audit
    assert.deepEqual(audit.map(e => e.action), ['group-add', 'group-add', 'rule-add', 'rule-add', 'rule-remove', 'group-remove'])
    assert.ok(audit.every(e => e.actor === actor))
    assert.equal(audit[0].detail, 'lab: match group=lab')
    assert.equal(audit[1].detail, `pinned: members ${member}`)
    assert.equal(audit[2].detail, `#${ruleId} (group lab: package app >=2 <3)`)
    // the audit tail: newest entries, oldest first
    assert.deepEqual((await ask(admin, { auditList: { limit: 2, deploymentId: '' } })).audit.map(e => e.action), ['rule-remove', 'group-remove'])
  })

  it('refuses bad changes with the reason, and changes nothing', async () => {
    const policy = service.rules.policy()
    const audited = db.auditLog().length
    await refused(admin, { groupAdd: { name: 'bad', match: 'lab', members: [] } }, /group bad: "lab" is not a label \(key=value\), a group \(@name\) or a peer id/)
    await refused(admin, { groupAdd: { name: 'both', match: 'a=b', members: [stranger.peerId.toString()] } }, /not both/)
    await refused(admin, { groupAdd: { name: 'pinned', match: 'a=b', members: [] } }, /group pinned already exists/)
    await refused(admin, { groupAdd: { name: 'ref', match: '@ghost', members: [] } }, /refers to @ghost, which does not exist/)
    await refused(admin, { ruleAdd: { group: 'ghost', package: 'app', versions: '', channel: '' } }, /no group ghost/)
    await refused(admin, { ruleAdd: { group: 'pinned', package: 'app', versions: '2.x', channel: '' } }, /no wildcards/)
    await refused(admin, { ruleAdd: { group: 'pinned', package: '', versions: '', channel: 'beta' } }, /already says that/)
    await refused(admin, { ruleRemove: { id: 999 } }, /no rule #999/)
    await refused(admin, { groupRemove: { name: 'pinned' } }, /group pinned has rules #\d+: remove them first/)
    await refused(admin, {}, /exactly one operation, not 0/)
    await refused(admin, { groupList: {}, ruleList: {} }, /exactly one operation, not 2/)
    await refused(admin, { deploymentList: { limit: 5000 } }, /limit must be at most 1000/)
    assert.deepEqual(service.rules.policy(), policy)
    assert.equal(db.auditLog().length, audited)
  })

  it('lists deployments with node counts per state', async () => {
    const [d1] = (await ask(admin, { deploymentList: { limit: 0 } })).deployments
    assert.equal(d1.id, 'd1')
    assert.equal(d1.name, 'app')
    assert.equal(d1.version, 'v2')
    assert.equal(d1.state, 'running')
    assert.equal(d1.hostBytesSent, 12345)
    assert.equal(d1.nodeCount, 4)
    assert.deepEqual(d1.nodeStates, [{ state: 'done', count: 2 }, { state: 'failed', count: 1 }, { state: 'receiving', count: 1 }])
  })

  it('pauses, resumes and cancels through the deployment control, auditing each', async () => {
    const actor = admin.peerId.toString()
    assert.equal((await ask(admin, { deploymentControl: { deploymentId: 'd1', action: 'pause' } })).done, 'deployment d1 paused')
    await refused(admin, { deploymentControl: { deploymentId: 'd1', action: 'pause' } }, /^deployment d1 is already paused$/)
    assert.equal((await ask(admin, { deploymentControl: { deploymentId: 'd1', action: 'resume' } })).done, 'deployment d1 resumed')
    assert.equal((await ask(admin, { deploymentControl: { deploymentId: 'd1', action: 'cancel' } })).done, 'deployment d1 cancelled')
    await refused(admin, { deploymentControl: { deploymentId: 'nope', action: 'cancel' } }, /^no deployment nope$/)
    await refused(admin, { deploymentControl: { deploymentId: 'd1', action: 'explode' } }, /must be one of pause, resume, cancel/)
    await refused(admin, { deploymentControl: { deploymentId: '', action: 'pause' } }, /a deployment id is 1-64 printable characters/)
    assert.deepEqual(controlled, [`pause d1 ${actor}`, `resume d1 ${actor}`, `cancel d1 ${actor}`])
    const audit = (await ask(admin, { auditList: { limit: 0, deploymentId: 'd1' } })).audit
    assert.deepEqual(audit.map(e => [e.action, e.actor, e.deploymentId]), [['pause', actor, 'd1'], ['resume', actor, 'd1'], ['cancel', actor, 'd1']])
  })

  it('resets an oversized or malformed request with a logged refusal, changing nothing', async () => {
    const audited = db.auditLog().length
    const before = refusals.length
    // claims one byte more than the bound: refused on the length prefix alone
    const oversized = await admin.dialProtocol(server.getMultiaddrs()[0], ADMIN_PROTOCOL)
    oversized.send(varint(MAX_ADMIN_REQUEST_BYTES + 1))
    oversized.send(new Uint8Array(1024))
    // a frame that is not an AdminRequest
    const garbage = await admin.dialProtocol(server.getMultiaddrs()[0], ADMIN_PROTOCOL)
    await lpStream(garbage).write(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]))
    await waitFor(() => refusals.length === before + 2, 5000, 'two refusals')
    assert.ok(refusals.slice(before).every(r => /unreadable admin request/.test(r.reason)), JSON.stringify(refusals.slice(before)))
    assert.equal(db.auditLog().length, audited)
  })
})

describe('admin protocol on a real host', function () {
  let dir: string
  let host: CascadeHost
  let asAdmin: AdminOptions
  let asStranger: AdminOptions
  let adminId: string
  const refused: string[] = []

  before(async function () {
    dir = await tempDir()
    const adminKey = await generateKey()
    adminId = peerIdFromPrivateKey(adminKey).toString()
    await saveKey(join(dir, 'admin.key'), adminKey)
    await saveKey(join(dir, 'stranger.key'), await generateKey())
    host = createHost({ dataDir: join(dir, 'host'), admins: [adminId] })
    host.on('refused', ({ protocol, reason }) => { refused.push(`${protocol}: ${reason}`) })
    await host.start()
    asAdmin = { host: host.multiaddrs()[0], keyFile: join(dir, 'admin.key') }
    asStranger = { host: host.multiaddrs()[0], keyFile: join(dir, 'stranger.key') }
  })

  after(async () => {
    await host?.stop()
    await cleanup(dir)
  })

  it('refuses a key that is not an admin, with the reason', async () => {
    await assert.rejects(listRules(asStranger), { name: 'AdminRefusedError', message: /is not an authorized admin/ })
    await assert.rejects(addGroup(asStranger, { name: 'lab', match: 'group=lab' }), { name: 'AdminRefusedError' })
    assert.ok(refused.some(r => r.startsWith(`${ADMIN_PROTOCOL}: peer `)))
    assert.deepEqual(await listGroups(asAdmin), [])
  })

  it('manages groups and rules, lists deployments and the audit log', async () => {
    const group = await addGroup(asAdmin, { name: 'lab', match: 'group=lab' })
    assert.equal(group.name, 'lab')
    const rule = await addRule(asAdmin, { group: 'lab', package: 'app', versions: '~1.4' })
    assert.equal(rule.versions, '~1.4')
    assert.deepEqual((await listGroups(asAdmin)).map(g => g.name), ['lab'])
    assert.deepEqual((await listRules(asAdmin)).map(r => r.id), [rule.id])
    assert.deepEqual(await listDeployments(asAdmin), [])
    await assert.rejects(controlDeployment(asAdmin, 'missing', 'pause'), { name: 'AdminRefusedError', message: 'no deployment missing' })
    assert.equal((await removeRule(asAdmin, rule.id)).id, rule.id)
    assert.equal((await removeGroup(asAdmin, 'lab')).name, 'lab')
    const audit = await listAudit(asAdmin)
    assert.deepEqual(audit.map(e => [e.action, e.actor]), [['group-add', adminId], ['rule-add', adminId], ['rule-remove', adminId], ['group-remove', adminId]])
  })
})
