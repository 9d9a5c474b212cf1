/**
 * The options every admin command shares, and the parsers of selectors,
 * channels and ids that turn bad input into a usage error before anything
 * is sent to the host.
 */
import { InvalidArgumentError } from 'commander'
import { checkName, formatSelector, parseSelector } from '../node/host/selector.js'
import type { AdminOptions } from '../node/admin/admin-client.js'
import type { Command } from 'commander'

/** A subcommand of `parent` with `--host` and `--key`. */
export function adminCommand (parent: Command, name: string, description: string): Command {
  return parent.command(name)
    .description(description)
    .requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>')
    .requiredOption('--key <file>', 'admin key file (from `cascade keygen`), authorized on the host with --admin')
}

export function adminOf (options: { host: string, key: string }): AdminOptions {
  return { host: options.host, keyFile: options.key }
}

/** `--target`: a selector, in its canonical form. */
export function selectorOption (value: string): string {
  try {
    return formatSelector(parseSelector(value))
  } catch (err: any) {
    throw new InvalidArgumentError(err.message)
  }
}

/** `--channel`: a channel name. */
export function channelOption (value: string): string {
  try {
    return checkName(value, 'channel')
  } catch (err: any) {
    throw new InvalidArgumentError(err.message)
  }
}

/** A rule id: a positive integer. */
export function ruleIdOption (value: string): number {
  const id = Number(value.replace(/^#/, ''))
  if (!Number.isSafeInteger(id) || id <= 0 || id > 0xffffffff) {
    throw new InvalidArgumentError(`"${value}" is not a rule id (a positive integer, as \`cascade rule list\` shows)`)
  }
  return id
}

/** `--limit`: 1 or more. */
export function limitOption (value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`)
  }
  return n
}
