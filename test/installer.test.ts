import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGzip } from 'node:zlib'
import { pack } from 'tar-stream'
import {
  AppSupervisor,
  buildSampleRelease,
  createInstaller,
  findSampleAppDir,
  HEALTH_PENDING_FILE,
  InvalidVersionError,
  isTarGz,
  NoPreviousReleaseError,
  ReleaseExistsError,
  ReleaseSlots,
  unpackTarGz,
  UnsafeArchiveEntryError
} from '../src/node/installer/index.js'
import { processStat } from '../src/node/installer/process-group.js'
import type { AppExit, AppSupervisorInit, Installer } from '../src/node/installer/index.js'
import type { Header } from 'tar-stream'

interface TestEntry {
  name: string
  type?: Header['type']
  content?: string
  mode?: number
  linkname?: string
}

/** Writes a .tar.gz the way a publisher would, entries exactly as given (unsafe ones included). */
async function writeTarGz (path: string, entries: TestEntry[]): Promise<string> {
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
async function releaseArchive (dir: string, version: string, extra: TestEntry[] = []): Promise<string> {
  return writeTarGz(join(dir, `${version}.tar.gz`), [{ name: 'VERSION', content: `${version}\n` }, ...extra])
}

async function exists (path: string): Promise<boolean> {
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
function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const state = processStat(pid)?.state
  return state != null && state !== 'Z' && state !== 'X'
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  assert.ok(address != null && typeof address === 'object')
  return address.port
}

/** GETs the sample app, retrying while it is still starting. */
async function getSampleApp (port: number, timeoutMs = 5000): Promise<{ version: string, pid: number }> {
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

describe('installer', function () {
  let root: string

  beforeEach(async function () {
    root = await mkdtemp(join(tmpdir(), 'cascade-installer-'))
  })

  afterEach(async function () {
    await rm(root, { recursive: true, force: true })
  })

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

    it('never overwrites an existing destination', async function () {
      const archive = await releaseArchive(root, 'v1')
      await mkdir(join(root, 'releases', 'v1'), { recursive: true })
      await assert.rejects(unpackTarGz(archive, join(root, 'releases', 'v1')), ReleaseExistsError)
    })
  })

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

  describe('AppSupervisor', function () {
    let dataDir: string
    let supervisors: AppSupervisor[]

    beforeEach(async function () {
      dataDir = join(root, 'data')
      supervisors = []
      const slots = await ReleaseSlots.open(dataDir)
      await slots.installRelease({ version: 'v1', packagePath: await releaseArchive(root, 'v1'), fileName: 'p' })
    })

    afterEach(async function () {
      await Promise.all(supervisors.map(async (supervisor) => supervisor.stop()))
    })

    function supervise (init: Omit<AppSupervisorInit, 'cwdResolver'>): AppSupervisor {
      const supervisor = new AppSupervisor({ cwdResolver: () => join(dataDir, 'current'), logFile: join(dataDir, 'app.log'), stopTimeoutMs: 1000, ...init })
      supervisors.push(supervisor)
      return supervisor
    }

    it('starts the app in the release dir with its env, logs its output, and stops it', async function () {
      const supervisor = supervise({ command: 'echo "running $CASCADE_VERSION in $CASCADE_RELEASE_DIR with $GREETING"; exec sleep 30', env: { GREETING: 'hello' } })
      const exits: AppExit[] = []
      supervisor.on('exit', (exit) => exits.push(exit))
      const { pid, version, releaseDir } = await supervisor.start()
      assert.equal(version, 'v1')
      assert.equal(releaseDir, join(dataDir, 'releases', 'v1'))
      assert.equal(isRunning(pid), true)
      assert.equal(supervisor.isRunning(), true)
      const logFile = join(dataDir, 'app.log')
      while (!(await readFile(logFile, 'utf8')).includes('running v1')) {
        await sleep(10)
      }

      await supervisor.stop()
      assert.equal(isRunning(pid), false)
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' })
      assert.equal(supervisor.isRunning(), false)
      assert.equal(exits.length, 1)
      assert.equal(exits[0].expected, true)
      assert.equal(exits[0].signal, 'SIGTERM')

      const log = await readFile(logFile, 'utf8')
      assert.match(log, new RegExp(`running v1 in ${join(dataDir, 'releases', 'v1')} with hello`))
    })

    it('stops everything in the app\'s process group, SIGKILL for what ignores SIGTERM', async function () {
      const supervisor = supervise({ command: 'trap "" TERM; sleep 30 & echo $! > "$PIDS"; sleep 30', env: { PIDS: join(root, 'background.pid') }, stopTimeoutMs: 300 })
      const { pid } = await supervisor.start()
      let background = NaN
      while (Number.isNaN(background) || background === 0) {
        await sleep(20)
        background = Number(await readFile(join(root, 'background.pid'), 'utf8').catch(() => 'NaN'))
      }
      assert.equal(isRunning(background), true)

      const started = Date.now()
      await supervisor.stop()
      assert.ok(Date.now() - started >= 300, 'waited for SIGTERM before SIGKILL')
      assert.equal(isRunning(pid), false)
      assert.equal(isRunning(background), false)
    })

    it('restarts with a new process from the release current at that time', async function () {
      const supervisor = supervise({ command: 'exec sleep 30' })
      const first = await supervisor.start()
      const slots = await ReleaseSlots.open(dataDir)
      await slots.installRelease({ version: 'v2', packagePath: await releaseArchive(root, 'v2'), fileName: 'p' })

      const second = await supervisor.restart()
      assert.notEqual(second.pid, first.pid)
      assert.equal(second.version, 'v2')
      assert.equal(isRunning(first.pid), false)
      assert.equal(isRunning(second.pid), true)
    })

    it('is healthy when the app stays up and the health command exits 0', async function () {
      const supervisor = supervise({ command: 'exec sleep 30', healthCommand: 'test "$(cat VERSION)" = "$CASCADE_VERSION"', graceMs: 200 })
      await supervisor.start()
      assert.deepEqual(await supervisor.checkHealth(), { ok: true })
    })

    it('is not healthy when the app exits within the grace period', async function () {
      const supervisor = supervise({ command: 'sleep 0.1; exit 3', graceMs: 2000 })
      await supervisor.start()
      const started = Date.now()
      const health = await supervisor.checkHealth()
      assert.equal(health.ok, false)
      assert.match(!health.ok ? health.reason : '', /exited with code 3 within 2000 ms/)
      assert.ok(Date.now() - started < 1500, 'does not wait out the grace period once the app exited')
    })

    it('is not healthy when the health command fails or times out', async function () {
      const failing = supervise({ command: 'exec sleep 30', healthCommand: 'echo "port closed" >&2; exit 1', graceMs: 100 })
      await failing.start()
      assert.deepEqual(await failing.checkHealth(), { ok: false, reason: 'the health command exited with code 1: port closed' })

      const hanging = supervise({ command: 'exec sleep 30', healthCommand: 'sleep 30', graceMs: 100, healthTimeoutMs: 200 })
      await hanging.start()
      const health = await hanging.checkHealth()
      assert.equal(health.ok, false)
      assert.match(!health.ok ? health.reason : '', /did not finish within 200 ms/)
    })
  })

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
