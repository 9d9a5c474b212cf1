/**
 * Reading the two sources besides the command line: a TOML config file, and
 * CASCADE_* environment variables. Both are turned into what the command line
 * would have given (a list of strings, or a flag on or off), so the flags' own
 * parsers (src/cli/parse.ts) check them.
 */
import { readFileSync } from 'node:fs'
import { parse, TomlError } from 'smol-toml'
import { ConfigError } from './errors.js'
import { isFlag, isRepeatable } from './option-names.js'
import type { Option } from 'commander'

/** A value from a file or the environment, as the command line gives it. */
export type Given = string[] | boolean

/** Why a file cannot be read, for the error codes an operator meets. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of its path is not a directory'
}

/** The top-level table of the TOML file at `path`. */
export function readConfigFile (path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err: any) {
    throw new ConfigError(`cannot read config file ${path}: ${READ_ERRORS[err.code] ?? err.message}`)
  }
  try {
    return parse(text)
  } catch (err: any) {
    if (err instanceof TomlError) {
      throw new ConfigError(`config file ${path} is not valid TOML: ${err.message.split('\n')[0]} (line ${err.line}, column ${err.column})`)
    }
    throw err
  }
}

/** The message for a value that `option` cannot take, naming where it came from. */
export function invalidValue (option: Option, value: string, where: string, reason: string): ConfigError {
  return new ConfigError(`option '${option.flags}' value '${value}' from ${where} is invalid. ${reason}`)
}

/** A TOML scalar as the text a flag would have had. */
function scalarText (option: Option, value: unknown, where: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return String(value)
  }
  throw invalidValue(option, JSON.stringify(value) ?? String(value), where, 'Give a string or a number.')
}

/**
 * A config file's value for `option`: true/false for a flag; for a
 * repeatable option an array, one value, or a table of key = value.
 */
export function fromToml (option: Option, value: unknown, where: string): Given {
  if (isFlag(option)) {
    if (typeof value !== 'boolean') {
      throw invalidValue(option, JSON.stringify(value) ?? String(value), where, 'It is a flag: give true or false.')
    }
    return value
  }
  if (Array.isArray(value)) {
    if (!isRepeatable(option)) {
      throw invalidValue(option, JSON.stringify(value), where, 'It takes one value, not a list.')
    }
    return value.map(item => scalarText(option, item, where))
  }
  if (isRepeatable(option) && typeof value === 'object' && value != null && !(value instanceof Date)) {
    // a table, e.g. label = { region = "eu" }: its entries as key=value
    return Object.entries(value).map(([key, item]) => `${key}=${scalarText(option, item, where)}`)
  }
  return [scalarText(option, value, where)]
}

/** The words a flag's environment variable may hold. */
const FLAG_WORDS: Record<string, boolean> = { true: true, 1: true, yes: true, false: false, 0: false, no: false }

/**
 * An environment variable's value for `option`: true/false (1/0, yes/no) for
 * a flag, a comma-separated list for a repeatable option.
 */
export function fromEnv (option: Option, text: string, where: string): Given {
  if (isFlag(option)) {
    const on = FLAG_WORDS[text.trim().toLowerCase()]
    if (on == null) {
      throw invalidValue(option, text, where, 'It is a flag: give true or false (or 1 or 0).')
    }
    return on
  }
  if (isRepeatable(option)) {
    return text.split(',').map(item => item.trim()).filter(item => item !== '')
  }
  return [text]
}
