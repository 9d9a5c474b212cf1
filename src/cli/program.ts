/**
 * The `cascade` program: one command per folder under src/cli/cmds/, each
 * with its typed options (options.ts), its work (handler.ts) and its
 * commander command (index.ts). This file only assembles them, and loads only
 * the command that runs: `cascade status` or `cascade publish` starts without
 * the host's, the node's and the demo's modules (docs/install.md, "Start-up").
 */
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { checkRequiredOptions, seeHelpAfterErrors } from './usage.js'

/** package.json, from dist/src/cli/: its version is `cascade --version`. */
const PACKAGE_JSON = new URL('../../../package.json', import.meta.url)

function packageVersion (): string {
  return JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version
}

/** Each command's module, by the name it is typed as, in the order `cascade --help` lists them. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  host: async () => (await import('./cmds/host/index.js')).hostCommand(),
  node: async () => (await import('./cmds/node/index.js')).nodeCommand(),
  status: async () => (await import('./cmds/status/index.js')).statusCommand(),
  publish: async () => (await import('./cmds/publish/index.js')).publishCommand(),
  group: async () => (await import('./cmds/group/index.js')).groupCommand(),
  rule: async () => (await import('./cmds/rule/index.js')).ruleCommand(),
  deployments: async () => (await import('./cmds/deployments/index.js')).deploymentsCommand(),
  deployment: async () => (await import('./cmds/deployment/index.js')).deploymentCommand(),
  audit: async () => (await import('./cmds/audit/index.js')).auditCommand(),
  admin: async () => (await import('./cmds/admin/index.js')).adminsCommand(),
  member: async () => (await import('./cmds/member/index.js')).memberCommand(),
  demo: async () => (await import('./cmds/demo/index.js')).demoCommand(),
  keygen: async () => (await import('./cmds/keygen/index.js')).keygenCommand(),
  trust: async () => (await import('./cmds/trust/index.js')).trustCommand(),
  release: async () => (await import('./cmds/release/index.js')).releaseCommand(),
  sign: async () => (await import('./cmds/sign/index.js')).signCommand()
}

/**
 * The command `argv` names: its first word after the program's own options
 * (`enablePositionalOptions`: those come only before it). Undefined for
 * `cascade`, `cascade --help`, `cascade help …` or a word that is no command:
 * then every command is loaded, for the listing or commander's suggestion.
 */
export function commandNamed (argv: string[]): string | undefined {
  const word = argv.slice(2).find(arg => !arg.startsWith('-'))
  return word != null && Object.hasOwn(COMMANDS, word) ? word : undefined
}

export async function buildProgram (argv: string[] = process.argv): Promise<Command> {
  const named = commandNamed(argv)
  const commands = await Promise.all((named == null ? Object.keys(COMMANDS) : [named]).map(async name => await COMMANDS[name]()))
  const program = new Command()
    .name('cascade')
    .description('Peer-to-peer software updates: the host seeds the fastest devices first, they relay down a speed-sorted tree.')
    .version(packageVersion(), '-V, --version', 'print Cascade\'s version')
    // program options only before the command, so `publish --version V` is the package's version
    .enablePositionalOptions()
    .hook('preAction', checkRequiredOptions)
  for (const command of commands) {
    program.addCommand(command)
  }
  seeHelpAfterErrors(program)
  return program
}

/** Runs the command line; an error is one line on stderr and exit code 1. */
export async function run (argv: string[] = process.argv): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv)
  } catch (err: any) {
    process.stderr.write(`cascade: ${err.message}\n`)
    process.exit(1)
  }
}
