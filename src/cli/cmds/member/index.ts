import { Command } from 'commander'
import { adminCommand } from '../../admin-options.js'
import { peerIdOption } from '../../parse.js'
import { runMemberRemove } from './handler.js'
import type { MemberRemoveOptions } from './options.js'

/** `cascade member remove PEER_ID` (docs/enrollment.md). */
export function memberCommand (): Command {
  return new Command('member')
    .description('the fleet\'s members (admins only)')
    .addCommand(adminCommand('remove', 'remove a node: it is disconnected, dropped from the running deployment, and must enroll again with the join token')
      .argument('<peer-id>', 'the node\'s peer id, as `cascade status` shows it', peerIdOption)
      .action(async (peerId: string, options: MemberRemoveOptions) => { await runMemberRemove(peerId, options) }))
}
