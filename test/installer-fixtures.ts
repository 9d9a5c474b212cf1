/**
 * Shared set-up of the installer tests (unpack, release-slots, app-supervisor,
 * installer): a fresh temp dir per test, release archives written the way a
 * publisher would, and checks on processes and files.
 */
import assert from 'node:assert/strict'
import { createWriteStream } from 'node:fs'
import { lstat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGzip } from 'node:zlib'
import { pack } from 'tar-stream'
import { processStat } from '../src/node/installer/process-group.js'
import { cleanup, tempDir } from './helpers.js'
import type { Header } from 'tar-stream'

/** A fresh temp dir for each test of a describe that calls {@link useTempRoot} (a live binding). */
export let root: string

/** Registers hooks on the enclosing describe: `root` is a new temp dir before each test, removed after it. */
export function useTempRoot (): void {
  beforeEach(async function () { root = await tempDir('cascade-installer-') })
  afterEach(async function () { await cleanup(root) })
}

export interface TestEntry {
  name: string
  type?: Header['type']
  content?: string
  mode?: number
  linkname?: string
}

/** Writes a .tar.gz the way a publisher would, entries exactly as given (unsafe ones included). */
export async function writeTarGz (path: string, entries: TestEntry[]): Promise<string> {
  const tarball = pack()
  const written = pipeline(chunksOf(tarball), createGzip(), createWriteStream(path))
  for (const { name, type = 'file', content = '', mode = 0o644, linkname } of entries) {
    const body = type === 'file' ? Buffer.from(content) : Buffer.alloc(0)
    await new Promise<void>((resolve, reject) => {
      tarball.entry({ name, type, mode, size: body.length, linkname }, body, (err) => { err != null ? reject(err) : resolve() })
    })
  }
  tarball.finalize()
  await written
  return path
}

async function * chunksOf (source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    yield chunk as Uint8Array
  }
}

/** A release archive whose VERSION file names it. */
export async function releaseArchive (dir: string, version: string, extra: TestEntry[] = []): Promise<string> {
  return writeTarGz(join(dir, `${version}.tar.gz`), [{ name: 'VERSION', content: `${version}\n` }, ...extra])
}

export async function exists (path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Running (not a zombie): an orphan that exited stays a zombie until init
 * reaps it, and `kill(pid, 0)` still succeeds on a zombie.
 */
export function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const state = processStat(pid)?.state
  return state != null && state !== 'Z' && state !== 'X'
}

export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  assert.ok(address != null && typeof address === 'object')
  return address.port
}

/** GETs the sample app, retrying while it is still starting. */
export async function getSampleApp (port: number, timeoutMs = 5000): Promise<{ version: string, pid: number }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`)
      return await response.json() as { version: string, pid: number }
    } catch (err) {
      if (Date.now() > deadline) {
        throw err
      }
      await sleep(50)
    }
  }
}
