/**
 * The `cascade` program: one command per folder under src/cli/cmds/, each
 * with its typed options (options.ts), its work (handler.ts) and its
 * commander command (index.ts). This file only assembles them.
 */
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { adminsCommand } from './cmds/admin/index.js'
import { auditCommand } from './cmds/audit/index.js'
import { demoCommand } from './cmds/demo/index.js'
import { deploymentCommand } from './cmds/deployment/index.js'
import { deploymentsCommand } from './cmds/deployments/index.js'
import { groupCommand } from './cmds/group/index.js'
import { hostCommand } from './cmds/host/index.js'
import { keygenCommand } from './cmds/keygen/index.js'
import { memberCommand } from './cmds/member/index.js'
import { nodeCommand } from './cmds/node/index.js'
import { publishCommand } from './cmds/publish/index.js'
import { ruleCommand } from './cmds/rule/index.js'
import { statusCommand } from './cmds/status/index.js'
import { trustCommand } from './cmds/trust/index.js'
import { releaseCommand } from './cmds/release/index.js'
import { signCommand } from './cmds/sign/index.js'
import { checkRequiredOptions, seeHelpAfterErrors } from './usage.js'

/** package.json, from dist/src/cli/: its version is `cascade --version`. */
const PACKAGE_JSON = new URL('../../../package.json', import.meta.url)

function packageVersion (): string {
  return JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version
}

export function buildProgram (): Command {
  const program = new Command()
    .name('cascade')
    .description('Peer-to-peer software updates: the host seeds the fastest devices first, they relay down a speed-sorted tree.')
    .version(packageVersion(), '-V, --version', 'print Cascade\'s version')
    // program options only before the command, so `publish --version V` is the package's version
    .enablePositionalOptions()
    .hook('preAction', checkRequiredOptions)
  for (const command of [
    hostCommand(), nodeCommand(), statusCommand(), publishCommand(), groupCommand(), ruleCommand(),
    deploymentsCommand(), deploymentCommand(), auditCommand(), adminsCommand(), memberCommand(), demoCommand(), keygenCommand(),
    trustCommand(), releaseCommand(), signCommand()
  ]) {
    program.addCommand(command)
  }
  seeHelpAfterErrors(program)
  return program
}

/** Runs the command line; an error is one line on stderr and exit code 1. */
export async function run (argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
  } catch (err: any) {
    process.stderr.write(`cascade: ${err.message}\n`)
    process.exit(1)
  }
}
