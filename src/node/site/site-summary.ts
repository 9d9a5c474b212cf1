/**
 * A deployment's summary across the hierarchy (docs/hierarchy.md): once the
 * host's own part has ended, the publish service waits for each site that
 * took the release to report every targeted member final, then names every
 * member of every site in the summary, with its site. A site that has not
 * reported for the stall timeout (offline, or stuck) is unreachable: its
 * members not known to be final are named "site unreachable" and the rest of
 * the fleet is not held up. A member a site's rules refused is named
 * "refused by site …", and is no failure; a late member's catch-up at a site
 * is named with `catchUp`, apart from the deployment (docs/operations.md).
 */
import { NodeState, isTerminal } from '../../state/index.js'
import { DEFAULT_STALL_TIMEOUT_MS } from '../host/deployment/index.js'
import type { CoreComponents } from '../host/components.js'
import type { KeptSiteReport } from './site-reports.js'
import type { DeploymentSummary, NodeProgress } from '../../protocols/publish/index.js'
import type { SiteMemberState } from '../../protocols/join/index.js'

/** How often the wait looks at the sites again (reports also wake it). */
const SITE_POLL_MS = 250

export type SiteSummaryComponents = Pick<CoreComponents, 'siteReports' | 'sites' | 'config'>

/** A member of a site as a node of the summary. */
function memberProgress (member: SiteMemberState, report: KeptSiteReport, reachable: boolean): NodeProgress {
  const site = member.site === '' ? report.site : member.site
  const refused = member.state === ''
  const final = refused || isTerminal(member.state as NodeState)
  return {
    peerId: member.peerId,
    state: refused ? NodeState.skipped : member.state,
    bytesReceived: 0,
    bytesSent: 0,
    reason: refused ? `refused by site ${site}: ${member.reason}` : !reachable && !final ? `site unreachable (last known: ${member.state})` : member.reason,
    version: member.version,
    at: report.updatedAt,
    parent: '',
    bytesDuplicate: 0,
    site,
    refusedBySite: refused,
    ...(member.catchUp === true ? { catchUp: true } : {})
  }
}

/** Calls `forward` with each member of each site report about `deploymentId` as it arrives; returns how to stop. */
export function followSiteProgress (components: SiteSummaryComponents, deploymentId: string, forward: (progress: NodeProgress) => void): () => void {
  const onReport = (report: KeptSiteReport): void => {
    if (report.deploymentId === deploymentId) {
      // a late member's catch-up is no node of the deployment: the summary names it apart
      for (const member of report.members.filter(member => member.catchUp !== true)) {
        forward(memberProgress(member, report, true))
      }
    }
  }
  components.siteReports.on('report', onReport)
  return () => { components.siteReports.off('report', onReport) }
}

/** Waits for the sites of `summary`'s deployment, then adds their members to it. */
export async function completeWithSites (components: SiteSummaryComponents, summary: DeploymentSummary): Promise<DeploymentSummary> {
  const { siteReports, sites } = components
  const id = summary.deploymentId
  const siteNodes = summary.nodes.filter(node => sites.isSite(node.peerId))
  if (siteNodes.length === 0) {
    return summary
  }
  const stallMs = components.config.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
  const waitingSince = Date.now()
  // a site restarting (or briefly offline) is waited for until it has been silent for the stall timeout
  const waitingFor = (site: string): boolean => {
    const report = siteReports.get(id, site)
    return report?.finished !== true && Date.now() - Math.max(report?.updatedAt ?? 0, waitingSince) < stallMs
  }
  // a site that did not take the release has nothing to report on it
  while (siteNodes.some(node => node.state === NodeState.done && waitingFor(node.peerId))) {
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, SITE_POLL_MS)
      function done (): void { clearTimeout(timer); siteReports.off('report', done); resolve() }
      siteReports.on('report', done)
    })
  }
  const nodes = [...summary.nodes]
  let unreachable = 0
  for (const siteNode of siteNodes) {
    const report = siteReports.get(id, siteNode.peerId)
    const reachable = report?.finished === true
    if (!reachable) {
      unreachable++
      siteNode.reason = `${siteNode.reason === '' ? '' : `${siteNode.reason}; `}site unreachable${report == null ? ': its members are not known' : ''}`
    }
    for (const member of report?.members ?? []) {
      nodes.push(memberProgress(member, report as KeptSiteReport, reachable))
    }
  }
  // refused members and late members' catch-ups are named, but the deployment neither waited for them nor failed by them
  const short = nodes.filter(node => node.refusedBySite !== true && node.catchUp !== true && node.state !== NodeState.done)
  const success = summary.success && short.length === 0 && unreachable === 0
  const reason = success || !summary.success
    ? summary.reason
    : `${short.map(node => `${node.peerId}${node.site != null && node.site !== '' ? ` (site ${node.site})` : ''}: ${node.state}${node.reason === '' ? '' : ` (${node.reason})`}`).join('; ')}`
  return { ...summary, nodes, success, reason }
}
