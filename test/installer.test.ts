import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  buildSampleRelease,
  createInstaller,
  findSampleAppDir,
  HEALTH_PENDING_FILE,
  isTarGz,
  ReleaseSlots
} from '../src/node/installer/index.js'
import { exists, freePort, getSampleApp, isRunning, releaseArchive, root, useTempRoot } from './installer-fixtures.js'
import type { Installer } from '../src/node/installer/index.js'

describe('installer', function () {
  useTempRoot()

  describe('createInstaller', function () {
    let installer: Installer | undefined

    afterEach(async function () {
      await installer?.stop()
      installer = undefined
    })

    /** An app that stays up unless its release contains a BROKEN file. */
    function createTestInstaller (dataDir: string): Installer {
      return createInstaller({
        dataDir,
        app: { command: 'if [ -e BROKEN ]; then exit 1; fi; exec sleep 30', graceMs: 200, stopTimeoutMs: 1000 }
      })
    }

    it('keeps a healthy release and rolls back one that fails its health check', async function () {
      const dataDir = join(root, 'data')
      installer = createTestInstaller(dataDir)
      const source = join(root, 'v1')
      await mkdir(source)
      await writeFile(join(source, 'VERSION'), 'v1\n')
      await installer.ensureInitialRelease('v1', source)
      await installer.start()
      const v1Pid = installer.app?.pid
      assert.ok(v1Pid != null && isRunning(v1Pid))

      const broken = await installer.install({ version: 'v2', packagePath: await releaseArchive(root, 'v2', [{ name: 'BROKEN' }]), fileName: 'p' })
      assert.deepEqual(broken, { status: 'rolled-back', version: 'v2', restoredVersion: 'v1', reason: 'the app exited with code 1 within 200 ms of starting' })
      assert.equal(await installer.currentVersion(), 'v1')
      assert.equal(installer.app?.isRunning(), true)
      assert.equal(await exists(join(dataDir, HEALTH_PENDING_FILE)), false)

      const good = await installer.install({ version: 'v3', packagePath: await releaseArchive(root, 'v3'), fileName: 'p' })
      assert.deepEqual(good, { status: 'installed', version: 'v3', previousVersion: 'v1' })
      assert.equal(await installer.currentVersion(), 'v3')
      assert.equal(installer.app?.isRunning(), true)
      assert.deepEqual(await (await installer.slots()).listReleases(), ['v1', 'v3'], 'pruned to current and previous')

      assert.deepEqual(await installer.install({ version: 'v3', packagePath: join(root, 'v3.tar.gz'), fileName: 'p' }), { status: 'unchanged', version: 'v3' })
      const log = await readFile(join(dataDir, 'app.log'), 'utf8')
      assert.match(log, /starting release v2/)
    })

    it('checks, at start, a release the daemon switched to but crashed before judging', async function () {
      const dataDir = join(root, 'data')
      const slots = await ReleaseSlots.open(dataDir)
      await slots.installRelease({ version: 'v1', packagePath: await releaseArchive(root, 'v1'), fileName: 'p' })
      await writeFile(join(dataDir, HEALTH_PENDING_FILE), 'v2')
      await slots.installRelease({ version: 'v2', packagePath: await releaseArchive(root, 'v2', [{ name: 'BROKEN' }]), fileName: 'p' })

      installer = createTestInstaller(dataDir)
      await installer.start()
      assert.equal(await installer.currentVersion(), 'v1')
      assert.equal(installer.app?.isRunning(), true)
      assert.equal(await exists(join(dataDir, HEALTH_PENDING_FILE)), false)
    })
  })

  describe('sample app', function () {
    it('builds a release that unpacks, runs and answers its version over HTTP', async function () {
      const archive = await buildSampleRelease(join(root, 'out'), 'v2')
      assert.equal(archive, join(root, 'out', 'sample-app-v2.tar.gz'))
      assert.equal(await isTarGz(archive), true)
      assert.equal(await readFile(join(findSampleAppDir(), 'VERSION'), 'utf8').then((text) => text.trim()), 'v1')

      const port = await freePort()
      const installer = createInstaller({
        dataDir: join(root, 'data'),
        app: { command: `"${process.execPath}" server.mjs`, env: { APP_PORT: String(port) }, graceMs: 300 }
      })
      try {
        await installer.ensureInitialRelease('v1', findSampleAppDir())
        await installer.start()
        const v1 = await getSampleApp(port)
        assert.equal(v1.version, 'v1')

        const outcome = await installer.install({ version: 'v2', packagePath: archive, fileName: 'sample-app-v2.tar.gz' })
        assert.equal(outcome.status, 'installed')
        const v2 = await getSampleApp(port)
        assert.equal(v2.version, 'v2')
        assert.notEqual(v2.pid, v1.pid)
        assert.equal(isRunning(v1.pid), false)
      } finally {
        await installer.stop()
      }
    })
  })
})
