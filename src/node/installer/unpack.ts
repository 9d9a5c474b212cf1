/**
 * Streaming, refusing extraction of a release archive (.tar.gz): the archive
 * is never held in memory, and no entry can write outside the destination,
 * create a link or a device, or leave a half-extracted release behind. The
 * archive's root is the release's root, except that an archive holding one
 * top-level folder and nothing else (`tar czf app-v4.tar.gz app-v4/`) has
 * that folder's contents as the release (docs/update-flow.md).
 */
import { createReadStream } from 'node:fs'
import { chmod, mkdir, open, readdir, rename, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createGunzip } from 'node:zlib'
import { logger } from '@libp2p/logger'
import { extract } from 'tar-stream'
import { EXECUTABLE_MODE, randomSuffix, releaseFileMode, STAGING_PREFIX, stageDirectory } from './durable-fs.js'
import { UnsafeArchiveEntryError } from './errors.js'
import type { Header } from 'tar-stream'

const log = logger('cascade:installer:unpack')

/** The gzip magic number (RFC 1952, section 2.3.1): ID1 = 0x1f, ID2 = 0x8b. */
const GZIP_MAGIC = [0x1f, 0x8b]

/** A generous bound for an app release; stops an archive from exhausting inodes. */
export const MAX_ARCHIVE_ENTRIES = 100_000

/** Linux PATH_MAX: the longest path an entry name can be. */
export const MAX_ENTRY_NAME_LENGTH = 4096

/** Linux NAME_MAX: the longest single component of an entry name. */
export const MAX_ENTRY_SEGMENT_LENGTH = 255

/** Entry types that name a plain file (`contiguous-file` is an old synonym). */
const FILE_TYPES = new Set<Header['type']>(['file', 'contiguous-file'])

export interface UnpackOptions {
  /** Refuse archives with more entries than this; default {@link MAX_ARCHIVE_ENTRIES}. */
  maxEntries?: number
}

export interface UnpackSummary {
  files: number
  directories: number
  bytes: number
  /** set when the archive held one top-level folder and nothing else: the folder whose contents became the release */
  folder?: string
}

/** True when the file starts with the gzip magic bytes. */
export async function isTarGz (path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return bytesRead === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, i) => head[i] === byte)
  } finally {
    await handle.close()
  }
}

/**
 * Extracts `archivePath` (.tar.gz) to `destDir`, which must not exist. The
 * entries go to a staging dir next to `destDir`, renamed into place only when
 * every entry was safe and written; on any refusal or error the staging dir is
 * removed and nothing is left behind. When every entry is under one
 * top-level directory, that directory's contents become `destDir`.
 *
 * @throws {UnsafeArchiveEntryError} for an absolute, escaping, empty or
 * oversized name, a link, a device or fifo, or too many entries
 */
export async function unpackTarGz (archivePath: string, destDir: string, options: UnpackOptions = {}): Promise<UnpackSummary> {
  let summary: UnpackSummary | undefined
  await stageDirectory(destDir, async (stagingDir) => {
    summary = await extractEntries(archivePath, stagingDir, options.maxEntries ?? MAX_ARCHIVE_ENTRIES)
    const folder = await hoistSingleFolder(stagingDir)
    if (folder != null) {
      summary.folder = folder
    }
  })
  if (summary == null) {
    throw new Error('unreachable: staging finished without a summary')
  }
  log('unpacked %s to %s: %d files, %d dirs, %d bytes%s', archivePath, destDir, summary.files, summary.directories, summary.bytes,
    summary.folder == null ? '' : ` (the contents of its single folder ${JSON.stringify(summary.folder)})`)
  return summary
}

