/**
 * Target (b), installing: `unpackTarGz` with hostile release archives:
 * entries that climb out with `..` or start at `/`, links, devices and fifos,
 * names too long or holding NUL, files where dirs must go, too many entries,
 * and byte-level mutations of valid archives (header checksums fixed up so
 * the mutation reaches the parser rather than its checksum test). After each
 * one, nothing may exist outside the destination, nothing but plain files and
 * dirs inside it, no setuid or writable-by-others modes, and a refused
 * archive must leave nothing at all behind.
 */
import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import { unpackTarGz } from '../node/installer/index.js'
import { mutate } from './mutate.js'
import { errorName, hex } from './stats.js'
import { timeUp, within } from './target.js'
import type { Header } from 'tar-stream'
import type { Rng } from './rng.js'
import type { FuzzTarget, TargetContext } from './target.js'

const TARGET = 'unpack tar.gz'
const UNPACK_TIMEOUT_MS = 10_000

interface EntrySpec {
  header: Partial<Header> & { name: string }
  content?: Buffer
}

async function tarOf (entries: EntrySpec[]): Promise<Uint8Array<ArrayBuffer>> {
  const archive = pack()
  const chunks: Buffer[] = []
  const collected = (async () => {
    for await (const chunk of archive) {
      chunks.push(chunk as Buffer)
    }
  })()
  for (const { header, content } of entries) {
    await new Promise<void>((resolve, reject) => {
      archive.entry(header as Header, content ?? Buffer.alloc(0), (err) => { err != null ? reject(err) : resolve() })
    })
  }
  archive.finalize()
  await collected
  return new Uint8Array(Buffer.concat(chunks))
}

/** Recomputes the checksum of every block that looks like a ustar header, so mutated headers still parse. */
function fixChecksums (tar: Uint8Array): void {
  for (let offset = 0; offset + 512 <= tar.byteLength; offset += 512) {
    if (String.fromCharCode(...tar.subarray(offset + 257, offset + 262)) !== 'ustar') {
      continue
    }
    let sum = 0
    for (let i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? 0x20 : tar[offset + i]
    }
    const octal = sum.toString(8).padStart(6, '0').slice(-6)
    for (let i = 0; i < 6; i++) {
      tar[offset + 148 + i] = octal.charCodeAt(i)
    }
    tar[offset + 154] = 0
    tar[offset + 155] = 0x20
  }
}

const HOSTILE_NAMES = [
  '../escape', '../../escape', 'a/../../escape', '/abs', '/etc/passwd', './', '.', '..', 'a/./b', 'a//b', '',
  'x'.repeat(256), `${'d/'.repeat(2100)}f`, `${'x'.repeat(120)}\0tail`, 'a\\..\\..\\x', 'con', '.tmp-release', 'a/b/../../..'
]

function hostileEntries (rng: Rng): EntrySpec[] {
  const count = rng.weighted([[6, rng.range(1, 5)], [1, rng.range(6, 12)]])
  const entries: EntrySpec[] = []
  for (let i = 0; i < count; i++) {
    const benign = rng.bool(0.6)
    const name = benign ? rng.pick(['app', 'bin/run', 'lib/x.js', 'dir/', 'a/b/c.txt']) : rng.pick(HOSTILE_NAMES)
    const type = benign ? rng.weighted<Header['type']>([[5, 'file'], [2, 'directory']]) : rng.pick<Header['type']>(['file', 'directory', 'symlink', 'link', 'character-device', 'block-device', 'fifo', 'contiguous-file'])
    const content = type === 'file' || type === 'contiguous-file' ? Buffer.from(rng.bytes(rng.size(2048))) : undefined
    entries.push({
      header: {
        name,
        type,
        mode: rng.weighted([[5, 0o644], [2, 0o755], [1, 0o4777], [1, 0o2777], [1, 0o1777], [1, 0o777]]),
        size: content?.byteLength ?? 0,
        linkname: type === 'symlink' || type === 'link' ? rng.pick(['../../etc/passwd', '/etc/shadow', 'app', '.']) : undefined,
        devmajor: 1,
        devminor: 3
      },
      content
    })
  }
  return entries
}

