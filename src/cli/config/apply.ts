/**
 * Gives a command's options their values from the environment and the config
 * file, under the precedence flag > env > file > default: commander's value
 * sources say which options the command line set ('cli'), and the values set
 * here are recorded as 'env' or 'config'. Every value given in the file or
 * the environment is checked, even one a flag overrides: a bad config is
 * refused whole, never half applied.
 */
import { logger } from '@libp2p/logger'
import { closestKey } from './suggest.js'
import { ConfigError } from './errors.js'
import { CONFIG_ENV, CONFIG_FLAG, configKey, envVariable, settableOptions } from './option-names.js'
import { fromEnv, fromToml, invalidValue, readConfigFile } from './sources.js'
import type { Given } from './sources.js'
import type { Command, Option } from 'commander'

const log = logger('cascade:config')

/** Where each option given by the environment or the file came from, per command, for {@link valueOrigin}. */
const ORIGINS = new WeakMap<Command, Map<string, string>>()

/** `key 'host' in /etc/cascade/node.toml` or `env 'CASCADE_HOST'` when the value of the option named `name` came from there. */
export function valueOrigin (command: Command, name: string): string | undefined {
  return ORIGINS.get(command)?.get(name)
}

/** The command's value for `option` from `given`, through the flag's own parser. */
function parseGiven (option: Option, given: Given, where: string): unknown {
  if (typeof given === 'boolean') {
    return option.negate ? !given : given
  }
  let value: unknown = option.defaultValue
  for (const text of given) {
    if (option.parseArg == null) {
      value = text
      continue
    }
    try {
      value = option.parseArg(text, value)
    } catch (err: any) {
      throw invalidValue(option, text, where, err.message)
    }
  }
  return value
}

/** The config file: `--config`, else CASCADE_CONFIG, else none. */
function configPath (command: Command, env: NodeJS.ProcessEnv): string | undefined {
  const fromFlag = command.getOptionValue(CONFIG_FLAG.slice(2))
  if (typeof fromFlag === 'string') {
    return fromFlag
  }
  const fromEnvironment = env[CONFIG_ENV]
  return fromEnvironment == null || fromEnvironment === '' ? undefined : fromEnvironment
}

/** Every key of the file must be one of the command's options. */
function checkKeys (file: Record<string, unknown>, options: Option[], path: string, commandName: string): void {
  const known = options.map(configKey)
  for (const key of Object.keys(file)) {
    if (!known.includes(key)) {
      const suggestion = closestKey(key, known)
      throw new ConfigError(`unknown key '${key}' in ${path}${suggestion == null ? '' : ` (did you mean '${suggestion}'?)`}; the keys are the long options of \`${commandName}\``)
    }
  }
}

/** Reads `env` and the command's config file into its option values (after its flags were parsed). */
export function applyConfiguration (command: Command, commandName: string, env: NodeJS.ProcessEnv): void {
  const options = settableOptions(command)
  const path = configPath(command, env)
  const file = path == null ? {} : readConfigFile(path)
  if (path != null) {
    checkKeys(file, options, path, commandName)
  }
  const origins = new Map<string, string>()
  ORIGINS.set(command, origins)
  for (const option of options) {
    const key = configKey(option)
    const variable = envVariable(option)
    const fileWhere = `key '${key}' in ${path ?? ''}`
    const fileValue = file[key] === undefined ? undefined : parseGiven(option, fromToml(option, file[key], fileWhere), fileWhere)
    const envText = env[variable]
    const envWhere = `env '${variable}'`
    const envValue = envText == null || envText === '' ? undefined : parseGiven(option, fromEnv(option, envText, envWhere), envWhere)
    const name = option.attributeName()
    if (command.getOptionValueSource(name) === 'cli') {
      if (envValue !== undefined || fileValue !== undefined) {
        log('--%s from the command line, over %s', key, envValue !== undefined ? envWhere : fileWhere)
      }
      continue
    }
    if (envValue !== undefined) {
      command.setOptionValueWithSource(name, envValue, 'env')
      origins.set(name, envWhere)
      log('--%s from %s', key, envWhere)
    } else if (fileValue !== undefined) {
      command.setOptionValueWithSource(name, fileValue, 'config')
      origins.set(name, fileWhere)
      log('--%s from %s', key, fileWhere)
    }
  }
}
