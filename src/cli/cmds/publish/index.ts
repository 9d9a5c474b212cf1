import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runPublish } from './handler.js'
import { publishOptions } from './options.js'
import type { PublishCommandOptions } from './options.js'

/** `cascade publish`: send a package to the fleet (docs/update-flow.md). */
export function publishCommand (): Command {
  return withOptions(new Command('publish'), publishOptions())
    .description('send a package to the fleet: the host seeds it down a speed-sorted relay tree')
    // --version is required unless the release file names it
    .hook('preAction', (command: Command) => {
      if (command.getOptionValue('release') == null && command.getOptionValue('version') == null) {
        command.error('error: required option \'--version <version>\' not specified (or give --release FILE from `cascade release prepare`)', { code: 'commander.missingMandatoryOptionValue' })
      }
    })
    .argument('<package>', 'the file to deploy (a .tar.gz is unpacked into the release; anything else is placed as is)')
    .action(async (packagePath: string, options: PublishCommandOptions) => { await runPublish(packagePath, options) })
}
