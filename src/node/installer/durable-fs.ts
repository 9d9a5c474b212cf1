/**
 * File-system steps that survive a crash at any instant: content is written
 * and fsynced under a staging name, then renamed into place (rename is atomic
 * within a directory), then the parent directory is fsynced so the rename
 * itself is durable. Whatever is found under a staging name after a crash is
 * incomplete by construction and can be deleted.
 */
import { randomBytes } from 'node:crypto'
import { copyFile, chmod, lstat, mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fsyncDir } from '../package/file-io.js'
import { ReleaseExistsError, UnsupportedFileTypeError } from './errors.js'

/** Prefix of every staging dir: never a valid version (versions start with a letter or digit). */
export const STAGING_PREFIX = '.tmp-'

/** Mode of dirs and executable files in a release. */
export const EXECUTABLE_MODE = 0o755

/** Mode of non-executable files in a release. */
export const FILE_MODE = 0o644

/** Any execute bit set in a source mode makes the copy executable. */
const ANY_EXECUTE_BITS = 0o111

export function isStagingName (name: string): boolean {
  return name.startsWith(STAGING_PREFIX)
}

/** 0o755 when any execute bit is set, else 0o644: no setuid, no world-writable files. */
export function releaseFileMode (sourceMode: number | undefined): number {
  return ((sourceMode ?? 0) & ANY_EXECUTE_BITS) !== 0 ? EXECUTABLE_MODE : FILE_MODE
}

export function randomSuffix (): string {
  return randomBytes(6).toString('hex')
}

/** Fsyncs every directory in a tree (files are fsynced as they are written). */
async function fsyncDirTree (dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      await fsyncDirTree(join(dir, entry.name))
    }
  }
  await fsyncDir(dir)
}

/** Throws {@link ReleaseExistsError} if anything exists at `path` (a link included). */
export async function assertAbsent (path: string): Promise<void> {
  try {
    await lstat(path)
  } catch (err: any) {
    if (err.code === 'ENOENT') {
      return
    }
    throw err
  }
  throw new ReleaseExistsError(`${path} already exists`)
}

/**
 * Creates `destDir` atomically: `fill` writes into a fresh staging dir next to
 * it, which is fsynced and renamed to `destDir` only if `fill` succeeds; on
 * failure the staging dir is removed. `destDir` must not exist.
 */
export async function stageDirectory (destDir: string, fill: (stagingDir: string) => Promise<void>): Promise<void> {
  const parent = dirname(destDir)
  await assertAbsent(destDir)
  await mkdir(parent, { recursive: true })
  const stagingDir = await mkdtemp(join(parent, `${STAGING_PREFIX}${basename(destDir)}-`))
  try {
    await fill(stagingDir)
    await chmod(stagingDir, EXECUTABLE_MODE)
    await fsyncDirTree(stagingDir)
    await assertAbsent(destDir)
    try {
      await rename(stagingDir, destDir)
    } catch (err: any) {
      if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') {
        throw new ReleaseExistsError(`${destDir} already exists`)
      }
      throw err
    }
  } catch (err) {
    await rm(stagingDir, { recursive: true, force: true })
    throw err
  }
  await fsyncDir(parent)
}

/**
 * Removes a directory so that a crash midway never leaves a partial copy
 * under its own name: it is first renamed to a staging name.
 */
export async function removeDirectory (dir: string): Promise<void> {
  const doomed = join(dirname(dir), `${STAGING_PREFIX}delete-${basename(dir)}-${randomSuffix()}`)
  await rename(dir, doomed)
  await fsyncDir(dirname(dir))
  await rm(doomed, { recursive: true, force: true })
}

/** Copies one file, with a release file mode, and fsyncs the copy. */
export async function copyFileDurable (source: string, dest: string): Promise<void> {
  const { mode } = await lstat(source)
  await copyFile(source, dest)
  await chmod(dest, releaseFileMode(mode))
  const handle = await open(dest, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Copies a tree of regular files and directories into an existing directory.
 * Links and special files are refused, as they are in archives.
 */
export async function copyDirectoryDurable (sourceDir: string, destDir: string): Promise<void> {
  for (const entry of await readdir(sourceDir, { withFileTypes: true })) {
    const source = join(sourceDir, entry.name)
    const dest = join(destDir, entry.name)
    if (entry.isDirectory()) {
      await mkdir(dest, { mode: EXECUTABLE_MODE })
      await chmod(dest, EXECUTABLE_MODE)
      await copyDirectoryDurable(source, dest)
    } else if (entry.isFile()) {
      await copyFileDurable(source, dest)
    } else {
      throw new UnsupportedFileTypeError(`${source} is neither a regular file nor a directory`)
    }
  }
}

/** Removes a file, if present, durably. */
export async function removeFileDurable (path: string): Promise<void> {
  await rm(path, { force: true })
  await fsyncDir(dirname(path))
}
