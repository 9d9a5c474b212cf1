/**
 * Builds release archives of `examples/sample-app`, the app the demo runs at
 * v1 and publishes as v2: the files of the sample app, with VERSION set.
 */
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import { pack } from 'tar-stream'
import { releaseFileMode } from './durable-fs.js'
import { stagingPath } from '../package/file-io.js'
import { assertValidVersion } from './release-names.js'

/** Where the sample app lives, relative to the repository root. */
export const SAMPLE_APP_DIR = join('examples', 'sample-app')

/** File the sample app reads its version from. */
const VERSION_FILE = 'VERSION'

/** This module sits at src/node/installer, or dist/src/node/installer once built: a few levels at most. */
const MAX_LEVELS_TO_REPOSITORY_ROOT = 6

/** The sample app's directory, found by walking up from this module to the repository root. */
export function findSampleAppDir (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let level = 0; level <= MAX_LEVELS_TO_REPOSITORY_ROOT; level++) {
    const candidate = join(dir, SAMPLE_APP_DIR)
    if (existsSync(join(candidate, 'server.mjs'))) {
      return candidate
    }
    dir = dirname(dir)
  }
  throw new Error(`cannot find ${SAMPLE_APP_DIR} above ${fileURLToPath(import.meta.url)}`)
}

/**
 * Writes `<outDir>/sample-app-<version>.tar.gz`: the sample app's files at
 * the archive root, VERSION containing `version`. Returns the archive's path.
 */
export async function buildSampleRelease (outDir: string, version: string, sampleDir: string = findSampleAppDir()): Promise<string> {
  assertValidVersion(version)
  await mkdir(outDir, { recursive: true })
  const archivePath = join(outDir, `sample-app-${version}.tar.gz`)
  const staging = stagingPath(archivePath)

  const tarball = pack()
  const written = pipeline(chunksOf(tarball), createGzip(), createWriteStream(staging))
  try {
    for (const path of await listFiles(sampleDir)) {
      const name = relative(sampleDir, path)
      if (name === VERSION_FILE) {
        continue
      }
      await addEntry(tarball, name, await readFile(path), releaseFileMode((await stat(path)).mode))
    }
    await addEntry(tarball, VERSION_FILE, Buffer.from(`${version}\n`), releaseFileMode(0))
    tarball.finalize()
    await written
    await rename(staging, archivePath)
  } catch (err) {
    tarball.destroy()
    await written.catch(() => {})
    await rm(staging, { force: true })
    throw err
  }
  return archivePath
}

async function addEntry (tarball: ReturnType<typeof pack>, name: string, content: Buffer, mode: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    tarball.entry({ name, mode, size: content.length, type: 'file' }, content, (err) => {
      if (err != null) {
        reject(err)
      } else {
        resolve()
      }
    })
  })
}

/** Regular files under `dir`, in a stable order. */
async function listFiles (dir: string): Promise<string[]> {
  const files: string[] = []
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      files.push(...await listFiles(path))
    } else if (entry.isFile()) {
      files.push(path)
    }
  }
  return files
}

/** tar-stream's pack is a streamx stream: hand Node's pipeline a plain async iterable of it. */
async function * chunksOf (source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    yield chunk as Uint8Array
  }
}
