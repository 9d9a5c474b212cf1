/**
 * Validation of the names that become paths under the data dir: release
 * versions (`releases/<version>/`) and the file name of a package that is
 * placed in a release as is.
 */
import { InvalidFileNameError, InvalidVersionError } from './errors.js'

/** Longest accepted version string: plenty for semver with build metadata. */
export const MAX_VERSION_LENGTH = 64

/**
 * Safe characters only, and a letter or digit first: staging dirs start with
 * a dot, so no version can ever name one of them.
 */
const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/

/** Linux NAME_MAX: the longest single path component. */
export const MAX_FILE_NAME_LENGTH = 255

/** Throws {@link InvalidVersionError} unless `version` can name a release dir. */
export function assertValidVersion (version: string): void {
  if (typeof version !== 'string' || version.length === 0) {
    throw new InvalidVersionError('version must be a non-empty string')
  }
  if (version.length > MAX_VERSION_LENGTH) {
    throw new InvalidVersionError(`version is longer than ${MAX_VERSION_LENGTH} characters`)
  }
  if (!VERSION_PATTERN.test(version)) {
    throw new InvalidVersionError(`version ${JSON.stringify(version)} must start with a letter or digit and use only [A-Za-z0-9._+-]`)
  }
}

export function isValidVersion (version: string): boolean {
  try {
    assertValidVersion(version)
    return true
  } catch {
    return false
  }
}

/** Throws {@link InvalidFileNameError} unless `name` is a single, ordinary path component. */
export function assertValidFileName (name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidFileNameError('file name must be a non-empty string')
  }
  if (name.length > MAX_FILE_NAME_LENGTH) {
    throw new InvalidFileNameError(`file name is longer than ${MAX_FILE_NAME_LENGTH} characters`)
  }
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new InvalidFileNameError(`file name ${JSON.stringify(name)} must be a single path component`)
  }
}
