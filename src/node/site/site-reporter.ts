/**
 * The site's side of its reports to its parent (docs/hierarchy.md): for
 * each deployment that came from the parent, the state of each of its
 * members as its database records it (the site's own deployment of it has
 * the same id, its late members' catch-ups included), the members its
 * rules refuse, the members of the sites below it (from their own reports,
 * their site named), its bytes served, and whether every member is final.
 * Sent every REPORT_INTERVAL_MS while unfinished, once more when finished,
 * at once when a site below reports, and again after each re-join (the
 * parent may have missed it), and when a late member's catch-up starts or
 * ends (flagged: apart from the deployment, docs/operations.md). Built from
 * the database, a report survives a
 * restart of the site. A site with more members than
 * MAX_SITE_REPORT_MEMBERS lists those not done first; its counts per state
 * cover every member.
 */
import { NodeState, DeploymentState } from '../../state/index.js'
import { MAX_SITE_REPORT_MEMBERS, MAX_SITE_REPORT_REASON } from '../../protocols/join/index.js'
import { selectTargets } from '../host/rules.js'
import type { CoreComponents } from '../host/components.js'
import type { SiteMemberState, SiteReport } from '../../protocols/join/index.js'

/** Reports to the parent at most this often while a deployment runs here (a node reports progress every 500 ms). */
const REPORT_INTERVAL_MS = 1_000

/** Deployments reported on: the newest this many (older ones finished long ago). */
const TRACKED_DEPLOYMENTS = 8

/** The site's own deployment of a parent deployment is still under way in these states. */
const UNDER_WAY: ReadonlySet<DeploymentState> = new Set([DeploymentState.uploading, DeploymentState.running, DeploymentState.paused])

export type SiteReporterComponents = Pick<CoreComponents, 'database' | 'rules' | 'sites' | 'siteReports'>

export class SiteReporter {
  private readonly components: SiteReporterComponents
  private readonly send: (report: SiteReport) => void
  /** tracked deployment ids, oldest first, with whether their final report went out */
  private readonly tracked = new Map<string, { finalSent: boolean }>()
  private readonly timer: ReturnType<typeof setInterval>

  constructor (components: SiteReporterComponents, send: (report: SiteReport) => void) {
    this.components = components
    this.send = send
    components.siteReports.on('report', ({ deploymentId }) => { this.report(deploymentId) })
    this.timer = setInterval(() => { this.round() }, REPORT_INTERVAL_MS)
    this.timer.unref()
  }

  /** A parent deployment reached this site (or did before a restart). */
  track (deploymentId: string): void {
    this.tracked.delete(deploymentId)
    this.tracked.set(deploymentId, { finalSent: false })
    for (const old of [...this.tracked.keys()].slice(0, -TRACKED_DEPLOYMENTS)) {
      this.tracked.delete(old)
    }
    this.report(deploymentId)
  }

  /** A late member's catch-up to `deploymentId` started or ended here: the parent hears of it (if it tracks it). */
  caughtUp (deploymentId: string): void {
    this.report(deploymentId)
  }

  /** After a re-join: the parent hears every tracked deployment again. */
  resend (): void {
    for (const id of this.tracked.keys()) {
      this.report(id)
    }
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private round (): void {
    for (const [id, tracked] of this.tracked) {
      if (!tracked.finalSent) {
        this.report(id)
      }
    }
  }

  private report (deploymentId: string): void {
    const tracked = this.tracked.get(deploymentId)
    const report = tracked == null ? undefined : this.build(deploymentId)
    if (tracked != null && report != null) {
      tracked.finalSent = report.finished
      this.send(report)
    }
  }

  private build (deploymentId: string): SiteReport | undefined {
    const { database, rules, sites, siteReports } = this.components
    const record = database.getDeployment(deploymentId)
    if (record == null) {
      return undefined
    }
    // a late member's catch-up is apart from the deployment (docs/operations.md): flagged, so that the
    // parent neither waits for it nor counts its failure as the deployment's
    const nodes = database.listDeploymentNodes(deploymentId)
    const own: SiteMemberState[] = nodes.map(node => ({
      peerId: node.peerId, state: node.state, version: node.version, reason: node.reason.slice(0, MAX_SITE_REPORT_REASON), site: '', ...(node.catchUp === true ? { catchUp: true } : {})
    }))
    // the members this site's rules refuse (as the rules stand now): named, not failures
    const targeted = new Set(nodes.map(node => node.peerId))
    const refused = selectTargets(database.listMembers().filter(member => !targeted.has(member.peerId)), { target: '', update: { name: record.name, version: record.version, channel: '' } }, rules.policy())
      .excluded.map(({ peerId, reason }) => ({ peerId, state: '', version: '', reason: reason.slice(0, MAX_SITE_REPORT_REASON), site: '' }))
    const children = siteReports.forDeployment(deploymentId)
    const deeper = children.flatMap(report => report.members.map(member => ({ ...member, site: member.site === '' ? report.site : member.site })))
    const members = [...own, ...refused, ...deeper]
    const counts = new Map<string, number>()
    for (const member of members) {
      counts.set(member.state, (counts.get(member.state) ?? 0) + 1)
    }
    // the sites below that took the release must have finished too
    const childSites = own.filter(node => node.state === NodeState.done && sites.isSite(node.peerId)).map(node => node.peerId)
    const childrenFinished = childSites.every(site => children.find(report => report.site === site)?.finished === true)
    // those not done first: a cut list still names every failure
    const listed = members.length <= MAX_SITE_REPORT_MEMBERS ? members : [...members].sort((a, b) => Number(a.state === NodeState.done) - Number(b.state === NodeState.done)).slice(0, MAX_SITE_REPORT_MEMBERS)
    return {
      deploymentId,
      members: listed,
      bytesServed: record.hostBytesSent + children.reduce((sum, report) => sum + report.bytesServed, 0),
      finished: !UNDER_WAY.has(record.state) && childrenFinished,
      counts: [...counts].map(([state, count]) => ({ state, count }))
    }
  }
}
