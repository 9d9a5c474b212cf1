import { Command } from 'commander'
import { adminCommand, jsonOption } from '../../admin-options.js'
import { runGroupAdd, runGroupList, runGroupRemove } from './handler.js'
import { groupAddOptions } from './options.js'
import type { AdminCommandOptions } from '../../admin-options.js'
import type { GroupAddOptions, GroupListOptions } from './options.js'

/** `cascade group add|remove|list` (docs/fleet-rules.md). */
export function groupCommand (): Command {
  return new Command('group')
    .description('groups of nodes, by label match or by explicit members (admins only)')
    .addCommand(adminCommand('add', 'define a group: --match SELECTOR or --member PEER_ID...', groupAddOptions())
      .argument('<name>', 'group name: letters, digits, ".", "_" or "-"')
      .action(async (name: string, options: GroupAddOptions) => { await runGroupAdd(name, options) }))
    .addCommand(adminCommand('remove', 'remove a group (its rules must be removed first)')
      .argument('<name>', 'the group')
      .action(async (name: string, options: AdminCommandOptions) => { await runGroupRemove(name, options) }))
    .addCommand(adminCommand('list', 'list the groups', [jsonOption()])
      .action(async (options: GroupListOptions) => { await runGroupList(options) }))
}