async function extractEntries (archivePath: string, dir: string, maxEntries: number): Promise<UnpackSummary> {
  const input = createReadStream(archivePath)
  const gunzip = createGunzip()
  const entries = extract()
  input.on('error', (err) => entries.destroy(err))
  gunzip.on('error', (err) => entries.destroy(err))
  // tar-stream's Extract is a streamx Writable, which Node's pipe accepts
  input.pipe(gunzip).pipe(entries as unknown as NodeJS.WritableStream)

  const summary: UnpackSummary = { files: 0, directories: 0, bytes: 0 }
  let count = 0
  try {
    for await (const entry of entries) {
      const { header } = entry
      count++
      if (count > maxEntries) {
        throw new UnsafeArchiveEntryError(header.name, `more than ${maxEntries} entries`)
      }
      const segments = safeEntrySegments(header)
      if (header.type === 'directory') {
        await mkdir(join(dir, ...segments), { recursive: true, mode: EXECUTABLE_MODE })
        summary.directories++
        await drain(entry)
      } else {
        if (segments.length === 0) {
          throw new UnsafeArchiveEntryError(header.name, 'a file entry names the release dir itself')
        }
        const path = join(dir, ...segments)
        await mkdir(join(dir, ...segments.slice(0, -1)), { recursive: true, mode: EXECUTABLE_MODE })
        summary.bytes += await writeEntry(entry, path, releaseFileMode(header.mode))
        summary.files++
      }
    }
  } finally {
    input.destroy()
    gunzip.destroy()
  }
  return summary
}

/**
 * When `dir` (the extracted archive) holds one directory and nothing else,
 * moves that directory's contents up into `dir` and returns its name. Every
 * move stays inside the staging dir, so a crash midway leaves only a staging
 * dir, which is deleted at the next start.
 */
async function hoistSingleFolder (dir: string): Promise<string | undefined> {
  const top = await readdir(dir, { withFileTypes: true })
  if (top.length !== 1 || !top[0].isDirectory()) {
    return undefined
  }
  const folder = top[0].name
  // a fresh name first, so that a child named like the folder itself can move up
  const moved = join(dir, `${STAGING_PREFIX}folder-${randomSuffix()}`)
  await rename(join(dir, folder), moved)
  for (const child of await readdir(moved)) {
    await rename(join(moved, child), join(dir, child))
  }
  await rmdir(moved)
  return folder
}

/**
 * The path components an entry writes to, relative to the destination, after
 * resolving `.` and `..`; throws for any entry that is not safe to extract.
 * Links are never created, so resolving `..` by name alone is exact.
 */
function safeEntrySegments (header: Header): string[] {
  const name = header.name
  if (header.type === 'symlink' || header.type === 'link') {
    throw new UnsafeArchiveEntryError(name, `${header.type === 'link' ? 'hard link' : 'symbolic link'} to ${JSON.stringify(header.linkname)}`)
  }
  if (header.type !== 'directory' && !FILE_TYPES.has(header.type)) {
    throw new UnsafeArchiveEntryError(name, `unsupported entry type ${String(header.type)}`)
  }
  if (name.length === 0) {
    throw new UnsafeArchiveEntryError(name, 'empty name')
  }
  if (name.length > MAX_ENTRY_NAME_LENGTH) {
    throw new UnsafeArchiveEntryError(name, `name longer than ${MAX_ENTRY_NAME_LENGTH} characters`)
  }
  if (name.includes('\0')) {
    throw new UnsafeArchiveEntryError(name, 'NUL character in name')
  }
  if (name.startsWith('/')) {
    throw new UnsafeArchiveEntryError(name, 'absolute path')
  }
  const segments: string[] = []
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') {
      continue
    }
    if (segment.length > MAX_ENTRY_SEGMENT_LENGTH) {
      throw new UnsafeArchiveEntryError(name, `path component longer than ${MAX_ENTRY_SEGMENT_LENGTH} characters`)
    }
    if (segment === '..') {
      if (segments.length === 0) {
        throw new UnsafeArchiveEntryError(name, '".." escapes the release dir')
      }
      segments.pop()
      continue
    }
    segments.push(segment)
  }
  return segments
}

/** Streams one entry to a new file, chunk by chunk, and fsyncs it. */
async function writeEntry (entry: AsyncIterable<unknown>, path: string, mode: number): Promise<number> {
  const handle = await open(path, 'w', mode)
  let bytes = 0
  try {
    for await (const chunk of entry) {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError('tar entry yielded a non-binary chunk')
      }
      let offset = 0
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset)
        offset += bytesWritten
      }
      bytes += chunk.byteLength
    }
    // the umask may have narrowed the mode given to open
    await chmod(path, mode)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return bytes
}

/** Consumes an entry's (empty) body so the archive stream moves on. */
async function drain (entry: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of entry) {
    void chunk
  }
}
