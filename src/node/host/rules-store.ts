/**
 * Groups and rules in the host database (tables `groups`, `group_members`,
 * `rules`; the migration is in database.ts). Every change is checked first
 * and made in one transaction: a refused change leaves the tables as they were.
 */
import { logger } from '@libp2p/logger'
import { groupReferences, parseSelector } from './selector.js'
import { validateGroup, validateRule } from './rules.js'
import { DuplicateRuleError, GroupExistsError, GroupInUseError, RulesLimitError, UnknownGroupError, UnknownRuleError } from './rules-errors.js'
import type { GroupDefinition, GroupInput, Policy, Rule, RuleInput } from './rules.js'
import type { DatabaseSync } from 'node:sqlite'

const log = logger('cascade:host:rules')

export { DuplicateRuleError, GroupExistsError, GroupInUseError, RulesLimitError, UnknownGroupError, UnknownRuleError }

/**
 * Groups and rules kept. 256 groups of at most 1024 explicit members keep the
 * group list under MAX_ADMIN_RESPONSE_BYTES; rules are ~100 bytes each.
 */
export const MAX_GROUPS = 256
export const MAX_RULES = 10_000

interface GroupRow { name: string, match: string, created_at: number, created_by: string }
interface RuleRow { id: number, group_name: string, package: string, versions: string, channel: string, created_at: number, created_by: string }

function toRule (row: RuleRow): Rule {
  return {
    id: row.id,
    group: row.group_name,
    package: row.package,
    versions: row.versions,
    channel: row.channel,
    createdAt: row.created_at,
    createdBy: row.created_by
  }
}

export class RulesStore {
  private readonly db: DatabaseSync

  /** `db`: the host's open database (HostDatabase.db), already migrated. */
  constructor (db: DatabaseSync) {
    this.db = db
  }

  private transaction<T> (fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (err) {
      this.db.exec('ROLLBACK')
      throw err
    }
  }

  private count (sql: string, ...params: Array<string | number>): number {
    return (this.db.prepare(sql).get(...params) as { n: number }).n
  }

  getGroup (name: string): GroupDefinition | undefined {
    const row = this.db.prepare('SELECT * FROM groups WHERE name = ?').get(name) as GroupRow | undefined
    if (row == null) {
      return undefined
    }
    const members = (this.db.prepare('SELECT peer_id FROM group_members WHERE group_name = ? ORDER BY peer_id').all(name) as Array<{ peer_id: string }>)
      .map(member => member.peer_id)
    return { name: row.name, match: row.match, members, createdAt: row.created_at, createdBy: row.created_by }
  }

  /** Every group, by name, with its explicit members. */
  listGroups (): GroupDefinition[] {
    const members = new Map<string, string[]>()
    for (const row of this.db.prepare('SELECT group_name, peer_id FROM group_members ORDER BY group_name, peer_id').all() as Array<{ group_name: string, peer_id: string }>) {
      const list = members.get(row.group_name) ?? []
      list.push(row.peer_id)
      members.set(row.group_name, list)
    }
    return (this.db.prepare('SELECT * FROM groups ORDER BY name').all() as unknown as GroupRow[]).map(row => ({
      name: row.name,
      match: row.match,
      members: members.get(row.name) ?? [],
      createdAt: row.created_at,
      createdBy: row.created_by
    }))
  }

  /**
   * Adds a group. A match may refer to existing groups only (`@name`), so
   * references never form a cycle.
   */
  addGroup (input: GroupInput, actor = '', now = Date.now()): GroupDefinition {
    const group = validateGroup(input)
    return this.transaction(() => {
      if (this.getGroup(group.name) != null) {
        throw new GroupExistsError(`group ${group.name} already exists; remove it first to redefine it`)
      }
      if (this.count('SELECT COUNT(*) AS n FROM groups') >= MAX_GROUPS) {
        throw new RulesLimitError(`the host keeps at most ${MAX_GROUPS} groups`)
      }
      for (const reference of group.selector == null ? [] : groupReferences(group.selector)) {
        if (this.getGroup(reference) == null) {
          throw new UnknownGroupError(`group ${group.name}: its match refers to @${reference}, which does not exist`)
        }
      }
      this.db.prepare('INSERT INTO groups (name, match, created_at, created_by) VALUES (?, ?, ?, ?)').run(group.name, group.match, now, actor)
      const insert = this.db.prepare('INSERT INTO group_members (group_name, peer_id) VALUES (?, ?)')
      for (const peerId of group.members) {
        insert.run(group.name, peerId)
      }
      log('group %s added by %s', group.name, actor)
      return { name: group.name, match: group.match, members: group.members, createdAt: now, createdBy: actor }
    })
  }

