import { addRule, listRules, removeRule } from '../../../node/admin/admin-client.js'
import { validateRule } from '../../../node/host/rules.js'
import { adminOf } from '../../admin-options.js'
import { describeAdmits, formatRules } from '../../admin-tables.js'
import { UsageError } from '../../usage.js'
import type { AdminCommandOptions } from '../../admin-options.js'
import type { RuleAddOptions, RuleListOptions } from './options.js'

export async function runRuleAdd (options: RuleAddOptions): Promise<void> {
  if (options.versions != null && options.package == null) {
    throw new UsageError('--versions needs --package')
  }
  if (options.package == null && options.channel == null) {
    throw new UsageError('give --package NAME [--versions RANGE] or --channel NAME')
  }
  const checked = validateRule({ group: options.group, package: options.package, versions: options.versions, channel: options.channel })
  const rule = await addRule(await adminOf(options), checked)
  process.stdout.write(`rule #${rule.id} added: group ${checked.group} may receive ${describeAdmits(rule)}\n`)
}

export async function runRuleRemove (id: number, options: AdminCommandOptions): Promise<void> {
  const rule = await removeRule(await adminOf(options), id)
  process.stdout.write(`rule #${rule.id} removed\n`)
}

export async function runRuleList (options: RuleListOptions): Promise<void> {
  const rules = await listRules(await adminOf(options))
  process.stdout.write(options.json === true ? `${JSON.stringify(rules, null, 2)}\n` : `${formatRules(rules)}\n`)
}
