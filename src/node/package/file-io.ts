/**
 * Positional reads and writes that loop until done (a single read or write
 * may transfer fewer bytes than asked), and a crash-safe whole-file write.
 */
import { randomBytes } from 'node:crypto'
import { chmod, link, open, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FileHandle } from 'node:fs/promises'

/** Marks a file being written under a temporary name; renamed into place when complete. */
export const STAGING_INFIX = '.tmp-'

export async function writeFully (handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let written = 0
  while (written < data.byteLength) {
    const { bytesWritten } = await handle.write(data, written, data.byteLength - written, position + written)
    written += bytesWritten
  }
}

/** Fills `target` from `position`; returns the bytes read, fewer only at end of file. */
export async function readFully (handle: FileHandle, target: Uint8Array, position: number): Promise<number> {
  let filled = 0
  while (filled < target.byteLength) {
    const { bytesRead } = await handle.read(target, filled, target.byteLength - filled, position + filled)
    if (bytesRead === 0) {
      break
    }
    filled += bytesRead
  }
  return filled
}

export function stagingPath (path: string): string {
  return `${path}${STAGING_INFIX}${randomBytes(6).toString('hex')}`
}

/** Makes a directory's entries (creations, renames, removals) durable. */
export async function fsyncDir (dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch (err: any) {
    // some file systems cannot fsync a directory; there is nothing more we can do there
    if (err.code !== 'EINVAL' && err.code !== 'EISDIR') {
      throw err
    }
  } finally {
    await handle.close()
  }
}

export interface WriteFileAtomicOptions {
  /** the file's permission bits (a key or a token: 0o600); the default is 0o666 less the umask */
  mode?: number
  /** never replace: a file already at the path stays, and the write fails with `EEXIST` (a hard link, not a rename) */
  exclusive?: boolean
}

/**
 * Replaces a small file atomically and durably: written and flushed under a
 * staging name, renamed into place, the directory fsynced. A reader sees the
 * old content or the new, never part, after a crash too.
 */
export async function writeFileAtomic (path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const staging = stagingPath(path)
  try {
    await writeFile(staging, data, { flush: true, mode: options.mode })
    if (options.mode != null) {
      // the umask may have cleared bits of `mode`; the file must carry exactly it
      await chmod(staging, options.mode)
    }
    if (options.exclusive === true) {
      await link(staging, path)
      await rm(staging)
    } else {
      await rename(staging, path)
    }
  } catch (err) {
    await rm(staging, { force: true })
    throw err
  }
  await fsyncDir(dirname(path))
}
