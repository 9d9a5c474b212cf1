/**
 * One process per data directory: a host or a node keeps its identity, its
 * database and its releases in `--data DIR`, and two processes sharing them
 * would answer as one peer and overwrite each other's state. The first to
 * start holds `DIR/lock` (its pid) until it stops; a second is refused. A lock
 * left by a process that is gone (a crash, SIGKILL, a power cut) is taken
 * over (src/node/pid-lock.ts).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { PidLock } from './pid-lock.js'

const log = logger('cascade:node:data-dir-lock')

export const DATA_DIR_LOCK_FILE = 'lock'

/** Another live process (or this one, already) holds the data directory. */
export class DataDirLockedError extends Error {
  static override readonly name = 'DataDirLockedError'
  override readonly name = 'DataDirLockedError'

  constructor (readonly dataDir: string, readonly pid: number | undefined) {
    super(`the data directory ${dataDir} is in use by another cascade process${pid == null ? '' : ` (pid ${pid})`}; stop it first, or use another --data`)
  }
}

/** The data directory held by this process; `release()` when the process stops. */
export interface DataDirLock {
  readonly dataDir: string
  /** the lock file, `DIR/lock` */
  readonly path: string
  /** Gives the directory up; calling it again does nothing. */
  release(): Promise<void>
}

/**
 * Takes `dataDir` for this process, creating the directory if it is missing.
 *
 * @throws {DataDirLockedError} when a live process holds it, this one included
 */
export async function acquireDataDirLock (dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true })
  const path = join(dataDir, DATA_DIR_LOCK_FILE)
  const result = await PidLock.acquire(path)
  if (!('lock' in result)) {
    log('refused %s: held by pid %s', dataDir, result.heldBy)
    throw new DataDirLockedError(dataDir, result.heldBy)
  }
  const lock = result.lock
  log('holding %s', path)
  return {
    dataDir,
    path,
    release: async () => { await lock.release() }
  }
}
