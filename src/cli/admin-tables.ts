/**
 * What `cascade group|rule|admin list`, `cascade deployments` and `cascade audit`
 * print: tables for people, plain objects for `--json`.
 */
import { formatBytes } from '../node/units.js'
import type { Admin, AuditEntry, Deployment, Group, Rule } from '../protocols/admin/index.js'

/** Explicit members shown in a group table before "+N more". */
const MEMBERS_SHOWN = 3

function table (header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column].length)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

/** `2025-01-31 12:00:00Z`, or `-` for 0. */
export function formatTime (ms: number): string {
  return ms === 0 ? '-' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`
}

function formatDuration (ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.round(seconds / 60)}m` : `${Math.round(seconds / 3600)}h`
}

export function describeMembers (group: Group): string {
  if (group.match !== '') {
    return `match ${group.match}`
  }
  const more = group.members.length - MEMBERS_SHOWN
  return `members ${group.members.slice(0, MEMBERS_SHOWN).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`
}

export function formatGroups (groups: Group[]): string {
  if (groups.length === 0) {
    return 'no groups'
  }
  return table(['GROUP', 'DEFINITION', 'ADDED', 'BY'], groups.map(group => [
    group.name, describeMembers(group), formatTime(group.createdAt), group.createdBy
  ]))
}

export function describeAdmits (rule: Rule): string {
  return rule.channel !== '' ? `channel ${rule.channel}` : `package ${rule.package} ${rule.versions === '' ? '*' : rule.versions}`
}

export function formatRules (rules: Rule[]): string {
  if (rules.length === 0) {
    return 'no rules: every update is allowed to every member'
  }
  return table(['ID', 'GROUP', 'ADMITS', 'ADDED', 'BY'], rules.map(rule => [
    `#${rule.id}`, rule.group, describeAdmits(rule), formatTime(rule.createdAt), rule.createdBy
  ]))
}

export function formatAdmins (admins: Admin[]): string {
  return table(['ADMIN', 'ADDED', 'BY'], admins.map(admin => [admin.peerId, formatTime(admin.addedAt), admin.addedBy]))
}

/** `4: 2 done, 1 failed, 1 receiving`; late members' catch-ups apart: `2: 2 done; catch-up: 1 failed` */
export function describeNodes (deployment: Deployment): string {
  const list = (counts: Deployment['nodeStates']): string => counts.map(({ state, count }) => `${count} ${state}`).join(', ')
  const states = list(deployment.nodeStates)
  const own = states === '' ? `${deployment.nodeCount}` : `${deployment.nodeCount}: ${states}`
  return deployment.catchUpStates.length === 0 ? own : `${own}; catch-up: ${list(deployment.catchUpStates)}`
}

export function formatDeployments (deployments: Deployment[], now = Date.now()): string {
  if (deployments.length === 0) {
    return 'no deployments'
  }
  return table(['ID', 'PACKAGE', 'STATE', 'NODES', 'HOST SENT', 'CREATED', 'TOOK', 'REASON'], deployments.map(d => [
    d.id,
    `${d.name} ${d.version}`,
    d.state,
    describeNodes(d),
    formatBytes(d.hostBytesSent),
    formatTime(d.createdAt),
    d.startedAt === 0 ? '-' : `${formatDuration((d.finishedAt === 0 ? now : d.finishedAt) - d.startedAt)}${d.finishedAt === 0 ? ' so far' : ''}`,
    d.reason === '' ? '-' : d.reason
  ]))
}

export function formatAudit (entries: AuditEntry[]): string {
  if (entries.length === 0) {
    return 'the audit log is empty'
  }
  return table(['SEQ', 'TIME', 'ACTOR', 'ACTION', 'DEPLOYMENT', 'DETAIL'], entries.map(entry => [
    String(entry.seq), formatTime(entry.at), entry.actor, entry.action, entry.deploymentId === '' ? '-' : entry.deploymentId, entry.detail
  ]))
}

/** `cascade deployments --json`: node states as an object. */
export function deploymentsToJson (deployments: Deployment[]): unknown {
  const byState = (counts: Deployment['nodeStates']): Record<string, number> => Object.fromEntries(counts.map(({ state, count }) => [state, count]))
  return deployments.map(d => ({ ...d, nodeStates: byState(d.nodeStates), catchUpStates: byState(d.catchUpStates) }))
}
