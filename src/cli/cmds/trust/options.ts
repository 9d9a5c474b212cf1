import { Option } from 'commander'
import { inExistingDirOption, integerOption, peerIdsOption } from '../../parse.js'
import { requiredOption } from '../../usage.js'
import { positiveIntegerOption } from '../../install-policy-options.js'

/** A root is re-signed offline once a year unless `--expires-days` says otherwise. */
export const DEFAULT_ROOT_EXPIRES_DAYS = 365

/** `cascade trust init`'s options, as commander parses them. */
export interface TrustInitOptions {
  out: string
  rootKey: string[]
  rootThreshold: number
  publisher: string[]
  threshold: number
  timestampKey?: string[]
  version: number
  expiresDays: number
  sign?: string[]
}

function keyFilesOption (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

export function trustInitOptions (): Option[] {
  return [
    requiredOption('--out <file>', 'where to write the root metadata (JSON)').argParser(inExistingDirOption),
    requiredOption('--root-key <peer-id>', 'a key that signs roots, kept offline (repeatable)').argParser(peerIdsOption),
    new Option('--root-threshold <n>', 'root keys that must sign the next root').argParser(positiveIntegerOption).default(1),
    requiredOption('--publisher <peer-id>', 'a publisher key that signs releases (repeatable)').argParser(peerIdsOption),
    new Option('--threshold <n>', 'publisher keys that must sign each release').argParser(positiveIntegerOption).default(1),
    new Option('--timestamp-key <peer-id>', 'the host\'s peer id: it signs short-lived timestamps, so nodes see when they are held back (repeatable; none: no freshness check)').argParser(peerIdsOption),
    new Option('--version <n>', 'the root\'s version: 1 for a new fleet, one more than the root it replaces (rotation)').argParser(positiveIntegerOption).default(1),
    new Option('--expires-days <n>', 'the root expires after this many days').argParser(integerOption).default(DEFAULT_ROOT_EXPIRES_DAYS),
    new Option('--sign <key-file>', 'sign it with this root key file now (repeatable; or later with `cascade sign`)').argParser(keyFilesOption)
  ]
}
