import type { Command } from 'commander'
import { configurableCommand } from '../../config/index.js'
import { runHost } from './handler.js'
import { hostOptions } from './options.js'
import type { HostOptions } from './options.js'

/** `cascade host`: the fleet's host (README, "cascade host"). */
export function hostCommand (): Command {
  return configurableCommand('host', hostOptions())
    .description('run the fleet\'s host: membership, speed measurement, status')
    .action(async (options: HostOptions) => { await runHost(options) })
}
