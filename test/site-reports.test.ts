import assert from 'node:assert/strict'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { HostDatabase } from '../src/node/host/database.js'
import { generateKey } from '../src/node/identity.js'
import { SiteMarks, checkSiteJoin } from '../src/node/site/site-marks.js'
import { SiteReports } from '../src/node/site/site-reports.js'
import { SiteReporter } from '../src/node/site/site-reporter.js'
import { RulesStore } from '../src/node/host/rules-store.js'
import { completeWithSites, followSiteProgress } from '../src/node/site/site-summary.js'
import { DeploymentState, NodeState } from '../src/state/index.js'
import { cleanup, tempDir } from './helpers.js'
import type { SiteReport } from '../src/protocols/join/index.js'
import type { DeploymentSummary } from '../src/protocols/publish/index.js'

async function newPeer (): Promise<string> {
  return peerIdFromPrivateKey(await generateKey()).toString()
}

interface Parent {
  dir: string
  database: HostDatabase
  marks: SiteMarks
  reports: SiteReports
}

/** A parent's database, its site marks and its site reports, made afresh before each test (and removed after it). */
function parentPerTest (): Parent {
  const parent = {} as Parent
  beforeEach(async () => {
    parent.dir = await tempDir('cascade-site-reports-')
    parent.database = new HostDatabase(join(parent.dir, 'host.db'))
    parent.marks = new SiteMarks(parent.database.db)
    parent.reports = new SiteReports({ database: parent.database, sites: parent.marks })
  })
  afterEach(async () => {
    parent.database.close()
    await cleanup(parent.dir)
  })
  return parent
}

describe('site reports on the parent: forged and unknown ones are refused and change nothing', () => {
  // one marked site that took part in deployment d1, and a member of it
  const p = parentPerTest()
  let site = ''
  let member = ''

  beforeEach(async () => {
    [site, member] = [await newPeer(), await newPeer()]
    p.marks.add(site, 'admin')
    p.database.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.running, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
    p.database.upsertDeploymentNode({ deploymentId: 'd1', peerId: site, state: NodeState.done, reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, version: 'v2', updatedAt: 1 })
  })

  function report (over: Partial<SiteReport> = {}): SiteReport {
    return { deploymentId: 'd1', members: [{ peerId: member, state: NodeState.done, version: 'v2', reason: '', site: '' }], bytesServed: 10, finished: true, counts: [], ...over }
  }

  it('keeps a valid report from a marked site that is part of the deployment', () => {
    p.reports.accept(site, report())
    assert.equal(p.reports.get('d1', site)?.members[0].peerId, member)
  })

  it('refuses a report from a peer that is not a site, for an unknown deployment, or one the site had no part in', async () => {
    const stranger = await newPeer()
    p.database.insertDeployment({ id: 'd2', name: 'app', version: 'v3', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.running, createdAt: 2, target: '', channel: '', waves: [], maxFailures: 0 })
    assert.throws(() => p.reports.accept(stranger, report()), { name: 'SiteReportRefusedError', message: /not a site of this host/ })
    assert.throws(() => p.reports.accept(site, report({ deploymentId: 'nope' })), { name: 'SiteReportRefusedError', message: /"nope", which does not exist/ })
    assert.throws(() => p.reports.accept(site, report({ deploymentId: 'd2' })), { name: 'SiteReportRefusedError', message: /was not part of/ })
    assert.equal(p.reports.forDeployment('d1').length + p.reports.forDeployment('d2').length, 0)
  })

  it('refuses a forged report: a bad peer id, an unknown state, a control character', () => {
    const forged = [
      report({ members: [{ peerId: 'not-a-peer', state: NodeState.done, version: 'v2', reason: '', site: '' }] }),
      report({ members: [{ peerId: member, state: 'hacked', version: 'v2', reason: '', site: '' }] }),
      report({ members: [{ peerId: member, state: NodeState.done, version: 'v2\n', reason: '', site: '' }] }),
      report({ bytesServed: -1 })
    ]
    for (const bad of forged) {
      assert.throws(() => p.reports.accept(site, bad), { name: 'SiteReportRefusedError' })
    }
    assert.equal(p.reports.forDeployment('d1').length, 0)
  })

  it('a revoked site\'s p.reports and joins are refused', () => {
    p.marks.revoke(site, 'admin')
    assert.throws(() => p.reports.accept(site, report()), /not a site of this host/)
    assert.throws(() => { checkSiteJoin(p.marks, site, true) }, { name: 'SiteRefusedError', message: /was revoked by admin/ })
    assert.throws(() => { checkSiteJoin(p.marks, site, false) }, { name: 'SiteRefusedError' })
    assert.throws(() => { checkSiteJoin(p.marks, member, true) }, { message: /is not a site of this host: its admin must mark it/ })
    checkSiteJoin(p.marks, member, false)
  })
})

