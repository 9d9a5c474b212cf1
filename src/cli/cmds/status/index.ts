import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runStatus } from './handler.js'
import { statusOptions } from './options.js'
import type { StatusCommandOptions } from './options.js'

/** `cascade status`: the host's member list. */
export function statusCommand (): Command {
  return withOptions(new Command('status'), statusOptions())
    .description('list the host\'s members, fastest uploaders first')
    .action(async (options: StatusCommandOptions) => { await runStatus(options) })
}
