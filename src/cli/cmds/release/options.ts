import { Option } from 'commander'
import { inExistingDirOption, integerOption, sizeOption, versionOption } from '../../parse.js'
import { requiredOption } from '../../usage.js'

/** `cascade release prepare`'s options, as commander parses them. */
export interface ReleasePrepareOptions {
  key: string
  version: string
  name?: string
  chunkSize?: number
  rollback?: boolean
  expiresIn?: number
  out: string
}

export function releasePrepareOptions (): Option[] {
  return [
    requiredOption('--key <file>', 'a publisher key file: signs the manifest and the release'),
    requiredOption('--version <version>', 'the version this package is (docs/versions.md)').argParser(versionOption),
    new Option('--name <name>', 'the package name (default: the file name up to its first dot, without a trailing version)'),
    new Option('--chunk-size <size>', 'chunk size, e.g. 256KiB (default: chosen from the package size)').argParser(sizeOption),
    new Option('--rollback', 'a signed rollback to an older version: it runs once, as the deployment it names, before it expires'),
    new Option('--expires-in <ms>', 'the release may be installed for this long (default 30 days; a rollback 1 day)').argParser(integerOption),
    requiredOption('--out <file>', 'where to write the release, for `cascade sign` and `cascade publish --release`').argParser(inExistingDirOption)
  ]
}
