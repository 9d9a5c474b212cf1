/**
 * Is there room on the data dir's file system for the release? (docs/install-policy.md:
 * the node checks it is in a state to install before it installs.)
 */
import { statfs } from 'node:fs/promises'
import { formatBytes } from '../units.js'

/**
 * Kept free beyond the release itself, so an install never fills the disk
 * the device and its app run on (logs, the app's own data). A judgement
 * call: a few percent of a small device's flash.
 */
export const DISK_MARGIN_BYTES = 64 * 1024 * 1024

/**
 * The package itself is already on disk (the chunk store); the install
 * writes the release next to it: a plain file of the package's size, or
 * an unpacked .tar.gz, which is usually larger than the archive, so twice
 * the package size is allowed for it, plus the margin.
 */
export const RELEASE_SIZE_FACTOR = 2

export function requiredFreeBytes (packageSize: number): number {
  return packageSize * RELEASE_SIZE_FACTOR + DISK_MARGIN_BYTES
}

/** Bytes an unprivileged process may still write on the file system holding `dir`. */
export async function freeBytes (dir: string): Promise<number> {
  const stats = await statfs(dir)
  return stats.bavail * stats.bsize
}

/** Why a package of `packageSize` bytes cannot be installed into `dir`, or undefined when it fits. */
export async function diskSpaceShortfall (dir: string, packageSize: number, free: (dir: string) => Promise<number> = freeBytes): Promise<string | undefined> {
  const available = await free(dir)
  const needed = requiredFreeBytes(packageSize)
  if (available < needed) {
    return `not enough disk space: ${formatBytes(available)} free, ${formatBytes(needed)} needed`
  }
  return undefined
}
