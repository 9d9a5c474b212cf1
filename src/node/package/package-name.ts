import { basename } from 'node:path'

/**
 * A trailing version in a file name up to its first dot: `-v2`, `_v3`, `-2`
 * (of `app-2.1.0`), `-v2-rc1`, `-2024-01-15`.
 */
const TRAILING_VERSION = /[-_][vV]?\d+(?:[-_][A-Za-z0-9]+)*$/

/** Characters a package name may not hold (the manifest's name field). */
const NOT_NAME = /[^A-Za-z0-9._+-]/g

/**
 * The package name `cascade publish` (src/node/admin/publish.ts) uses without `--name`: the file name up
 * to its first dot, without a trailing version, so every release of one app
 * has one name and rules by `--package` keep matching (app-v2.tar.gz,
 * app-2.1.0.tar.gz and app_v3.bin are all `app`).
 */
export function defaultPackageName (packagePath: string): string {
  const stem = basename(packagePath).split('.')[0]
  const name = stem.replace(TRAILING_VERSION, '')
  return (name === '' ? stem : name).replace(NOT_NAME, '-')
}
