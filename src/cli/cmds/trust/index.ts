import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runTrustInit } from './handler.js'
import { trustInitOptions } from './options.js'
import type { TrustInitOptions } from './options.js'

/** `cascade trust init`: the fleet's root metadata, made offline (docs/security.md). */
export function trustCommand (): Command {
  const trust = new Command('trust').description('the fleet\'s root of trust (docs/security.md)')
  trust.addCommand(withOptions(new Command('init'), trustInitOptions())
    .description('write root metadata: the publisher keys and their threshold, the root keys that may change them; or, with --version N+1, the root that replaces version N')
    .action(async (options: TrustInitOptions) => { await runTrustInit(options) }))
  return trust
}
