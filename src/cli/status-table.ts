import { formatRate } from '../node/units.js'
import type { StatusResponse } from '../protocols/status/index.js'

function ago (ms: number, now: number): string {
  if (ms === 0) {
    return '-'
  }
  const seconds = Math.max(0, Math.round((now - ms) / 1000))
  return seconds < 60 ? `${seconds}s ago` : seconds < 3600 ? `${Math.round(seconds / 60)}m ago` : `${Math.round(seconds / 3600)}h ago`
}

/**
 * A member's state in the deployment serving it; for an offline member, the
 * state it was last in, marked `(offline…)`: nothing moves it until it is back.
 */
function describeDeployment (member: StatusResponse['members'][number]): string {
  if (member.deploymentState === '') {
    return '-'
  }
  const notes = [...(member.online ? [] : ['offline']), ...(member.deploymentReason === '' ? [] : [member.deploymentReason])]
  return `${member.deploymentState}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`
}

/** How `cascade status` names a member's reachability (docs/internet.md). */
export function describeReachability (reachability: string): string {
  return reachability === 'nat' ? 'behind NAT' : reachability === 'public' ? 'public' : 'unknown'
}

/** The member list as a table for people: fastest uploaders first. */
export function formatStatusTable (status: StatusResponse, now = Date.now()): string {
  // with a root of trust (docs/security.md), what each member last said of it
  const trust = status.members.some(member => member.trust != null)
  const header = ['PEER', 'STATE', 'REACHABILITY', 'VERSION', 'UPLOAD', 'DOWNLOAD', 'RTT', 'LABELS', 'LAST SEEN', 'DEPLOYMENT', ...(trust ? ['TRUST'] : [])]
  const rows = status.members.map(member => [
    member.peerId,
    member.online ? 'online' : 'offline',
    describeReachability(member.reachability),
    member.version === '' ? '-' : member.version,
    member.measuredAt === 0 ? 'unmeasured' : formatRate(member.uploadBps),
    member.measuredAt === 0 ? '-' : formatRate(member.downloadBps),
    member.measuredAt === 0 ? '-' : `${member.rttMs} ms`,
    member.labels.map(label => `${label.key}=${label.value}`).join(',') || '-',
    member.online ? 'now' : ago(member.lastSeen, now),
    describeDeployment(member),
    ...(trust ? [member.trust ?? '-'] : [])
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column].length)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()
  const online = status.members.filter(member => member.online).length
  return [
    `host ${status.hostPeerId}: ${status.members.length} members, ${online} online`,
    line(header),
    ...rows.map(line)
  ].join('\n')
}

/** The JSON form of `cascade status --json`: plain numbers, labels as an object. */
export function statusToJson (status: StatusResponse): unknown {
  return {
    host: { peerId: status.hostPeerId, addrs: status.hostAddrs },
    members: status.members.map(member => ({
      peerId: member.peerId,
      online: member.online,
      version: member.version,
      labels: Object.fromEntries(member.labels.map(label => [label.key, label.value])),
      uploadBps: member.uploadBps,
      downloadBps: member.downloadBps,
      rttMs: member.rttMs,
      uploadLimit: member.uploadLimit,
      addrs: member.addrs,
      // "public", "behind NAT" or "unknown", and the address the host sees it connect from
      reachability: describeReachability(member.reachability),
      observedIp: member.observedIp,
      lastSeen: member.lastSeen,
      measuredAt: member.measuredAt,
      // offline: `state` is the last one the member was in, not one it is in now
      deployment: member.deploymentState === '' ? null : { id: member.deploymentId, state: member.deploymentState, reason: member.deploymentReason, offline: !member.online },
      ...(member.trust == null ? {} : { trust: member.trust })
    })),
    // the sites below, from their reports (docs/hierarchy.md): `parent` '' = this host
    sites: status.sites.map(site => ({
      peerId: site.peerId,
      parent: site.parent,
      online: site.online,
      members: site.members,
      versions: Object.fromEntries(site.versions.map(count => [count.name, count.count])),
      states: Object.fromEntries(site.states.map(count => [count.name, count.count])),
      deploymentId: site.deploymentId,
      reportedAt: site.reportedAt
    }))
  }
}

/**
 * `cascade status --tree`: this host's own members counted per version,
 * then each site as a level, indented under its parent, with its members
 * per version and per state in the deployment it reported last.
 */
export function formatSiteTree (status: StatusResponse, now = Date.now()): string {
  const counts = (list: Array<{ name: string, count: number }>): string => list.map(count => `${count.name} ${count.count}`).join(', ') || '-'
  const own = new Map<string, number>()
  const sites = new Set(status.sites.map(site => site.peerId))
  for (const member of status.members.filter(member => !sites.has(member.peerId))) {
    const version = member.version === '' ? '-' : member.version
    own.set(version, (own.get(version) ?? 0) + 1)
  }
  const lines = [`host ${status.hostPeerId}: ${status.members.length - sites.size} own members (${counts([...own].map(([name, count]) => ({ name, count })))}), ${sites.size} sites`]
  const under = (parent: string, depth: number): void => {
    for (const site of status.sites.filter(site => site.parent === parent)) {
      const indent = '  '.repeat(depth)
      lines.push(`${indent}site ${site.peerId} (${site.online ? 'online' : 'offline'}): ${site.members} members; versions: ${counts(site.versions)}`)
      lines.push(`${indent}  deployment ${site.deploymentId === '' ? '-' : site.deploymentId} (reported ${ago(site.reportedAt, now)}): ${counts(site.states)}`)
      under(site.peerId, depth + 1)
    }
  }
  under('', 1)
  return lines.join('\n')
}
