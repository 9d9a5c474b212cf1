import { Option } from 'commander'
import type { AdminCommandOptions } from '../../admin-options.js'

/** `cascade member remove PEER_ID` takes only --host and --key. */
export type MemberRemoveOptions = AdminCommandOptions

/** `cascade member site [--revoke] PEER_ID` (docs/hierarchy.md). */
export interface MemberSiteOptions extends AdminCommandOptions {
  revoke?: boolean
}

export function memberSiteOptions (): Option[] {
  return [
    new Option('--revoke', 'withdraw the mark: the site is disconnected, dropped from running deployments and refused from then on')
  ]
}
