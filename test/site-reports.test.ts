import assert from 'node:assert/strict'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { HostDatabase } from '../src/node/host/database.js'
import { generateKey } from '../src/node/identity.js'
import { SiteMarks, checkSiteJoin } from '../src/node/site/site-marks.js'
import { SiteReports } from '../src/node/site/site-reports.js'
import { completeWithSites } from '../src/node/site/site-summary.js'
import { DeploymentState, NodeState } from '../src/state/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { SiteReport } from '../src/protocols/join/index.js'
import type { DeploymentSummary } from '../src/protocols/publish/index.js'

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

describe('the summary across sites: refused members are no failures, a silent site is unreachable', () => {
  let dir = ''
  let database: HostDatabase, marks: SiteMarks, reports: SiteReports

  beforeEach(async () => {
    dir = await tempDir('cascade-site-summary-')
    database = new HostDatabase(join(dir, 'host.db'))
    marks = new SiteMarks(database.db)
    reports = new SiteReports({ database, sites: marks })
  })

  afterEach(async () => {
    database.close()
    await cleanup(dir)
  })

  /** A root's summary of deployment d1 in which `sites` took the release (done). */
  function summaryOf (sites: string[]): DeploymentSummary {
    database.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.succeeded, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
    const nodes = sites.map(peerId => {
      database.upsertDeploymentNode({ deploymentId: 'd1', peerId, state: NodeState.done, reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, version: 'v2', updatedAt: 1 })
      return { peerId, state: NodeState.done, bytesReceived: 0, bytesSent: 0, reason: '', version: 'v2', at: 1, parent: '', bytesDuplicate: 0 }
    })
    return { deploymentId: 'd1', version: 'v2', success: true, hostBytesSent: 0, packageSize: 1, nodes, startedAt: 0, finishedAt: 1, lowerBoundMs: 0, hostChildren: 1, reason: '' }
  }

  it('names every site member with its site; a member refused by a site\'s rule does not fail the deployment', async () => {
    const [site, done, refused] = [await newPeer(), await newPeer(), await newPeer()]
    marks.add(site, 'admin')
    const summary = summaryOf([site])
    reports.accept(site, {
      deploymentId: 'd1',
      members: [{ peerId: done, state: NodeState.done, version: 'v2', reason: '', site: '' }, { peerId: refused, state: '', version: '', reason: 'in no group', site: '' }],
      bytesServed: 1,
      finished: true,
      counts: []
    })
    const complete = await completeWithSites({ siteReports: reports, sites: marks, config: { dataDir: dir, stallTimeoutMs: 5_000 } }, summary)
    assert.equal(complete.success, true, complete.reason)
    assert.deepEqual(complete.nodes.map(n => [n.peerId, n.site ?? '', n.refusedBySite === true]), [[site, '', false], [done, site, false], [refused, site, true]])
    assert.equal(complete.nodes[2].reason, `refused by site ${site}: in no group`)
  })

  it('a site silent for the stall timeout is unreachable: its members are named so, and the wait ends', async () => {
    const [silent, halfway, member] = [await newPeer(), await newPeer(), await newPeer()]
    marks.add(silent, 'admin')
    marks.add(halfway, 'admin')
    const summary = summaryOf([silent, halfway])
    reports.accept(halfway, { deploymentId: 'd1', members: [{ peerId: member, state: NodeState.receiving, version: 'v1', reason: '', site: '' }], bytesServed: 0, finished: false, counts: [] })
    const started = Date.now()
    const complete = await completeWithSites({ siteReports: reports, sites: marks, config: { dataDir: dir, stallTimeoutMs: 500 } }, summary)
    assert.ok(Date.now() - started < 5_000)
    assert.equal(complete.success, false)
    assert.match(complete.nodes.find(n => n.peerId === silent)?.reason ?? '', /site unreachable: its members are not known/)
    assert.equal(complete.nodes.find(n => n.peerId === member)?.reason, 'site unreachable (last known: receiving)')
    assert.match(complete.reason, new RegExp(`${member} \\(site ${halfway}\\): receiving`))
  })
})
