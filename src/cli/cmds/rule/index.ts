import { Command } from 'commander'
import { adminCommand, jsonOption, ruleIdOption } from '../../admin-options.js'
import { runRuleAdd, runRuleList, runRuleRemove } from './handler.js'
import { ruleAddOptions } from './options.js'
import type { AdminCommandOptions } from '../../admin-options.js'
import type { RuleAddOptions, RuleListOptions } from './options.js'

/** `cascade rule add|remove|list` (docs/fleet-rules.md). */
export function ruleCommand (): Command {
  return new Command('rule')
    .description('which updates each group may receive; with no rules every update is allowed (admins only)')
    .addCommand(adminCommand('add', 'let a group receive a package within a version range, or a channel', ruleAddOptions())
      .action(async (options: RuleAddOptions) => { await runRuleAdd(options) }))
    .addCommand(adminCommand('remove', 'remove a rule')
      .argument('<id>', 'the rule id, as `cascade rule list` shows it', ruleIdOption)
      .action(async (id: number, options: AdminCommandOptions) => { await runRuleRemove(id, options) }))
    .addCommand(adminCommand('list', 'list the rules', [jsonOption()])
      .action(async (options: RuleListOptions) => { await runRuleList(options) }))
}
