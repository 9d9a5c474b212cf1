import { Command } from 'commander'
import { peerIdCommand } from '../../admin-options.js'
import { runMemberRemove } from './handler.js'

/** `cascade member remove PEER_ID` (docs/enrollment.md). */
export function memberCommand (): Command {
  return new Command('member')
    .description('the fleet\'s members (admins only)')
    .addCommand(peerIdCommand('remove', 'remove a node: it is disconnected, dropped from the running deployment, and must enroll again with the join token',
      'the node\'s peer id, as `cascade status` shows it', runMemberRemove))
}
