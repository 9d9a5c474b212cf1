import { addGroup, listGroups, removeGroup } from '../../../node/admin/admin-client.js'
import { checkGroupName, validateGroup } from '../../../node/host/rules.js'
import { adminOf } from '../../admin-options.js'
import { describeMembers, formatGroups } from '../../admin-tables.js'
import { UsageError } from '../../usage.js'
import type { AdminCommandOptions } from '../../admin-options.js'
import type { GroupAddOptions, GroupListOptions } from './options.js'

export async function runGroupAdd (name: string, options: GroupAddOptions): Promise<void> {
  if (options.match == null && options.member == null) {
    throw new UsageError('give --match SELECTOR or --member PEER_ID...')
  }
  const checked = validateGroup({ name, match: options.match, members: options.member })
  const group = await addGroup(await adminOf(options), { name: checked.name, match: checked.match, members: checked.members })
  process.stdout.write(`group ${group.name} added: ${describeMembers(group)}\n`)
}

export async function runGroupRemove (name: string, options: AdminCommandOptions): Promise<void> {
  const group = await removeGroup(await adminOf(options), checkGroupName(name))
  process.stdout.write(`group ${group.name} removed\n`)
}

export async function runGroupList (options: GroupListOptions): Promise<void> {
  const groups = await listGroups(await adminOf(options))
  process.stdout.write(options.json === true ? `${JSON.stringify(groups, null, 2)}\n` : `${formatGroups(groups)}\n`)
}
