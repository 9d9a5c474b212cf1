/**
 * Positional reads and writes that loop until done (a single read or write
 * may transfer fewer bytes than asked), and a crash-safe whole-file write.
 */
import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
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

/** Writes under a staging name then renames, so `path` holds the old or the new content, never a torn one. */
export async function writeFileAtomic (path: string, data: Uint8Array): Promise<void> {
  const staging = stagingPath(path)
  try {
    await writeFile(staging, data)
    await rename(staging, path)
  } catch (err) {
    await rm(staging, { force: true })
    throw err
  }
}
