import type { AdminCommandOptions } from '../../admin-options.js'

/** `cascade admin add|remove PEER_ID` take only --host and --key. */
export type AdminChangeOptions = AdminCommandOptions

export interface AdminListOptions extends AdminCommandOptions {
  json?: boolean
}