describe('the summary across sites: refused members are no failures, a silent site is unreachable', () => {
  const p = parentPerTest()

  /** A root's summary of deployment d1 in which `sites` took the release (done). */
  function summaryOf (sites: string[]): DeploymentSummary {
    p.database.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.succeeded, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
    const nodes = sites.map(peerId => {
      p.database.upsertDeploymentNode({ deploymentId: 'd1', peerId, state: NodeState.done, reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, version: 'v2', updatedAt: 1 })
      return { peerId, state: NodeState.done, bytesReceived: 0, bytesSent: 0, reason: '', version: 'v2', at: 1, parent: '', bytesDuplicate: 0 }
    })
    return { deploymentId: 'd1', version: 'v2', success: true, hostBytesSent: 0, packageSize: 1, nodes, startedAt: 0, finishedAt: 1, lowerBoundMs: 0, hostChildren: 1, reason: '' }
  }

  it('names every site member with its site; a member refused by a site\'s rule does not fail the deployment', async () => {
    const [site, done, refused] = [await newPeer(), await newPeer(), await newPeer()]
    p.marks.add(site, 'admin')
    const summary = summaryOf([site])
    p.reports.accept(site, {
      deploymentId: 'd1',
      members: [{ peerId: done, state: NodeState.done, version: 'v2', reason: '', site: '' }, { peerId: refused, state: '', version: '', reason: 'in no group', site: '' }],
      bytesServed: 1,
      finished: true,
      counts: []
    })
    const complete = await completeWithSites({ siteReports: p.reports, sites: p.marks, config: { dataDir: p.dir, stallTimeoutMs: 5_000 } }, summary)
    assert.equal(complete.success, true, complete.reason)
    assert.deepEqual(complete.nodes.map(n => [n.peerId, n.site ?? '', n.refusedBySite === true]), [[site, '', false], [done, site, false], [refused, site, true]])
    assert.equal(complete.nodes[2].reason, `refused by site ${site}: in no group`)
  })

  it('a late member\'s catch-up at a site, failed or under way, is named apart and neither fails nor holds the deployment', async () => {
    const [site, done, failed, receiving] = [await newPeer(), await newPeer(), await newPeer(), await newPeer()]
    p.marks.add(site, 'admin')
    const summary = summaryOf([site])
    const forwarded: string[] = []
    const stop = followSiteProgress({ siteReports: p.reports, sites: p.marks, config: { dataDir: p.dir } }, 'd1', progress => { forwarded.push(progress.peerId) })
    p.reports.accept(site, {
      deploymentId: 'd1',
      members: [
        { peerId: done, state: NodeState.done, version: 'v2', reason: '', site: '' },
        { peerId: failed, state: NodeState.rolledBack, version: 'v1', reason: 'the app did not start', site: '', catchUp: true },
        { peerId: receiving, state: NodeState.receiving, version: 'v1', reason: '', site: '', catchUp: true }
      ],
      bytesServed: 1,
      finished: true,
      counts: []
    })
    stop()
    assert.deepEqual(forwarded, [done], 'the live progress shows the deployment\'s own members only')
    const complete = await completeWithSites({ siteReports: p.reports, sites: p.marks, config: { dataDir: p.dir, stallTimeoutMs: 5_000 } }, summary)
    assert.equal(complete.success, true, complete.reason)
    assert.deepEqual(complete.nodes.map(n => [n.peerId, n.state, n.catchUp === true]), [[site, NodeState.done, false], [done, NodeState.done, false], [failed, NodeState.rolledBack, true], [receiving, NodeState.receiving, true]])
  })

  it('a site silent for the stall timeout is unreachable: its members are named so, and the wait ends', async () => {
    const [silent, halfway, member] = [await newPeer(), await newPeer(), await newPeer()]
    p.marks.add(silent, 'admin')
    p.marks.add(halfway, 'admin')
    const summary = summaryOf([silent, halfway])
    p.reports.accept(halfway, { deploymentId: 'd1', members: [{ peerId: member, state: NodeState.receiving, version: 'v1', reason: '', site: '' }], bytesServed: 0, finished: false, counts: [] })
    const started = Date.now()
    const complete = await completeWithSites({ siteReports: p.reports, sites: p.marks, config: { dataDir: p.dir, stallTimeoutMs: 500 } }, summary)
    assert.ok(Date.now() - started < 5_000)
    assert.equal(complete.success, false)
    assert.match(complete.nodes.find(n => n.peerId === silent)?.reason ?? '', /site unreachable: its members are not known/)
    assert.equal(complete.nodes.find(n => n.peerId === member)?.reason, 'site unreachable (last known: receiving)')
    assert.match(complete.reason, new RegExp(`${member} \\(site ${halfway}\\): receiving`))
  })
})

