/**
 * The site's side of its reports to its parent (docs/hierarchy.md): for
 * each deployment that came from the parent, the state of each of its
 * members (and of the members of the sites below it, from their own
 * reports, with their site named), the members its rules refused, its
 * bytes served, and whether every member is final. Sent at most once per
 * REPORT_INTERVAL_MS while the deployment runs, at once when it ends or a
 * site below reports, and again after each re-join (the parent may have
 * missed it). A site with more members than MAX_SITE_REPORT_MEMBERS lists
 * those not done first; its counts per state cover every member.
 */
import { NodeState } from '../../state/index.js'
import { MAX_SITE_REPORT_MEMBERS, MAX_SITE_REPORT_REASON } from '../../protocols/join/index.js'
import type { Deployment } from '../host/deployment/index.js'
import type { SiteMarks } from './site-marks.js'
import type { SiteReports } from './site-reports.js'
import type { SiteMemberState, SiteReport } from '../../protocols/join/index.js'

/** Progress reports to the parent at most this often (the node's own progress reports run at 500 ms). */
const REPORT_INTERVAL_MS = 1_000

/** Deployments whose last report is kept for a resend after a re-join. */
const RESENT_DEPLOYMENTS = 8

export interface SiteReporterInit {
  send: (report: SiteReport) => void
  /** the reports of this site's own sites (a deeper level) */
  childReports: SiteReports
  marks: SiteMarks
}

interface Tracked {
  deployment?: Deployment
  refused: SiteMemberState[]
  timer?: ReturnType<typeof setTimeout>
}

export class SiteReporter {
  private readonly init: SiteReporterInit
  private readonly tracked = new Map<string, Tracked>()

  constructor (init: SiteReporterInit) {
    this.init = init
    init.childReports.on('report', ({ deploymentId }) => { this.soon(deploymentId, 0) })
  }

  /** A parent deployment reached this site: `deployment` is the site's own (none when no member was targeted). */
  track (deploymentId: string, deployment: Deployment | undefined, excluded: Array<{ peerId: string, reason: string }>): void {
    const refused = excluded.map(({ peerId, reason }) => ({ peerId, state: '', version: '', reason: reason.slice(0, MAX_SITE_REPORT_REASON), site: '' }))
    this.tracked.set(deploymentId, { deployment, refused })
    for (const old of [...this.tracked.keys()].slice(0, -RESENT_DEPLOYMENTS)) {
      clearTimeout(this.tracked.get(old)?.timer)
      this.tracked.delete(old)
    }
    deployment?.on('progress', () => { this.soon(deploymentId, REPORT_INTERVAL_MS) })
    deployment?.once('finished', () => { this.soon(deploymentId, 0) })
    this.soon(deploymentId, 0)
  }

  /** After a re-join: the parent hears every tracked deployment again. */
  resend (): void {
    for (const id of this.tracked.keys()) {
      this.soon(id, 0)
    }
  }

  stop (): void {
    for (const tracked of this.tracked.values()) {
      clearTimeout(tracked.timer)
    }
  }

  private soon (deploymentId: string, delayMs: number): void {
    const tracked = this.tracked.get(deploymentId)
    if (tracked == null || (tracked.timer != null && delayMs > 0)) {
      return
    }
    clearTimeout(tracked.timer)
    tracked.timer = setTimeout(() => {
      tracked.timer = undefined
      this.init.send(this.build(deploymentId, tracked))
    }, delayMs)
    tracked.timer.unref()
  }

  private build (deploymentId: string, tracked: Tracked): SiteReport {
    const deployment = tracked.deployment
    const own: SiteMemberState[] = [...(deployment?.nodes.values() ?? [])].map(node => ({
      peerId: node.peerId, state: node.state, version: node.version, reason: node.reason.slice(0, MAX_SITE_REPORT_REASON), site: ''
    }))
    const children = this.init.childReports.forDeployment(deploymentId)
    const deeper = children.flatMap(report => report.members.map(member => ({ ...member, site: member.site === '' ? report.site : member.site })))
    const members = [...own, ...tracked.refused, ...deeper]
    const counts = new Map<string, number>()
    for (const member of members) {
      counts.set(member.state, (counts.get(member.state) ?? 0) + 1)
    }
    // the sites below that took the release must have finished too
    const childSites = own.filter(node => node.state === NodeState.done && this.init.marks.isSite(node.peerId)).map(node => node.peerId)
    const childrenFinished = childSites.every(site => children.find(report => report.site === site)?.finished === true)
    // those not done first: a cut list still names every failure
    const listed = members.length <= MAX_SITE_REPORT_MEMBERS ? members : [...members].sort((a, b) => Number(a.state === NodeState.done) - Number(b.state === NodeState.done)).slice(0, MAX_SITE_REPORT_MEMBERS)
    return {
      deploymentId,
      members: listed,
      bytesServed: (deployment?.hostBytesSent ?? 0) + children.reduce((sum, report) => sum + report.bytesServed, 0),
      finished: (deployment == null || deployment.finished) && childrenFinished,
      counts: [...counts].map(([state, count]) => ({ state, count }))
    }
  }
}
