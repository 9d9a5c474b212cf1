/**
 * Groups and rules (docs/fleet-rules.md: an administrator defines groups of
 * nodes and which subset of updates each group may obtain). Pure logic: rules-store.ts
 * keeps them in the host database, this file decides.
 *
 * The policy:
 * - no rule at all: every update is allowed to every member, so a fresh host
 *   works out of the box;
 * - once any rule exists, a member may receive an update only if a group it
 *   belongs to has a rule admitting it: by package name and version range, or
 *   by the channel the update was published on.
 *
 * Version ranges (see docs/fleet-rules.md), compared with compareVersions:
 *
 *     range      := '*' | comparator (' ' comparator)*     space = AND
 *     comparator := ('>=' | '>' | '<=' | '<' | '=' | '~')? version
 *
 * A bare version is exact (`2.1.0` = `=2.1.0`, and as compareVersions says,
 * `v2.1` = `2.1.0`). `~1.4` is `>=1.4` within release line 1.4.*, `~1` is
 * `>=1` within 1.*; `~1.4.2` is `>=1.4.2` within 1.4.*. `<3` also keeps out
 * 3's pre-releases (`3.0.0-rc1`), as in semver.
 */
import { compareVersions } from '../package/index.js'
import { NAME_PATTERN as PACKAGE_NAME_PATTERN } from '../../protocols/manifest/index.js'
import { checkName, checkPeerId, formatSelector, matches, parseSelector } from './selector.js'
import type { GroupMembership, Selector, SelectorMember } from './selector.js'
import type { Rule } from '../../protocols/admin/index.js'

export class InvalidRuleError extends Error {
  static override readonly name = 'InvalidRuleError'
  override readonly name = 'InvalidRuleError'
}

export class InvalidGroupError extends Error {
  static override readonly name = 'InvalidGroupError'
  override readonly name = 'InvalidGroupError'
}

export class InvalidVersionRangeError extends Error {
  static override readonly name = 'InvalidVersionRangeError'
  override readonly name = 'InvalidVersionRangeError'
}

/** A range is typed by people: a few comparators. */
export const MAX_VERSION_RANGE_LENGTH = 256

/**
 * Explicit members per group: a hand-made list (a label selector is the tool
 * for large groups); 1024 peer ids also keep an admin request near 64 KiB.
 */
export const MAX_GROUP_MEMBERS = 1024

/** A group of members: by label match (a selector) or by explicit peer ids. */
export interface GroupDefinition {
  name: string
  /** canonical selector text; '' when the group lists its members */
  match: string
  /** explicit member peer ids; [] when the group is a match */
  members: string[]
  createdAt: number
  /** peer id of the admin who added it */
  createdBy: string
}

/**
 * Which updates one group may receive: `package` is a name, `*` for any, or
 * '' for a channel rule; `versions` a range text, `*` for any, '' for a
 * channel rule; `channel` a name, '' for a package rule.
 */
export type { Rule }

export interface Policy {
  groups: GroupDefinition[]
  rules: Rule[]
}

/** What the rules look at in an update. */
export interface UpdateInfo {
  name: string
  version: string
  /** the channel it was published on; '' or absent when none */
  channel?: string
}

export interface UpdateDecision {
  allowed: boolean
  reason: string
}

export interface GroupInput {
  name: string
  /** a selector (label match) */
  match?: string
  /** explicit peer ids */
  members?: string[]
}

export interface RuleInput {
  group: string
  package?: string
  versions?: string
  channel?: string
}

type Comparator =
  | { op: '>=' | '>' | '<=' | '<' | '=', version: string }
  | { op: '~', version: string, line: string[] }

export interface VersionRange {
  /** `*`: every version */
  any: boolean
  comparators: Comparator[]
}

const COMPARATOR = /^(>=|<=|>|<|=|~)?(.*)$/

/** The release parts of a version, as version.ts splits them (no `v`, build or pre-release). */
function releaseParts (version: string): string[] {
  const withoutBuild = version.replace(/^[vV]/, '').split('+', 1)[0]
  const dash = withoutBuild.indexOf('-')
  const release = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash)
  return release.split('.').map(part => part === '' ? '0' : part)
}

function hasPrerelease (version: string): boolean {
  return version.split('+', 1)[0].includes('-')
}

function parseComparator (token: string): Comparator {
  const [, op = '=', version] = COMPARATOR.exec(token) ?? []
  if (version === '' || version == null) {
    throw new InvalidVersionRangeError(`"${token}": a comparator needs a version after "${op}"`)
  }
  if (!PACKAGE_NAME_PATTERN.test(version)) {
    throw new InvalidVersionRangeError(`"${token}": "${version}" is not a version (1-64 characters of [A-Za-z0-9._+-], starting with a letter or digit)`)
  }
  if (releaseParts(version).some(part => part === 'x' || part === 'X')) {
    throw new InvalidVersionRangeError(`"${token}": no wildcards inside a version; for 2.x write "~2" or ">=2 <3"`)
  }
  if (op === '~') {
    const parts = releaseParts(version)
    return { op, version, line: parts.slice(0, parts.length >= 2 ? 2 : 1) }
  }
  return { op: op as '>=' | '>' | '<=' | '<' | '=', version }
}

