import assert from 'node:assert/strict'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { HostDatabase } from '../src/node/host/database.js'
import { generateKey } from '../src/node/identity.js'
import { SiteMarks, checkSiteJoin } from '../src/node/site/site-marks.js'
import { SiteReports } from '../src/node/site/site-reports.js'
import { DeploymentState, NodeState } from '../src/state/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { SiteReport } from '../src/protocols/join/index.js'

async function newPeer (): Promise<string> {
  return peerIdFromPrivateKey(await generateKey()).toString()
}

describe('site reports on the parent: forged and unknown ones are refused and change nothing', () => {
  // the parent's database, its marks and reports, one marked site that took part in deployment d1, and a member of it
  let dir = ''
  let site = ''
  let member = ''
  let database: HostDatabase, marks: SiteMarks, reports: SiteReports

  beforeEach(async () => {
    dir = await tempDir('cascade-site-reports-')
    database = new HostDatabase(join(dir, 'host.db'))
    marks = new SiteMarks(database.db)
    reports = new SiteReports({ database, sites: marks });
    [site, member] = [await newPeer(), await newPeer()]
    marks.add(site, 'admin')
    database.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.running, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
    database.upsertDeploymentNode({ deploymentId: 'd1', peerId: site, state: NodeState.done, reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, version: 'v2', updatedAt: 1 })
  })

  afterEach(async () => {
    database.close()
    await cleanup(dir)
  })

  function report (over: Partial<SiteReport> = {}): SiteReport {
    return { deploymentId: 'd1', members: [{ peerId: member, state: NodeState.done, version: 'v2', reason: '', site: '' }], bytesServed: 10, finished: true, counts: [], ...over }
  }

  it('keeps a valid report from a marked site that is part of the deployment', () => {
    reports.accept(site, report())
    assert.equal(reports.get('d1', site)?.members[0].peerId, member)
  })

  it('refuses a report from a peer that is not a site, for an unknown deployment, or one the site had no part in', async () => {
    const stranger = await newPeer()
    database.insertDeployment({ id: 'd2', name: 'app', version: 'v3', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.running, createdAt: 2, target: '', channel: '', waves: [], maxFailures: 0 })
    assert.throws(() => reports.accept(stranger, report()), { name: 'SiteReportRefusedError', message: /not a site of this host/ })
    assert.throws(() => reports.accept(site, report({ deploymentId: 'nope' })), { name: 'SiteReportRefusedError', message: /"nope", which does not exist/ })
    assert.throws(() => reports.accept(site, report({ deploymentId: 'd2' })), { name: 'SiteReportRefusedError', message: /was not part of/ })
    assert.equal(reports.forDeployment('d1').length + reports.forDeployment('d2').length, 0)
  })

  it('refuses a forged report: a bad peer id, an unknown state, a control character', () => {
    const forged = [
      report({ members: [{ peerId: 'not-a-peer', state: NodeState.done, version: 'v2', reason: '', site: '' }] }),
      report({ members: [{ peerId: member, state: 'hacked', version: 'v2', reason: '', site: '' }] }),
      report({ members: [{ peerId: member, state: NodeState.done, version: 'v2\n', reason: '', site: '' }] }),
      report({ bytesServed: -1 })
    ]
    for (const bad of forged) {
      assert.throws(() => reports.accept(site, bad), { name: 'SiteReportRefusedError' })
    }
    assert.equal(reports.forDeployment('d1').length, 0)
  })

  it('a revoked site\'s reports and joins are refused', () => {
    marks.revoke(site, 'admin')
    assert.throws(() => reports.accept(site, report()), /not a site of this host/)
    assert.throws(() => { checkSiteJoin(marks, site, true) }, { name: 'SiteRefusedError', message: /was revoked by admin/ })
    assert.throws(() => { checkSiteJoin(marks, site, false) }, { name: 'SiteRefusedError' })
    assert.throws(() => { checkSiteJoin(marks, member, true) }, { message: /is not a site of this host: its admin must mark it/ })
    checkSiteJoin(marks, member, false)
  })
})
