import { StatusRefusedError, fetchStatus } from '../../../node/admin/status.js'
import { STATUS_FOR_ADMINS_ONLY } from '../../../protocols/status/index.js'
import { checkAdminKey } from '../../admin-key.js'
import { checkHostOption } from '../../parse.js'
import { formatSiteTree, formatStatusTable, statusToJson } from '../../status-table.js'
import type { StatusCommandOptions } from './options.js'

/** Prints the host's members, fastest uploaders first. */
export async function runStatus (options: StatusCommandOptions): Promise<void> {
  checkHostOption(options.host)
  if (options.key != null) {
    await checkAdminKey(options.key, options.host)
  }
  const status = await fetchStatus(options.host, { key: options.key, remeasure: options.remeasure }).catch((err: Error) => {
    if (options.key == null && err instanceof StatusRefusedError && err.message.startsWith(STATUS_FOR_ADMINS_ONLY)) {
      throw new StatusRefusedError(`${STATUS_FOR_ADMINS_ONLY}: give --key FILE (an admin key), or start the host with --status-access anyone`)
    }
    throw err
  })
  const text = options.tree === true ? formatSiteTree(status) : formatStatusTable(status)
  process.stdout.write(options.json === true ? `${JSON.stringify(statusToJson(status), null, 2)}\n` : `${text}\n`)
}
