/**
 * How an option of `cascade host` or `cascade node` is named outside the
 * command line (docs/configuration.md): its config key is its long name
 * (`--upload-limit` → `upload-limit`), its environment variable that name in
 * capitals after CASCADE_ (`CASCADE_UPLOAD_LIMIT`). Derived, never listed,
 * so an option added to a command's options.ts has both at once.
 */
import { isRepeatableParser } from '../parse.js'
import type { Command, Option } from 'commander'

/** The flag that names the config file. */
export const CONFIG_FLAG = '--config'

/** The prefix of every option's environment variable. */
export const ENV_PREFIX = 'CASCADE_'

/** The environment variable naming the config file when `--config` is not given. */
export const CONFIG_ENV = `${ENV_PREFIX}CONFIG`

/** `--upload-limit` → `upload-limit`. */
export function configKey (option: Option): string {
  return (option.long ?? '').replace(/^--/, '')
}

/** `--upload-limit` → `CASCADE_UPLOAD_LIMIT`. */
export function envVariable (option: Option): string {
  return ENV_PREFIX + configKey(option).toUpperCase().replace(/-/g, '_')
}

/** An option given more than once collects its values (`--listen`, `--label`, `--admin`). */
export function isRepeatable (option: Option): boolean {
  return isRepeatableParser(option.parseArg)
}

/** An option without a value (`--open-enrollment`): true or false in a file or the environment. */
export function isFlag (option: Option): boolean {
  return !option.required && !option.optional
}

/**
 * The options a file or the environment may set: every long option of the
 * command but `--config` itself and hidden, testing-only ones.
 */
export function settableOptions (command: Command): Option[] {
  return command.options.filter(option => option.long != null && option.long !== CONFIG_FLAG && !option.hidden)
}
