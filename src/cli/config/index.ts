/**
 * Configuration files and environment variables for the daemons, `cascade
 * host` and `cascade node` (docs/configuration.md). Every option of such a
 * command can also be given as a key of the TOML file named by `--config`
 * (or CASCADE_CONFIG), and as an environment variable CASCADE_<OPTION>;
 * precedence flag > env > file > default. Nothing is listed per option:
 * the names come from the option's long flag (./option-names.ts) and the
 * values go through the flag's own parser, so an option added to a command's
 * options.ts is configurable, and in the generated table, at once.
 */
import { Command, Option } from 'commander'
import { applyConfiguration, valueOrigin } from './apply.js'
import { ConfigError } from './errors.js'
import { CONFIG_ENV, CONFIG_FLAG } from './option-names.js'
import { UsageError } from '../usage.js'
import type { ParseOptionsResult } from 'commander'

export { ConfigError } from './errors.js'
export { CONFIG_ENV, CONFIG_FLAG, ENV_PREFIX, configKey, envVariable } from './option-names.js'
export { optionsTable, updateGeneratedTables } from './table.js'

/** The flags that ask for help: with them, no configuration is read (a broken one must not hide the help). */
const HELP_FLAGS = new Set(['-h', '--help'])

/** `--config FILE`, added after a configurable command's own options. */
export function configOption (): Option {
  return new Option(`${CONFIG_FLAG} <file>`, `read options from this TOML file (or ${CONFIG_ENV}); keys are the long options, e.g. upload-limit = "2MiB/s"`)
}

/**
 * A command whose options can also come from the environment and a config
 * file. They are read right after its flags are parsed, before commander
 * checks anything (required options included) or runs the action, so the
 * action sees one set of options whatever their source. A bad configuration
 * is a usage error: one message, exit code 1, nothing started.
 */
class ConfigurableCommand extends Command {
  override parseOptions (argv: string[]): ParseOptionsResult {
    const parsed = super.parseOptions(argv)
    if (!parsed.unknown.some(arg => HELP_FLAGS.has(arg))) {
      try {
        applyConfiguration(this, `cascade ${this.name()}`, process.env)
      } catch (err: any) {
        if (!(err instanceof ConfigError)) {
          throw err
        }
        this.error(`error: ${err.message}`, { code: 'cascade.config', exitCode: 1 })
      }
    }
    return parsed
  }
}

/**
 * Runs `check`, an action's own check of the option named `name` (one its
 * parser leaves to the action, as `--host`): a usage error it throws names
 * the file key or the variable the value came from, as a parser's would.
 */
export function checkOption<T> (command: Command, name: string, check: () => T): T {
  try {
    return check()
  } catch (err: any) {
    const origin = valueOrigin(command, name)
    if (origin != null && err instanceof UsageError) {
      throw new UsageError(`${err.message} (from ${origin})`)
    }
    throw err
  }
}

/** A command named `name` with `options`, then `--config`, all configurable from a file and the environment. */
export function configurableCommand (name: string, options: Option[]): Command {
  const command = new ConfigurableCommand(name)
  for (const option of [...options, configOption()]) {
    command.addOption(option)
  }
  return command
}
