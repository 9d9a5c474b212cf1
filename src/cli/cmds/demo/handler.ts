import { runDemo } from '../../demo.js'
import type { DemoCommandOptions } from './options.js'

/** Runs the local fleet; exit code 0 only when every node took v2. */
export async function runDemoCommand (options: DemoCommandOptions): Promise<void> {
  const result = await runDemo({ nodes: options.nodes, size: options.size, keep: options.keep })
  process.exitCode = result.summary.success ? 0 : 1
}
