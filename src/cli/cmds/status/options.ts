import { Option } from 'commander'
import { requiredOption } from '../../usage.js'

/** `cascade status`'s options, as commander parses them. */
export interface StatusCommandOptions {
  host: string
  json?: boolean
  remeasure?: boolean
  key?: string
  tree?: boolean
}

export function statusOptions (): Option[] {
  return [
    requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>'),
    new Option('--json', 'machine-readable output'),
    new Option('--tree', 'the hierarchy: this host\'s own members, then each site as a level with its members per version and state (docs/hierarchy.md)'),
    new Option('--remeasure', 'measure every online member again first (needs --key of an authorized admin)'),
    new Option('--key <file>', 'admin key file (from `cascade keygen`): the host shows status to admins only unless it runs with --status-access anyone')
  ]
}
