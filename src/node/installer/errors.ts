/** An archive entry that could write outside the release dir, or is not a plain file or dir. */
export class UnsafeArchiveEntryError extends Error {
  static override readonly name = 'UnsafeArchiveEntryError'
  override readonly name = 'UnsafeArchiveEntryError'

  constructor (readonly entryName: string, readonly reason: string) {
    super(`refused archive entry ${JSON.stringify(entryName)}: ${reason}`)
  }
}

/** A version string that cannot safely name a release dir. */
export class InvalidVersionError extends Error {
  static override readonly name = 'InvalidVersionError'
  override readonly name = 'InvalidVersionError'
}

/** A package file name that cannot safely name a file inside a release dir. */
export class InvalidFileNameError extends Error {
  static override readonly name = 'InvalidFileNameError'
  override readonly name = 'InvalidFileNameError'
}

/** The destination of a staged release already exists: it is never overwritten. */
export class ReleaseExistsError extends Error {
  static override readonly name = 'ReleaseExistsError'
  override readonly name = 'ReleaseExistsError'
}

/** `current` or `previous` points somewhere that is not `releases/<version>`. */
export class InvalidReleaseLinkError extends Error {
  static override readonly name = 'InvalidReleaseLinkError'
  override readonly name = 'InvalidReleaseLinkError'
}

/** Asked for a release that is not in `releases/`. */
export class ReleaseNotFoundError extends Error {
  static override readonly name = 'ReleaseNotFoundError'
  override readonly name = 'ReleaseNotFoundError'
}

/** Rollback asked for while no `previous` release is recorded. */
export class NoPreviousReleaseError extends Error {
  static override readonly name = 'NoPreviousReleaseError'
  override readonly name = 'NoPreviousReleaseError'
}

/** Something other than a regular file or directory in a directory being copied into a release. */
export class UnsupportedFileTypeError extends Error {
  static override readonly name = 'UnsupportedFileTypeError'
  override readonly name = 'UnsupportedFileTypeError'
}

/** The app cannot be started: no current release, or the spawn itself failed. */
export class AppStartError extends Error {
  static override readonly name = 'AppStartError'
  override readonly name = 'AppStartError'
}
