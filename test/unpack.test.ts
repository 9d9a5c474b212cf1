import assert from 'node:assert/strict'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isTarGz, ReleaseExistsError, ReleaseSlots, unpackTarGz, UnsafeArchiveEntryError } from '../src/node/installer/index.js'
import { exists, releaseArchive, root, useTempRoot, writeTarGz } from './installer-fixtures.js'
import type { TestEntry } from './installer-fixtures.js'

describe('installer', function () {
  useTempRoot()

  describe('unpackTarGz', function () {
    it('extracts files and dirs, keeping only the executable bit of modes', async function () {
      const archive = await writeTarGz(join(root, 'app.tar.gz'), [
        { name: './', type: 'directory', mode: 0o700 },
        { name: 'bin/', type: 'directory', mode: 0o777 },
        { name: 'bin/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o4775 },
        { name: 'README', content: 'read me', mode: 0o666 },
        { name: 'deep/nested/file.txt', content: 'no dir entries before me' },
        { name: 'deep/../top.txt', content: '.. that stays inside is resolved' }
      ])
      assert.equal(await isTarGz(archive), true)

      const dest = join(root, 'releases', 'v1')
      const summary = await unpackTarGz(archive, dest)

      assert.deepEqual(summary, { files: 4, directories: 2, bytes: 18 + 7 + 24 + 32 })
      assert.equal(await readFile(join(dest, 'bin/run.sh'), 'utf8'), '#!/bin/sh\necho hi\n')
      assert.equal((await stat(join(dest, 'bin/run.sh'))).mode & 0o7777, 0o755)
      assert.equal((await stat(join(dest, 'README'))).mode & 0o7777, 0o644)
      assert.equal(await readFile(join(dest, 'deep/nested/file.txt'), 'utf8'), 'no dir entries before me')
      assert.equal(await readFile(join(dest, 'top.txt'), 'utf8'), '.. that stays inside is resolved')
      assert.equal((await stat(dest)).mode & 0o7777, 0o755)
      assert.deepEqual(await readdir(join(root, 'releases')), ['v1'], 'no staging dir left')
    })

    const unsafe: Array<{ title: string, entry: TestEntry, escapesTo?: (root: string) => string }> = [
      { title: 'a ".." that escapes', entry: { name: '../x', content: 'escaped' }, escapesTo: (root) => join(root, 'x') },
      { title: 'an absolute path', entry: { name: '/etc/cascade-installer-test-x', content: 'escaped' }, escapesTo: () => '/etc/cascade-installer-test-x' },
      { title: 'a ".." deeper in the name', entry: { name: 'a/../../x', content: 'escaped' }, escapesTo: (root) => join(root, 'x') },
      { title: 'a symbolic link', entry: { name: 'passwd', type: 'symlink', linkname: '/etc/passwd' } },
      { title: 'a hard link', entry: { name: 'hard', type: 'link', linkname: 'ok.txt' } },
      { title: 'a fifo', entry: { name: 'pipe', type: 'fifo' } },
      { title: 'a character device', entry: { name: 'null', type: 'character-device' } },
      { title: 'an empty name', entry: { name: '', content: 'nameless' } },
      { title: 'a file named "."', entry: { name: './', content: 'the release dir itself' } }
    ]
    for (const { title, entry, escapesTo } of unsafe) {
      it(`refuses ${title} and leaves nothing behind`, async function () {
        const archive = await writeTarGz(join(root, 'bad.tar.gz'), [
          { name: 'ok.txt', content: 'fine' },
          entry,
          { name: 'after.txt', content: 'never reached' }
        ])
        const releases = join(root, 'releases')

        await assert.rejects(unpackTarGz(archive, join(releases, 'v1')), (err: any) => {
          assert.ok(err instanceof UnsafeArchiveEntryError, err.stack)
          assert.equal(err.name, 'UnsafeArchiveEntryError')
          assert.equal(err.entryName, entry.name)
          assert.ok(err.reason.length > 0)
          return true
        })
        assert.deepEqual(await readdir(releases), [], 'no release and no staging dir')
        if (escapesTo != null) {
          assert.equal(await exists(escapesTo(root)), false)
        }
      })
    }

    it('refuses an archive with too many entries', async function () {
      const archive = await writeTarGz(join(root, 'many.tar.gz'), ['a', 'b', 'c', 'd'].map((name) => ({ name })))
      await assert.rejects(unpackTarGz(archive, join(root, 'releases', 'v1'), { maxEntries: 3 }), (err: any) => {
        assert.ok(err instanceof UnsafeArchiveEntryError)
        assert.equal(err.entryName, 'd')
        assert.match(err.reason, /more than 3 entries/)
        return true
      })
      assert.deepEqual(await readdir(join(root, 'releases')), [])
    })

    it('refuses a name longer than PATH_MAX', async function () {
      const name = `${'d/'.repeat(2100)}f`
      const archive = await writeTarGz(join(root, 'long.tar.gz'), [{ name }])
      await assert.rejects(unpackTarGz(archive, join(root, 'releases', 'v1')), UnsafeArchiveEntryError)
      assert.deepEqual(await readdir(join(root, 'releases')), [])
    })

    it('leaves nothing behind for a truncated archive', async function () {
      const archive = await writeTarGz(join(root, 'whole.tar.gz'), [{ name: 'big', content: 'x'.repeat(100_000) }])
      const bytes = await readFile(archive)
      const truncated = join(root, 'truncated.tar.gz')
      await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
      await assert.rejects(unpackTarGz(truncated, join(root, 'releases', 'v1')))
      assert.deepEqual(await readdir(join(root, 'releases')), [])
    })

    it('makes the contents of a single top-level folder the release (tar czf app-v4.tar.gz app-v4/)', async function () {
      const archive = await writeTarGz(join(root, 'app-v4.tar.gz'), [
        { name: 'app-v4/', type: 'directory', mode: 0o755 },
        { name: 'app-v4/server.mjs', content: 'console.log(1)\n' },
        { name: 'app-v4/lib/util.mjs', content: 'export {}\n' },
        { name: 'app-v4/app-v4/same-name.txt', content: 'a child named like its folder' }
      ])
      const dest = join(root, 'releases', 'v4')
      const summary = await unpackTarGz(archive, dest)

      assert.equal(summary.folder, 'app-v4')
      assert.deepEqual((await readdir(dest)).sort(), ['app-v4', 'lib', 'server.mjs'])
      assert.equal(await readFile(join(dest, 'server.mjs'), 'utf8'), 'console.log(1)\n')
      assert.equal(await readFile(join(dest, 'lib', 'util.mjs'), 'utf8'), 'export {}\n')
      assert.equal(await readFile(join(dest, 'app-v4', 'same-name.txt'), 'utf8'), 'a child named like its folder')
      assert.deepEqual(await readdir(join(root, 'releases')), ['v4'], 'no staging dir left')
    })

    it('finds the single folder without a directory entry for it, and behind "./"', async function () {
      const archive = await writeTarGz(join(root, 'app.tar.gz'), [
        { name: './', type: 'directory' },
        { name: './app/server.mjs', content: 'ok' }
      ])
      const dest = join(root, 'releases', 'v1')
      assert.equal((await unpackTarGz(archive, dest)).folder, 'app')
      assert.deepEqual(await readdir(dest), ['server.mjs'])
    })

    const keptLayouts: Array<{ title: string, entries: TestEntry[], top: string[] }> = [
      { title: 'two top-level folders', entries: [{ name: 'a/server.mjs' }, { name: 'b/lib.mjs' }], top: ['a', 'b'] },
      { title: 'a top-level file beside a folder', entries: [{ name: 'app-v4/server.mjs' }, { name: 'README' }], top: ['README', 'app-v4'] },
      { title: 'a single top-level file', entries: [{ name: 'server.mjs' }], top: ['server.mjs'] }
    ]
    for (const { title, entries, top } of keptLayouts) {
      it(`keeps the archive's root as the release's root with ${title}`, async function () {
        const archive = await writeTarGz(join(root, 'app.tar.gz'), entries)
        const dest = join(root, 'releases', 'v1')
        const summary = await unpackTarGz(archive, dest)
        assert.equal(summary.folder, undefined)
        assert.deepEqual((await readdir(dest)).sort(), top)
      })
    }

    it('installs an archive of app-v4/ with server.mjs at the release root', async function () {
      const dataDir = join(root, 'data')
      const packagePath = await writeTarGz(join(root, 'app-v4.tar.gz'), [
        { name: 'app-v4/', type: 'directory' },
        { name: 'app-v4/server.mjs', content: 'console.log("v4")\n' }
      ])
      const slots = await ReleaseSlots.open(dataDir)
      await slots.installRelease({ version: 'v4', packagePath, fileName: 'app-v4.tar.gz' })
      assert.deepEqual(await readdir(join(dataDir, 'current')), ['server.mjs'])
      assert.equal(await readFile(join(dataDir, 'current', 'server.mjs'), 'utf8'), 'console.log("v4")\n')
    })

    it('never overwrites an existing destination', async function () {
      const archive = await releaseArchive(root, 'v1')
      await mkdir(join(root, 'releases', 'v1'), { recursive: true })
      await assert.rejects(unpackTarGz(archive, join(root, 'releases', 'v1')), ReleaseExistsError)
    })
  })
})
