import { removeMember } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import type { MemberRemoveOptions } from './options.js'

/** Removes a member; prints what the host did. */
export async function runMemberRemove (peerId: string, options: MemberRemoveOptions): Promise<void> {
  process.stdout.write(`${await removeMember(await adminOf(options), peerId)}\n`)
}
