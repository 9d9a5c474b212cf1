/**
 * Why the stored groups and rules refuse a change (rules-store.ts); an
 * invalid definition is refused earlier, by rules.ts. The admin service
 * answers each refusal with its message.
 */

export class GroupExistsError extends Error {
  static override readonly name = 'GroupExistsError'
  override readonly name = 'GroupExistsError'
}

export class UnknownGroupError extends Error {
  static override readonly name = 'UnknownGroupError'
  override readonly name = 'UnknownGroupError'
}

export class GroupInUseError extends Error {
  static override readonly name = 'GroupInUseError'
  override readonly name = 'GroupInUseError'
}

export class UnknownRuleError extends Error {
  static override readonly name = 'UnknownRuleError'
  override readonly name = 'UnknownRuleError'
}

export class RulesLimitError extends Error {
  static override readonly name = 'RulesLimitError'
  override readonly name = 'RulesLimitError'
}

export class DuplicateRuleError extends Error {
  static override readonly name = 'DuplicateRuleError'
  override readonly name = 'DuplicateRuleError'
}