describe('the site\'s reports to its parent: a late member\'s catch-up is flagged and reported as it moves', () => {
  // the site's own database, holding its part of deployment d1 (finished) and two late members' catch-ups
  const s = parentPerTest()

  it('flags catch-up rows, under way and ended alike, and reports again when a catch-up moves after the final report', async () => {
    const [member, late, later] = [await newPeer(), await newPeer(), await newPeer()]
    s.database.insertDeployment({ id: 'd1', name: 'app', version: 'v2', manifestId: 'm', signedManifest: new Uint8Array(), publisher: 'p', state: DeploymentState.succeeded, createdAt: 1, target: '', channel: '', waves: [], maxFailures: 0 })
    const row = { deploymentId: 'd1', reason: '', parent: '', bytesReceived: 0, bytesSent: 0, attempts: 1, updatedAt: 1 }
    s.database.upsertDeploymentNode({ ...row, peerId: member, state: NodeState.done, version: 'v2' })
    s.database.upsertDeploymentNode({ ...row, peerId: late, state: NodeState.rolledBack, version: 'v1', reason: 'the app did not start', catchUp: true })
    s.database.upsertDeploymentNode({ ...row, peerId: later, state: NodeState.receiving, version: 'v1', catchUp: true })
    const sent: SiteReport[] = []
    const reporter = new SiteReporter({ database: s.database, rules: new RulesStore(s.database.db), sites: s.marks, siteReports: s.reports }, report => { sent.push(report) })
    try {
      reporter.track('d1')
      assert.equal(sent.length, 1)
      assert.equal(sent[0].finished, true)
      const flags = (report: SiteReport): Array<[string, string, boolean]> => report.members.map(m => [m.peerId, m.state, m.catchUp === true])
      assert.deepEqual(flags(sent[0]).sort(), ([[member, NodeState.done, false], [late, NodeState.rolledBack, true], [later, NodeState.receiving, true]] as Array<[string, string, boolean]>).sort())

      // the final report went out; the later member's catch-up ends, and the parent hears of it
      s.database.upsertDeploymentNode({ ...row, peerId: later, state: NodeState.done, version: 'v2', catchUp: true })
      reporter.caughtUp('d1')
      assert.equal(sent.length, 2)
      assert.deepEqual(flags(sent[1]).find(([peerId]) => peerId === later), [later, NodeState.done, true])
      // a deployment the parent did not send is not reported on
      reporter.caughtUp('d2')
      assert.equal(sent.length, 2)
    } finally {
      reporter.stop()
    }
  })
})
