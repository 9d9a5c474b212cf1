import { markSite, removeMember, revokeMember } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import type { MemberRemoveOptions, MemberSiteOptions } from './options.js'

/** Removes a member; prints what the host did. */
export async function runMemberRemove (peerId: string, options: MemberRemoveOptions): Promise<void> {
  const admin = await adminOf(options)
  process.stdout.write(`${options.revoke === true ? await revokeMember(admin, peerId) : await removeMember(admin, peerId)}\n`)
}

/** Marks a site host (or revokes it); prints what the host did. */
export async function runMemberSite (peerId: string, options: MemberSiteOptions): Promise<void> {
  process.stdout.write(`${await markSite(await adminOf(options), peerId, options.revoke === true)}\n`)
}
