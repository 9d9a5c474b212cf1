import { Command } from 'commander'
import { withOptions } from '../../usage.js'
import { runDemoCommand } from './handler.js'
import { demoOptions } from './options.js'
import type { DemoCommandOptions } from './options.js'

/** `cascade demo`: a local fleet takes v1 → v2 (what `npm run demo` runs). */
export function demoCommand (): Command {
  return withOptions(new Command('demo'), demoOptions())
    .description('a local fleet on 127.0.0.1: a host and N nodes running a sample app take v1 → v2')
    .action(async (options: DemoCommandOptions) => { await runDemoCommand(options) })
}
