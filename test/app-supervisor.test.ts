import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { AppSupervisor, ReleaseSlots } from '../src/node/installer/index.js'
import { isRunning, releaseArchive, root, useTempRoot } from './installer-fixtures.js'
import type { AppExit, AppSupervisorInit } from '../src/node/installer/index.js'

describe('installer', function () {
  useTempRoot()

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

    it('stops an app that a killed daemon left running before it starts the app again, and nothing else', async function () {
      const pidFile = join(dataDir, 'app.pid')
      // a daemon that is SIGKILLed never stops its app: its supervisor is simply gone
      const crashed = new AppSupervisor({ cwdResolver: () => join(dataDir, 'current'), command: 'exec sleep 30', pidFile })
      const left = await crashed.start()
      assert.equal(isRunning(left.pid), true)
      const next = supervise({ command: 'exec sleep 30', pidFile })
      const run = await next.start()
      assert.equal(isRunning(left.pid), false, 'the app the killed daemon left is stopped')
      assert.equal(isRunning(run.pid), true)
      assert.match(await readFile(pidFile, 'utf8'), new RegExp(`^${run.pid} `))
      await next.stop()
      // a pid file naming a process that is not the app (a reused pid) signals nothing
      await writeFile(pidFile, `${process.pid} 1\n`)
      const third = supervise({ command: 'exec sleep 30', pidFile })
      await third.start()
      assert.equal(isRunning(process.pid), true)
    })
  })
})
