import { Command } from 'commander'
import { adminCommand } from '../../admin-options.js'
import { peerIdOption } from '../../parse.js'
import { runMemberRemove, runMemberSite } from './handler.js'
import { memberRemoveOptions, memberSiteOptions } from './options.js'

/** `cascade member remove [--revoke] PEER_ID` (docs/enrollment.md), `cascade member site [--revoke] PEER_ID` (docs/hierarchy.md). */
export function memberCommand (): Command {
  return new Command('member')
    .description('the fleet\'s members (admins only)')
    .addCommand(adminCommand('remove', 'remove a node: it is disconnected, dropped from the running deployment, and must enroll again with the join token; with --revoke it may never join again', memberRemoveOptions())
      .argument('<peer-id>', 'the node\'s peer id, as `cascade status` shows it', peerIdOption)
      .action(runMemberRemove))
    .addCommand(adminCommand('site', 'mark a peer as a site host of this host (it may join with --parent), or --revoke the mark', memberSiteOptions())
      .argument('<peer-id>', 'the site host\'s peer id, as it prints it (`cascade host <peer id>`)', peerIdOption)
      .action(runMemberSite))
}
