import { addAdmin, listAdmins, removeAdmin } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import { formatAdmins } from '../../admin-tables.js'
import type { AdminChangeOptions, AdminListOptions } from './options.js'

export async function runAdminAdd (peerId: string, options: AdminChangeOptions): Promise<void> {
  const admin = await addAdmin(await adminOf(options), peerId)
  process.stdout.write(`admin ${admin.peerId} added\n`)
}

export async function runAdminRemove (peerId: string, options: AdminChangeOptions): Promise<void> {
  const admin = await removeAdmin(await adminOf(options), peerId)
  process.stdout.write(`admin ${admin.peerId} removed\n`)
}

export async function runAdminList (options: AdminListOptions): Promise<void> {
  const admins = await listAdmins(await adminOf(options))
  process.stdout.write(options.json === true ? `${JSON.stringify(admins, null, 2)}\n` : `${formatAdmins(admins)}\n`)
}