/** Everything under `dir`, as paths relative to it, with what kind of thing each is. */
async function walk (dir: string, prefix = ''): Promise<Array<{ path: string, kind: string, mode: number }>> {
  const out: Array<{ path: string, kind: string, mode: number }> = []
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    const info = await lstat(path)
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'symlink' : 'special'
    out.push({ path: `${prefix}${name}`, kind, mode: info.mode & 0o7777 })
    if (kind === 'dir') {
      out.push(...await walk(path, `${prefix}${name}/`))
    }
  }
  return out
}

export const archiveValidatorTarget: FuzzTarget = {
  name: 'validate-archive',
  weight: 1,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    const rng = ctx.rng
    const root = join(ctx.workDir, 'archives')
    const valid = await tarOf([
      { header: { name: 'bin/', type: 'directory', mode: 0o755 } },
      { header: { name: 'bin/run', type: 'file', mode: 0o755, size: 12 }, content: Buffer.from('#!/bin/sh\n:\n') },
      { header: { name: 'README', type: 'file', mode: 0o644, size: 5 }, content: Buffer.from('hello') }
    ])
    for (let i = 0; i < iterations; i++) {
      if (timeUp(ctx)) {
        break
      }
      ctx.stats.input(TARGET)
      let tar: Uint8Array<ArrayBuffer>
      try {
        tar = rng.bool(0.35) ? mutate(rng, valid, 64 * 1024) : await tarOf(hostileEntries(rng))
      } catch (err) {
        ctx.stats.outcome(TARGET, `unpackable (${errorName(err)})`)
        continue
      }
      fixChecksums(tar)
      let gz: Uint8Array = gzipSync(tar)
      if (rng.bool(0.1)) {
        gz = rng.bool() ? gz.subarray(0, rng.int(gz.byteLength)) : mutate(rng, new Uint8Array(gz), 64 * 1024)
      } else if (rng.bool(0.03)) {
        gz = tar
      }
      // base/archive.tgz; the release goes to base/a/b/release, so an escape by one or two levels lands inside base
      const base = join(root, String(i))
      const dest = join(base, 'a', 'b', 'release')
      await mkdir(join(base, 'a', 'b'), { recursive: true })
      const archivePath = join(base, 'archive.tgz')
      await writeFile(archivePath, gz)
      const maxEntries = rng.bool(0.1) ? rng.range(1, 4) : undefined
      let refused: unknown
      try {
        await within(unpackTarGz(archivePath, dest, { maxEntries }), UNPACK_TIMEOUT_MS, 'unpackTarGz')
        ctx.stats.outcome(TARGET, 'accepted')
      } catch (err) {
        refused = err
        ctx.stats.outcome(TARGET, errorName(err))
        if ((err as Error)?.name === 'FuzzTimeoutError') {
          ctx.stats.fail({ target: TARGET, kind: 'hang', message: (err as Error).message, input: hex(tar, 1024), iteration: i })
        }
      }
      const fail = (message: string): void => { ctx.stats.fail({ target: TARGET, kind: 'invariant', message, input: hex(tar, 1024), iteration: i }) }
      const outside = (await walk(base)).filter(({ path }) => path !== 'archive.tgz' && path !== 'a' && path !== 'a/b' && !path.startsWith('a/b/release'))
      if (outside.length > 0) {
        fail(`unpacking wrote outside the release dir: ${outside.map(entry => entry.path).join(', ')}`)
      }
      if (refused != null) {
        const left = await readdir(join(base, 'a', 'b'))
        if (left.length > 0) {
          fail(`a refused archive (${errorName(refused)}) left ${left.join(', ')} behind`)
        }
      } else {
        for (const entry of await walk(dest)) {
          if (entry.kind !== 'file' && entry.kind !== 'dir') {
            fail(`unpacking created a ${entry.kind} at ${entry.path}`)
          } else if ((entry.mode & 0o7022) !== 0) {
            fail(`unpacking created ${entry.path} with mode ${entry.mode.toString(8)}`)
          }
        }
      }
      await rm(base, { recursive: true, force: true })
    }
    await rm(root, { recursive: true, force: true })
  }
}
