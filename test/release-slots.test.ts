import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { InvalidVersionError, isTarGz, NoPreviousReleaseError, ReleaseSlots } from '../src/node/installer/index.js'
import { releaseArchive, root, useTempRoot } from './installer-fixtures.js'

describe('installer', function () {
  useTempRoot()

  describe('ReleaseSlots', function () {
    let dataDir: string

    beforeEach(async function () {
      dataDir = join(root, 'data')
    })

    it('installs, switches, rolls back and prunes releases', async function () {
      const slots = await ReleaseSlots.open(dataDir)
      assert.equal(await slots.currentVersion(), null)
      await assert.rejects(slots.rollback(), NoPreviousReleaseError)

      const v1 = await slots.installRelease({ version: 'v1', packagePath: await releaseArchive(root, 'v1'), fileName: 'v1.tar.gz' })
      assert.deepEqual(v1, { version: 'v1', previousVersion: null, switched: true, dir: join(dataDir, 'releases', 'v1'), reused: false })
      assert.equal(await readlink(join(dataDir, 'current')), 'releases/v1')
      assert.equal(await readFile(join(dataDir, 'current', 'VERSION'), 'utf8'), 'v1\n')

      await slots.installRelease({ version: 'v2', packagePath: await releaseArchive(root, 'v2'), fileName: 'v2.tar.gz' })
      assert.equal(await slots.currentVersion(), 'v2')
      assert.equal(await slots.previousVersion(), 'v1')
      assert.equal(await readFile(join(dataDir, 'current', 'VERSION'), 'utf8'), 'v2\n')

      assert.deepEqual(await slots.rollback(), { from: 'v2', to: 'v1' })
      assert.equal(await slots.currentVersion(), 'v1')
      assert.equal(await slots.previousVersion(), 'v2')

      await slots.installRelease({ version: 'v3', packagePath: await releaseArchive(root, 'v3'), fileName: 'v3.tar.gz' })
      assert.equal(await slots.currentVersion(), 'v3')
      assert.equal(await slots.previousVersion(), 'v1')
      assert.deepEqual(await slots.listReleases(), ['v1', 'v2', 'v3'])

      assert.deepEqual(await slots.prune(), ['v2'])
      assert.deepEqual(await slots.listReleases(), ['v1', 'v3'])
      assert.deepEqual(await slots.prune(), [])
    })

    it('reuses a release that is already on disk, and does nothing for the current one', async function () {
      const slots = await ReleaseSlots.open(dataDir)
      const packagePath = await releaseArchive(root, 'v1')
      await slots.stageRelease({ version: 'v1', packagePath, fileName: 'v1.tar.gz' })
      const installed = await slots.installRelease({ version: 'v1', packagePath, fileName: 'v1.tar.gz' })
      assert.equal(installed.reused, true)
      assert.equal(installed.switched, true)
      const again = await slots.installRelease({ version: 'v1', packagePath, fileName: 'v1.tar.gz' })
      assert.equal(again.switched, false)
      assert.equal(await slots.previousVersion(), null)
    })

    it('places a package that is not an archive as is, under its own name', async function () {
      const slots = await ReleaseSlots.open(dataDir)
      const packagePath = join(root, 'chunk-store-file')
      await writeFile(packagePath, '#!/bin/sh\necho firmware\n', { mode: 0o755 })
      assert.equal(await isTarGz(packagePath), false)

      await slots.installRelease({ version: '2.0.0+build.7', packagePath, fileName: 'firmware.bin' })
      assert.equal(await slots.currentVersion(), '2.0.0+build.7')
      assert.deepEqual(await readdir(join(dataDir, 'current')), ['firmware.bin'])
      assert.equal(await readFile(join(dataDir, 'current', 'firmware.bin'), 'utf8'), '#!/bin/sh\necho firmware\n')
      assert.equal((await stat(join(dataDir, 'current', 'firmware.bin'))).mode & 0o7777, 0o755)

      await assert.rejects(slots.installRelease({ version: 'v9', packagePath, fileName: '../escape' }), { name: 'InvalidFileNameError' })
    })

    it('refuses unsafe version strings', async function () {
      const slots = await ReleaseSlots.open(dataDir)
      const packagePath = await releaseArchive(root, 'v1')
      for (const version of ['', '.', '..', '../v1', 'a/b', '.tmp-v1', 'v 1', 'v1\n', 'x'.repeat(65)]) {
        await assert.rejects(slots.installRelease({ version, packagePath, fileName: 'p' }), InvalidVersionError, JSON.stringify(version))
      }
      assert.deepEqual(await slots.listReleases(), [])
    })

    it('seeds an initial release from a plain directory, once', async function () {
      const source = join(root, 'app')
      await mkdir(join(source, 'lib'), { recursive: true })
      await writeFile(join(source, 'VERSION'), 'v1\n')
      await writeFile(join(source, 'lib', 'start.sh'), 'exit 0\n', { mode: 0o700 })

      const slots = await ReleaseSlots.open(dataDir)
      assert.deepEqual(await slots.ensureInitialRelease('v1', source), { version: 'v1', seeded: true })
      assert.equal(await readFile(join(dataDir, 'current', 'VERSION'), 'utf8'), 'v1\n')
      assert.equal((await stat(join(dataDir, 'current', 'lib', 'start.sh'))).mode & 0o7777, 0o755)
      assert.deepEqual(await slots.ensureInitialRelease('v0', source), { version: 'v1', seeded: false })
      assert.deepEqual(await slots.listReleases(), ['v1'])
    })

    it('after a crash between any two steps, reports a complete release and cleans staging leftovers', async function () {
      const slots = await ReleaseSlots.open(dataDir)
      await slots.installRelease({ version: 'v1', packagePath: await releaseArchive(root, 'v1'), fileName: 'p' })

      // crash after the new release was staged but before the switch
      await slots.stageRelease({ version: 'v2', packagePath: await releaseArchive(root, 'v2'), fileName: 'p' })
      // ... with another install half-unpacked and a link being created when the power went
      await mkdir(join(dataDir, 'releases', '.tmp-v3-abc123', 'lib'), { recursive: true })
      await writeFile(join(dataDir, 'releases', '.tmp-v3-abc123', 'VERSION'), 'v')
      await symlink('releases/.tmp-v3-abc123', join(dataDir, 'current.tmp-deadbeef'))
      await symlink('releases/v2', join(dataDir, 'previous.tmp-deadbeef'))

      let reopened = await ReleaseSlots.open(dataDir)
      assert.equal(await reopened.currentVersion(), 'v1')
      assert.deepEqual(await readdir(join(dataDir, 'releases')), ['v1', 'v2'])
      assert.deepEqual((await readdir(dataDir)).sort(), ['current', 'releases'])

      // crash after `previous` was switched, before `current` was
      await symlink('releases/v1', join(dataDir, 'previous'))
      reopened = await ReleaseSlots.open(dataDir)
      assert.equal(await reopened.currentVersion(), 'v1')

      // the interrupted install simply runs again, reusing the staged release
      const resumed = await reopened.installRelease({ version: 'v2', packagePath: join(root, 'v2.tar.gz'), fileName: 'p' })
      assert.equal(resumed.reused, true)
      assert.equal(await readFile(join(dataDir, 'current', 'VERSION'), 'utf8'), 'v2\n')
    })

    it('survives being killed at random instants of an install', async function () {
      this.timeout(30_000)
      const files = Array.from({ length: 200 }, (_, i) => ({ name: `lib/${i}.txt`, content: `${i}`.repeat(512) }))
      const installerModule = new URL('../src/node/installer/index.js', import.meta.url).href
      const slots = await ReleaseSlots.open(dataDir)
      const v1Package = await releaseArchive(root, 'v1', files)
      const started = Date.now()
      await slots.installRelease({ version: 'v1', packagePath: v1Package, fileName: 'p' })
      // kills spread over the time a whole install takes, and a little after it
      const installMs = (Date.now() - started) * 1.3

      const outcomes = new Set<string>()
      for (let attempt = 2; attempt <= 9; attempt++) {
        const version = `v${attempt}`
        const before = await slots.currentVersion()
        const packagePath = await releaseArchive(root, version, files)
        const child = spawn(process.execPath, ['--input-type=module', '-e', `
          const { ReleaseSlots } = await import(process.env.INSTALLER_MODULE)
          const slots = await ReleaseSlots.open(process.env.DATA_DIR)
          console.log('ready')
          await slots.installRelease({ version: process.env.VERSION, packagePath: process.env.PACKAGE_PATH, fileName: 'p' })
          console.log('done')
        `], { env: { ...process.env, INSTALLER_MODULE: installerModule, DATA_DIR: dataDir, VERSION: version, PACKAGE_PATH: packagePath }, stdio: ['ignore', 'pipe', 'inherit'] })
        const exited = new Promise((resolve) => child.once('exit', resolve))
        await new Promise<void>((resolve) => child.stdout.once('data', () => { resolve() }))
        await sleep(Math.random() * installMs)
        child.kill('SIGKILL')
        await exited

        const after = await ReleaseSlots.open(dataDir)
        const current = await after.currentVersion()
        assert.ok(current === before || current === version, `current is ${current}, expected ${before} or ${version}`)
        assert.equal(await readFile(join(dataDir, 'current', 'VERSION'), 'utf8'), `${current}\n`)
        assert.equal((await readdir(join(dataDir, 'current', 'lib'))).length, files.length)
        assert.equal((await readdir(join(dataDir, 'releases'))).filter((name) => name.startsWith('.')).length, 0)
        assert.deepEqual((await readdir(dataDir)).filter((name) => name.includes('.tmp-')), [])
        outcomes.add(current === version ? 'new' : 'old')
      }
      // informative only: which side of the switch the kills landed on is up to the scheduler
      this.test!.title += ` (ended on: ${[...outcomes].join(', ')})`
    })
  })
})
