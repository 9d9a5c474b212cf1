import { Option } from 'commander'
import type { AdminCommandOptions } from '../../admin-options.js'

/** `cascade member remove [--revoke] PEER_ID`. */
export interface MemberRemoveOptions extends AdminCommandOptions {
  revoke?: boolean
}

export function memberRemoveOptions (): Option[] {
  return [
    new Option('--revoke', 'refuse the peer\'s joins from then on, even with the join token (a stolen or retired device)')
  ]
}

/** `cascade member site [--revoke] PEER_ID` (docs/hierarchy.md). */
export interface MemberSiteOptions extends AdminCommandOptions {
  revoke?: boolean
}

export function memberSiteOptions (): Option[] {
  return [
    new Option('--revoke', 'withdraw the mark: the site is disconnected, dropped from running deployments and refused from then on')
  ]
}