  /** Removes a group that no rule and no other group's match refers to; returns what it was. */
  removeGroup (name: string): GroupDefinition {
    return this.transaction(() => {
      const group = this.getGroup(name)
      if (group == null) {
        throw new UnknownGroupError(`no group ${name}`)
      }
      const rules = this.listRules().filter(rule => rule.group === name)
      if (rules.length > 0) {
        throw new GroupInUseError(`group ${name} has rules ${rules.map(rule => `#${rule.id}`).join(', ')}: remove them first`)
      }
      const referrers = this.listGroups().filter(other => {
        if (other.match === '') {
          return false
        }
        try {
          return groupReferences(parseSelector(other.match)).includes(name)
        } catch {
          return false
        }
      })
      if (referrers.length > 0) {
        throw new GroupInUseError(`group ${name} is referred to (@${name}) by the match of ${referrers.map(other => other.name).join(', ')}: remove those first`)
      }
      this.db.prepare('DELETE FROM group_members WHERE group_name = ?').run(name)
      this.db.prepare('DELETE FROM groups WHERE name = ?').run(name)
      log('group %s removed', name)
      return group
    })
  }

  getRule (id: number): Rule | undefined {
    const row = this.db.prepare('SELECT * FROM rules WHERE id = ?').get(id) as RuleRow | undefined
    return row == null ? undefined : toRule(row)
  }

  /** Every rule, oldest first. */
  listRules (): Rule[] {
    return (this.db.prepare('SELECT * FROM rules ORDER BY id').all() as unknown as RuleRow[]).map(toRule)
  }

  /** Adds a rule for an existing group; refuses one that repeats an existing rule. */
  addRule (input: RuleInput, actor = '', now = Date.now()): Rule {
    const rule = validateRule(input)
    return this.transaction(() => {
      if (this.getGroup(rule.group) == null) {
        throw new UnknownGroupError(`no group ${rule.group}: add it first`)
      }
      if (this.count('SELECT COUNT(*) AS n FROM rules') >= MAX_RULES) {
        throw new RulesLimitError(`the host keeps at most ${MAX_RULES} rules`)
      }
      const same = this.db.prepare('SELECT id FROM rules WHERE group_name = ? AND package = ? AND versions = ? AND channel = ?')
        .get(rule.group, rule.package, rule.versions, rule.channel) as { id: number } | undefined
      if (same != null) {
        throw new DuplicateRuleError(`rule #${same.id} already says that`)
      }
      const { lastInsertRowid } = this.db.prepare('INSERT INTO rules (group_name, package, versions, channel, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(rule.group, rule.package, rule.versions, rule.channel, now, actor)
      log('rule %d added by %s', lastInsertRowid, actor)
      return { id: Number(lastInsertRowid), ...rule, createdAt: now, createdBy: actor }
    })
  }

  /** Removes a rule; returns what it was. */
  removeRule (id: number): Rule {
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new UnknownRuleError(`rule ids are positive integers, not "${id}"`)
    }
    return this.transaction(() => {
      const rule = this.getRule(id)
      if (rule == null) {
        throw new UnknownRuleError(`no rule #${id}`)
      }
      this.db.prepare('DELETE FROM rules WHERE id = ?').run(id)
      log('rule %d removed', id)
      return rule
    })
  }

  /** Everything rules.ts needs to decide (allowedUpdates, selectMembers). */
  policy (): Policy {
    return { groups: this.listGroups(), rules: this.listRules() }
  }
}
