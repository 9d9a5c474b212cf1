/**
 * The options every admin command shares, and the parsers of selectors,
 * channels and ids that turn bad input into a usage error before anything
 * is sent to the host.
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { checkName, formatSelector, parseSelector } from '../node/host/selector.js'
import { checkAdminKey } from './admin-key.js'
import { optionParser, peerIdOption } from './parse.js'
import { requiredOption, withOptions } from './usage.js'
import type { AdminOptions } from '../node/admin/admin-client.js'

/** `--host` and `--key`: what every admin command is given. */
export interface AdminCommandOptions {
  host: string
  key: string
}

/** An admin command `name` with `--host`, `--key` and the command's own options. */
export function adminCommand (name: string, description: string, options: Option[] = []): Command {
  return withOptions(new Command(name), [
    requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>'),
    requiredOption('--key <file>', 'admin key file (from `cascade keygen`), authorized on the host with --admin'),
    ...options
  ]).description(description)
}

/** An admin command `name PEER_ID` (`admin add|remove`, `member remove`): the peer id checked before anything is sent. */
export function peerIdCommand (name: string, description: string, argument: string, run: (peerId: string, options: AdminCommandOptions) => Promise<void>): Command {
  return adminCommand(name, description)
    .argument('<peer-id>', argument, peerIdOption)
    .action(run)
}

/** The admin-client options for `--host` and `--key`, once the key is known to be an admin key and not the host's own. */
export async function adminOf (options: AdminCommandOptions): Promise<AdminOptions> {
  await checkAdminKey(options.key, options.host)
  return { host: options.host, keyFile: options.key }
}

/** `--json` of the list commands. */
export function jsonOption (): Option {
  return new Option('--json', 'machine-readable output')
}

/** `--target`: a selector, in its canonical form. */
export const selectorOption = optionParser(value => formatSelector(parseSelector(value)))

/** `--channel`: a channel name. */
export const channelOption = optionParser(value => checkName(value, 'channel'))

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
