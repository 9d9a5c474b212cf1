import { MAX_PACE_SHARE, MIN_PACE_SHARE } from '../node/flow/pacing.js'
import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidArgumentError } from 'commander'
import { parseHostAddress } from '../node/host-address.js'
import { checkPeerId } from '../node/host/admins.js'
import { parseVersion } from '../node/package/version.js'
import { parseRate, parseSize } from '../node/units.js'
import { UsageError } from './usage.js'

/** What `--listen` defaults to for the host and the node: every IPv4 interface, a free port. */
export const DEFAULT_LISTEN = '/ip4/0.0.0.0/tcp/0'

/**
 * A commander argument parser from `parse`: what it throws becomes
 * commander's InvalidArgumentError, so bad input is a usage error naming the
 * option.
 */
export function optionParser<T> (parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value)
    } catch (err: any) {
      throw new InvalidArgumentError(err.message)
    }
  }
}

/** commander argument parsers that turn bad input into a usage error. */
export const rateOption = optionParser(parseRate)

export const sizeOption = optionParser(parseSize)

export function integerOption (value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidArgumentError(`"${value}" is not a non-negative integer`)
  }
  return n
}

/** `--pace`: a share of the measured upload, 0.5 to 1 (src/node/flow/pacing.ts). */
export function paceShareOption (value: string): number {
  const share = Number(value)
  if (value.trim() === '' || !(share >= MIN_PACE_SHARE && share <= MAX_PACE_SHARE)) {
    throw new InvalidArgumentError(`"${value}" is not a share from ${MIN_PACE_SHARE} to ${MAX_PACE_SHARE} (e.g. 0.95)`)
  }
  return share
}

/** Repeatable `--label k=v`: collects into a record. */
export function labelOption (value: string, previous: Record<string, string> = {}): Record<string, string> {
  const index = value.indexOf('=')
  if (index <= 0) {
    throw new InvalidArgumentError(`label "${value}" must be key=value`)
  }
  return { ...previous, [value.slice(0, index)]: value.slice(index + 1) }
}

/** Repeatable string option. */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** A peer id (an admin's, a member's), in its canonical form. */
export function peerIdOption (value: string): string {
  try {
    return checkPeerId(value)
  } catch (err: any) {
    throw new InvalidArgumentError(err.message)
  }
}

/** Repeatable peer id option (`--admin`). */
export function peerIdsOption (value: string, previous: string[] = []): string[] {
  return [...previous, peerIdOption(value)]
}

/** `10%`, `0.1`: a fraction in [0, 1]. */
export function percentOption (value: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim())
  const fraction = match == null ? NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1)
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new InvalidArgumentError(`"${value}" is not a percentage between 0% and 100%`)
  }
  return fraction
}

/** `10%,50%,100%`: increasing cumulative fractions ending at 100%. */
export function wavesOption (value: string): number[] {
  const waves = value.split(',').map(part => percentOption(part))
  if (waves.some((wave, i) => wave === 0 || (i > 0 && wave <= waves[i - 1])) || waves[waves.length - 1] !== 1) {
    throw new InvalidArgumentError(`waves "${value}" must increase and end at 100%, e.g. 10%,50%,100%`)
  }
  return waves
}

/** Repeatable `--listen`: each must be a multiaddr. */
export function listenOption (value: string, previous: string[] = []): string[] {
  try {
    multiaddr(value)
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a multiaddr; give one like /ip4/0.0.0.0/tcp/4001`)
  }
  return [...previous, value]
}

/**
 * `--host`: a multiaddr ending in /p2p/<host peer id>. Checked by the
 * handler, not while parsing, so the command's other options are checked
 * first, as they always were.
 */
export function checkHostOption (value: string): string {
  try {
    multiaddr(value)
  } catch {
    throw new UsageError(`--host "${value}" is not a multiaddr; give the host's address as it prints it: /ip4/10.0.0.5/tcp/4001/p2p/<host peer id>`)
  }
  try {
    parseHostAddress(value)
  } catch (err: any) {
    throw new UsageError(err.name === 'InvalidHostAddressError' ? err.message : `--host "${value}" does not end in a valid /p2p/<host peer id>`)
  }
  return value
}

/** `--version`, `--seed-version`: a version (docs/versions.md). */
export const versionOption = optionParser(parseVersion)

function isDirectory (path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * A path whose parent directory must already exist (`--data`, `keygen --out`):
 * a typo must not create directories from `/` down.
 */
export function inExistingDirOption (value: string): string {
  const parent = dirname(resolve(value))
  if (!isDirectory(parent)) {
    throw new InvalidArgumentError(`its parent directory ${parent} does not exist; create it first`)
  }
  return value
}

/**
 * The parsers above that collect a repeatable option's values (each is given
 * the values so far): a config file gives such an option a TOML array, an
 * environment variable a comma-separated list (docs/configuration.md).
 */
const REPEATABLE_PARSERS = new Set<unknown>([labelOption, collect, peerIdsOption, listenOption])

/** Whether `parser` (an option's argParser) collects a repeatable option. */
export function isRepeatableParser (parser: unknown): boolean {
  return REPEATABLE_PARSERS.has(parser)
}
