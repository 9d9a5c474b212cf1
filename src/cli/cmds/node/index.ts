import type { Command } from 'commander'
import { checkOption, configurableCommand } from '../../config/index.js'
import { checkHostOption } from '../../parse.js'
import { runNode } from './handler.js'
import { nodeOptions } from './options.js'
import type { NodeOptions } from './options.js'

/** `cascade node`: a device's node (README, "cascade node"). */
export function nodeCommand (): Command {
  return configurableCommand('node', nodeOptions())
    .description('run a device\'s node: join the host, answer probes, receive and relay updates')
    .action(async (options: NodeOptions, command: Command) => {
      await runNode({ ...options, host: checkOption(command, 'host', () => checkHostOption(options.host)) })
    })
}
