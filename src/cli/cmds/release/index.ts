import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runReleasePrepare } from './handler.js'
import { releasePrepareOptions } from './options.js'
import type { ReleasePrepareOptions } from './options.js'

/** `cascade release prepare`: a release made offline, for the publishers to sign (docs/security.md). */
export function releaseCommand (): Command {
  const release = new Command('release').description('releases prepared offline and signed by several publishers (docs/security.md)')
  release.addCommand(withOptions(new Command('prepare'), releasePrepareOptions())
    .description('describe and sign a package as a release; other publishers add theirs with `cascade sign`, then `cascade publish --release` sends it')
    .argument('<package>', 'the file to deploy')
    .action(async (packagePath: string, options: ReleasePrepareOptions) => { await runReleasePrepare(packagePath, options) }))
  return release
}
