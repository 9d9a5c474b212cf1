/**
 * The sites below a host for `cascade status --tree` (docs/hierarchy.md),
 * from each site's latest report: its members, counted per version and per
 * state, and the sites below it (named in its report as its members' site)
 * as levels of their own.
 */
import type { CoreComponents } from '../host/components.js'
import type { SiteCount, SiteStatus } from '../../protocols/status/index.js'
import type { SiteMemberState } from '../../protocols/join/index.js'

/** A member a site's rules refused has no state in the deployment: counted under this name. */
const REFUSED_STATE = 'refused by the site'

/** A member whose version the report does not give. */
const UNKNOWN_VERSION = 'unknown'

function countBy (members: SiteMemberState[], key: (member: SiteMemberState) => string): SiteCount[] {
  const counts = new Map<string, number>()
  for (const member of members) {
    counts.set(key(member), (counts.get(key(member)) ?? 0) + 1)
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count)
}

function level (peerId: string, parent: string, online: boolean, members: SiteMemberState[], deploymentId: string, reportedAt: number): SiteStatus {
  return {
    peerId,
    parent,
    online,
    members: members.length,
    versions: countBy(members, member => member.version === '' ? UNKNOWN_VERSION : member.version),
    states: countBy(members, member => member.state === '' ? REFUSED_STATE : member.state),
    deploymentId,
    reportedAt
  }
}

export function siteStatuses (components: Pick<CoreComponents, 'siteReports' | 'sites' | 'channels'>): SiteStatus[] {
  const statuses: SiteStatus[] = []
  for (const report of components.siteReports.latest()) {
    if (!components.sites.isSite(report.site)) {
      continue
    }
    const bySite = new Map<string, SiteMemberState[]>()
    for (const member of report.members) {
      const site = member.site === '' ? report.site : member.site
      bySite.set(site, [...(bySite.get(site) ?? []), member])
    }
    statuses.push(level(report.site, '', components.channels.has(report.site), bySite.get(report.site) ?? [], report.deploymentId, report.updatedAt))
    for (const [site, members] of bySite) {
      if (site !== report.site) {
        // a deeper site's parent is the site that has it among its own members
        const parent = report.members.find(member => member.peerId === site)?.site ?? ''
        statuses.push(level(site, parent === '' ? report.site : parent, true, members, report.deploymentId, report.updatedAt))
      }
    }
  }
  return statuses
}
