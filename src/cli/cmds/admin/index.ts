import { Command } from 'commander'
import { adminCommand, jsonOption } from '../../admin-options.js'
import { peerIdOption } from '../../parse.js'
import { runAdminAdd, runAdminList, runAdminRemove } from './handler.js'
import type { AdminChangeOptions, AdminListOptions } from './options.js'

/** `cascade admin add|remove|list` (docs/enrollment.md): the keys the host accepts as admins, kept in its database. */
export function adminsCommand (): Command {
  return new Command('admin')
    .description('the admin keys the host accepts, kept in its database (admins only)')
    .addCommand(adminCommand('add', 'authorize another admin key')
      .argument('<peer-id>', 'the key\'s peer id, as `cascade keygen` prints it', peerIdOption)
      .action(async (peerId: string, options: AdminChangeOptions) => { await runAdminAdd(peerId, options) }))
    .addCommand(adminCommand('remove', 'withdraw an admin key (never the last one)')
      .argument('<peer-id>', 'the admin\'s peer id, as `cascade admin list` shows it', peerIdOption)
      .action(async (peerId: string, options: AdminChangeOptions) => { await runAdminRemove(peerId, options) }))
    .addCommand(adminCommand('list', 'list the admins', [jsonOption()])
      .action(async (options: AdminListOptions) => { await runAdminList(options) }))
}
