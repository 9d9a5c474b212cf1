import { Command } from 'commander'
import { adminCommand, jsonOption, peerIdCommand } from '../../admin-options.js'
import { runAdminAdd, runAdminList, runAdminRemove } from './handler.js'
import type { AdminListOptions } from './options.js'

/** `cascade admin add|remove|list` (docs/enrollment.md): the keys the host accepts as admins, kept in its database. */
export function adminsCommand (): Command {
  return new Command('admin')
    .description('the admin keys the host accepts, kept in its database (admins only)')
    .addCommand(peerIdCommand('add', 'authorize another admin key', 'the key\'s peer id, as `cascade keygen` prints it', runAdminAdd))
    .addCommand(peerIdCommand('remove', 'withdraw an admin key (never the last one)', 'the admin\'s peer id, as `cascade admin list` shows it', runAdminRemove))
    .addCommand(adminCommand('list', 'list the admins', [jsonOption()])
      .action(async (options: AdminListOptions) => { await runAdminList(options) }))
}
