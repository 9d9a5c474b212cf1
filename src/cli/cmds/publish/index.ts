import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runPublish } from './handler.js'
import { publishOptions } from './options.js'
import type { PublishCommandOptions } from './options.js'

/** `cascade publish`: send a package to the fleet (docs/update-flow.md). */
export function publishCommand (): Command {
  return withOptions(new Command('publish'), publishOptions())
    .description('send a package to the fleet: the host seeds it down a speed-sorted relay tree')
    .argument('<package>', 'the file to deploy (a .tar.gz is unpacked into the release; anything else is placed as is)')
    .action(async (packagePath: string, options: PublishCommandOptions) => { await runPublish(packagePath, options) })
}
