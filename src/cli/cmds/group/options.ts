import { Option } from 'commander'
import type { AdminCommandOptions } from '../../admin-options.js'

export interface GroupAddOptions extends AdminCommandOptions {
  match?: string
  member?: string[]
}

export interface GroupListOptions extends AdminCommandOptions {
  json?: boolean
}

export function groupAddOptions (): Option[] {
  return [
    new Option('--match <selector>', 'members whose labels match: region=eu,hw=v2 (comma = AND), @other-group, a peer id, or *').conflicts('member'),
    new Option('--member <peer-id...>', 'explicit members (repeatable)').conflicts('match')
  ]
}