/** Parses a version range; throws InvalidVersionRangeError with the reason. */
export function parseVersionRange (text: string): VersionRange {
  if (typeof text !== 'string' || text.length > MAX_VERSION_RANGE_LENGTH) {
    throw new InvalidVersionRangeError(`a version range is text of at most ${MAX_VERSION_RANGE_LENGTH} characters`)
  }
  const trimmed = text.trim()
  if (trimmed === '*' || trimmed === '') {
    return { any: true, comparators: [] }
  }
  // `>= 2.0` is `>=2.0`
  const tokens = trimmed.replace(/(>=|<=|>|<|=|~)\s+/g, '$1').split(/\s+/)
  if (tokens.includes('*')) {
    throw new InvalidVersionRangeError('"*" means every version and cannot be combined with comparators')
  }
  return { any: false, comparators: tokens.map(parseComparator) }
}

/** The canonical text of a range. */
export function formatVersionRange (range: VersionRange): string {
  return range.any ? '*' : range.comparators.map(c => c.op === '=' ? c.version : `${c.op}${c.version}`).join(' ')
}

function holds (version: string, comparator: Comparator): boolean {
  const order = compareVersions(version, comparator.version)
  switch (comparator.op) {
    case '>=': return order >= 0
    case '>': return order > 0
    case '<=': return order <= 0
    case '=': return order === 0
    case '<':
      // `<3` keeps out 3.0.0-rc1: a pre-release of the bound itself
      return order < 0 && !(hasPrerelease(version) && !hasPrerelease(comparator.version) &&
        compareVersions(releaseParts(version).join('.'), releaseParts(comparator.version).join('.')) === 0)
    case '~': {
      const parts = releaseParts(version)
      return order >= 0 && comparator.line.every((part, i) => compareVersions(parts[i] ?? '0', part) === 0)
    }
  }
  return false
}

/** Whether `version` is in `range`. */
export function satisfies (version: string, range: VersionRange): boolean {
  return range.any || range.comparators.every(comparator => holds(version, comparator))
}

/** Checks a group's definition; returns it normalized (canonical selector, canonical unique peer ids). */
export function validateGroup (input: GroupInput): { name: string, match: string, members: string[], selector?: Selector } {
  const name = checkGroupName(input.name)
  const match = input.match ?? ''
  const members = input.members ?? []
  if ((match === '') === (members.length === 0)) {
    throw new InvalidGroupError(`group ${name}: give either a label match (a selector) or explicit members, not ${match === '' ? 'neither' : 'both'}`)
  }
  if (match !== '') {
    const selector = rethrow(() => parseSelector(match), InvalidGroupError, `group ${name}: `)
    return { name, match: formatSelector(selector), members: [], selector }
  }
  if (members.length > MAX_GROUP_MEMBERS) {
    throw new InvalidGroupError(`group ${name}: at most ${MAX_GROUP_MEMBERS} explicit members; use a label match for more`)
  }
  const ids = members.map(member => rethrow(() => checkPeerId(member), InvalidGroupError, `group ${name}: `))
  return { name, match: '', members: [...new Set(ids)] }
}

export function checkGroupName (name: string): string {
  return rethrow(() => checkName(name, 'group name'), InvalidGroupError, '')
}

/** Checks a rule; returns it normalized (`versions` canonical, `*` when absent). */
export function validateRule (input: RuleInput): Omit<Rule, 'id' | 'createdAt' | 'createdBy'> {
  const group = rethrow(() => checkName(input.group, 'group name'), InvalidRuleError, '')
  const pkg = input.package ?? ''
  const channel = input.channel ?? ''
  const versions = input.versions ?? ''
  if ((pkg === '') === (channel === '')) {
    throw new InvalidRuleError(`a rule admits either a package (with a version range) or a channel, not ${pkg === '' ? 'neither' : 'both'}`)
  }
  if (channel !== '') {
    if (versions !== '') {
      throw new InvalidRuleError('a channel rule has no version range: it admits whatever is published on the channel')
    }
    return { group, package: '', versions: '', channel: rethrow(() => checkName(channel, 'channel'), InvalidRuleError, '') }
  }
  if (pkg !== '*' && !PACKAGE_NAME_PATTERN.test(pkg)) {
    throw new InvalidRuleError(`package "${pkg}" must be "*" or a package name (1-64 characters of [A-Za-z0-9._+-], starting with a letter or digit)`)
  }
  const range = rethrow(() => parseVersionRange(versions), InvalidRuleError, `versions "${versions}": `)
  return { group, package: pkg, versions: formatVersionRange(range), channel: '' }
}

function rethrow<T> (fn: () => T, ErrorClass: new (message: string) => Error, prefix: string): T {
  try {
    return fn()
  } catch (err: any) {
    throw new ErrorClass(`${prefix}${err.message}`)
  }
}

