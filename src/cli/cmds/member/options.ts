import type { AdminCommandOptions } from '../../admin-options.js'

/** `cascade member remove PEER_ID` takes only --host and --key. */
export type MemberRemoveOptions = AdminCommandOptions
