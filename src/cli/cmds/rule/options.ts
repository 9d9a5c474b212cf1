import { Option } from 'commander'
import { requiredOption } from '../../usage.js'
import type { AdminCommandOptions } from '../../admin-options.js'

export interface RuleAddOptions extends AdminCommandOptions {
  group: string
  package?: string
  versions?: string
  channel?: string
}

export interface RuleListOptions extends AdminCommandOptions {
  json?: boolean
}

export function ruleAddOptions (): Option[] {
  return [
    requiredOption('--group <name>', 'the group the rule is for'),
    new Option('--package <name>', 'package name, or * for any package').conflicts('channel'),
    new Option('--versions <range>', 'version range: *, >=2.0.0, ">=2 <3", ~1.4, 2.1.0 (default *)').conflicts('channel'),
    new Option('--channel <name>', 'every update published on this channel, e.g. stable, beta')
  ]
}
