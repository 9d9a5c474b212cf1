import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runKeygen } from './handler.js'
import { keygenOptions } from './options.js'
import type { KeygenOptions } from './options.js'

/** `cascade keygen`: an admin (publisher) key for the host's --admin. */
export function keygenCommand (): Command {
  return withOptions(new Command('keygen'), keygenOptions())
    .description('make an admin (publisher) key and print its peer id, for the host\'s --admin; or --show the peer id of one')
    .action(async (options: KeygenOptions) => { await runKeygen(options) })
}