/**
 * Group membership over a set of definitions. A selector that refers back to
 * its own group (directly or through others) selects nobody on that path, and
 * a stored selector that no longer parses selects nobody.
 */
export function groupMembership (groups: GroupDefinition[]): GroupMembership {
  const byName = new Map<string, { members: Set<string>, selector?: Selector | null }>()
  for (const group of groups) {
    let selector: Selector | null | undefined
    if (group.match !== '') {
      try {
        selector = parseSelector(group.match)
      } catch {
        selector = null
      }
    }
    byName.set(group.name, { members: new Set(group.members), selector })
  }
  const visiting = new Set<string>()
  const inGroup: GroupMembership = (name, member) => {
    const group = byName.get(name)
    if (group == null || group.selector === null) {
      return false
    }
    if (group.selector == null) {
      return group.members.has(member.peerId)
    }
    if (visiting.has(name)) {
      return false
    }
    visiting.add(name)
    try {
      return matches(member, group.selector, inGroup)
    } finally {
      visiting.delete(name)
    }
  }
  return inGroup
}

/** The names of the groups `member` belongs to, in the order given. */
export function groupsOf (member: SelectorMember, groups: GroupDefinition[]): string[] {
  const inGroup = groupMembership(groups)
  return groups.filter(group => inGroup(group.name, member)).map(group => group.name)
}

/** The members a selector picks, in the order given. */
export function selectMembers<M extends SelectorMember> (members: M[], selector: Selector | string, groups: GroupDefinition[] = []): M[] {
  const parsed = typeof selector === 'string' ? parseSelector(selector) : selector
  const inGroup = groupMembership(groups)
  return members.filter(member => matches(member, parsed, inGroup))
}

/** `#3 (group lab: package app >=2 <3)` */
export function describeRule (rule: Rule): string {
  const what = rule.channel !== '' ? `channel ${rule.channel}` : `package ${rule.package} ${rule.versions === '' ? '*' : rule.versions}`
  return `#${rule.id} (group ${rule.group}: ${what})`
}

/** Whether one rule admits an update. */
export function admits (rule: Rule, update: UpdateInfo): boolean {
  if (rule.channel !== '') {
    return (update.channel ?? '') === rule.channel
  }
  if (rule.package !== '*' && rule.package !== update.name) {
    return false
  }
  try {
    return satisfies(update.version, parseVersionRange(rule.versions))
  } catch {
    // a stored range that no longer parses admits nothing
    return false
  }
}

function describeUpdate (update: UpdateInfo): string {
  return `${update.name} ${update.version}${(update.channel ?? '') !== '' ? ` on channel ${update.channel}` : ''}`
}

/**
 * May `member` receive `update`? With no rules at all, yes; otherwise only
 * when a rule of one of its groups admits it. The reason says which rule
 * decided, or why none did.
 */
export function allowedUpdates (member: SelectorMember, update: UpdateInfo, policy: Policy): UpdateDecision {
  if (policy.rules.length === 0) {
    return { allowed: true, reason: 'no rules are defined: every update is allowed' }
  }
  const groups = groupsOf(member, policy.groups)
  if (groups.length === 0) {
    return { allowed: false, reason: `${member.peerId} is in no group, and only rules of groups admit updates` }
  }
  const mine = new Set(groups)
  const candidates = policy.rules.filter(rule => mine.has(rule.group))
  const rule = candidates.find(rule => admits(rule, update))
  if (rule != null) {
    return { allowed: true, reason: `admitted by rule ${describeRule(rule)}` }
  }
  const list = groups.join(', ')
  return {
    allowed: false,
    reason: candidates.length === 0
      ? `no rule of group${groups.length > 1 ? 's' : ''} ${list} admits any update`
      : `no rule of group${groups.length > 1 ? 's' : ''} ${list} admits ${describeUpdate(update)}`
  }
}

export interface TargetSelection<M> {
  /** the members the update goes to */
  targets: M[]
  /** picked by the selector but refused by the rules, each with the reason */
  excluded: Array<{ peerId: string, reason: string }>
}

/**
 * The members a deployment goes to: those `target` picks (every one when it
 * is '' or absent), less those the rules refuse `update`. Throws
 * InvalidSelectorError for a bad target and InvalidRuleError for a bad channel.
 */
export function selectTargets<M extends SelectorMember> (members: M[], request: { target?: string, update: UpdateInfo }, policy: Policy): TargetSelection<M> {
  const channel = request.update.channel ?? ''
  if (channel !== '') {
    rethrow(() => checkName(channel, 'channel'), InvalidRuleError, '')
  }
  const target = request.target ?? ''
  const picked = target === '' ? members : selectMembers(members, parseSelector(target), policy.groups)
  const selection: TargetSelection<M> = { targets: [], excluded: [] }
  for (const member of picked) {
    const decision = allowedUpdates(member, request.update, policy)
    if (decision.allowed) {
      selection.targets.push(member)
    } else {
      selection.excluded.push({ peerId: member.peerId, reason: decision.reason })
    }
  }
  return selection
}
