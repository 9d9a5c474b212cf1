import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCascade } from '../src/harness/cascade-process.js'
import { busyVerdict, checkInUse } from '../src/node/client/busy-check.js'
import { DISK_MARGIN_BYTES, diskSpaceShortfall, requiredFreeBytes } from '../src/node/client/disk-space.js'
import { DEFERRED_IN_USE, DEFERRED_REPORT_INTERVAL_MS, DEFERRED_WINDOW, IN_USE_PAST_DEADLINE, InstallGate } from '../src/node/client/install-gate.js'
import { INSTALL_LOCK_FILE, InstallLock } from '../src/node/client/install-lock.js'
import { InvalidTimeWindowError, isWithinWindow, msUntilWindowOpens, parseTimeWindow } from '../src/node/client/time-window.js'
import { MiB, cleanup, tempDir } from './helpers.js'
import type { BusyVerdict } from '../src/node/client/busy-check.js'
import type { InstallClearance, InstallGateComponents, InstallGateInit } from '../src/node/client/install-gate.js'
import type { UserNotice } from '../src/node/client/notify.js'

/** A local date on a fixed day, at HH:MM. */
function at (hours: number, minutes: number, seconds = 0): Date {
  return new Date(2025, 2, 14, hours, minutes, seconds)
}

/** A clock that only moves when the gate sleeps. */
function fakeClock (start: Date): { now: () => Date, sleep: (ms: number, signal?: AbortSignal) => Promise<void>, slept: number[] } {
  let t = start.getTime()
  const slept: number[] = []
  return {
    now: () => new Date(t),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      slept.push(ms)
      t += ms
    },
    slept
  }
}

const ROOMY_DISK = async (): Promise<number> => 100 * 1024 * MiB

describe('install policy', function () {
  this.timeout(30_000)

  describe('time windows', () => {
    it('parses HH:MM-HH:MM into minutes after midnight', () => {
      assert.deepEqual(parseTimeWindow('09:30-17:00'), { start: 570, end: 1020, text: '09:30-17:00' })
      assert.deepEqual(parseTimeWindow('22:00-06:00'), { start: 1320, end: 360, text: '22:00-06:00' })
      assert.equal(parseTimeWindow('18:00-24:00').end, 1440)
      assert.equal(parseTimeWindow('7:05-8:00').start, 425)
    })

    it('refuses malformed windows with a reason', () => {
      for (const bad of ['25:00-26:00', '12:60-13:00', '24:00-06:00', '10:00-24:30', 'abc', '10:00', '10:00-11', '10-11', '', '10:00-10:00', '00:00-24:00', '-1:00-02:00']) {
        assert.throws(() => parseTimeWindow(bad), (err: Error) => err instanceof InvalidTimeWindowError && err.name === 'InvalidTimeWindowError' && err.message.includes(bad.trim()), bad)
      }
    })

    it('tells whether a time is inside a window, start included, end excluded', () => {
      const day = parseTimeWindow('09:00-17:00')
      assert.equal(isWithinWindow(day, at(8, 59)), false)
      assert.equal(isWithinWindow(day, at(9, 0)), true)
      assert.equal(isWithinWindow(day, at(16, 59, 59)), true)
      assert.equal(isWithinWindow(day, at(17, 0)), false)
    })

    it('handles a window that crosses midnight', () => {
      const night = parseTimeWindow('22:00-06:00')
      assert.equal(isWithinWindow(night, at(21, 59)), false)
      assert.equal(isWithinWindow(night, at(22, 0)), true)
      assert.equal(isWithinWindow(night, at(23, 59)), true)
      assert.equal(isWithinWindow(night, at(0, 0)), true)
      assert.equal(isWithinWindow(night, at(5, 59)), true)
      assert.equal(isWithinWindow(night, at(6, 0)), false)
      assert.equal(isWithinWindow(night, at(12, 0)), false)
    })

    it('computes the time until a window opens, today or tomorrow', () => {
      const night = parseTimeWindow('22:00-06:00')
      assert.equal(msUntilWindowOpens(night, at(23, 0)), 0)
      assert.equal(msUntilWindowOpens(night, at(21, 59, 30)), 30_000)
      assert.equal(msUntilWindowOpens(night, at(6, 0)), 16 * 3600_000)
      const morning = parseTimeWindow('03:00-04:00')
      assert.equal(msUntilWindowOpens(morning, at(4, 0)), 23 * 3600_000)
    })

    it('cascade node refuses a malformed window with a usage error', async () => {
      const result = await runCascade(['node', '--data', '/nonexistent', '--host', '/ip4/127.0.0.1/tcp/1', '--install-window', '25:00-26:00'])
      assert.notEqual(result.code, 0)
      assert.match(result.stderr, /option '--install-window <HH:MM-HH:MM>' argument '25:00-26:00' is invalid\. time window "25:00-26:00": 25:00 is not a time of day/)
      const relay = await runCascade(['node', '--data', '/nonexistent', '--host', '/ip4/127.0.0.1/tcp/1', '--relay-window', 'nightly'])
      assert.notEqual(relay.code, 0)
      assert.match(relay.stderr, /--relay-window.*must be HH:MM-HH:MM/)
      const retry = await runCascade(['node', '--data', '/nonexistent', '--host', '/ip4/127.0.0.1/tcp/1', '--busy-retry', '0'])
      assert.match(retry.stderr, /--busy-retry.*not a positive integer/)
      const load = await runCascade(['node', '--data', '/nonexistent', '--host', '/ip4/127.0.0.1/tcp/1', '--idle-load', 'low'])
      assert.match(load.stderr, /--idle-load.*not a load above 0/)
    })
  })

  describe('busy check', () => {
    it('only a clean exit 0 means free', () => {
      assert.deepEqual(busyVerdict({ code: 0, signal: null, timedOut: false }), { inUse: false })
      assert.equal(busyVerdict({ code: 1, signal: null, timedOut: false }).inUse, true)
      assert.equal(busyVerdict({ code: null, signal: 'SIGKILL', timedOut: true }).inUse, true)
      assert.equal(busyVerdict({ code: null, signal: 'SIGTERM', timedOut: false }).inUse, true)
      assert.equal(busyVerdict({ code: null, signal: null, timedOut: false, error: new Error('spawn ENOENT') }).inUse, true)
    })

    it('runs the command in the given dir; a slow one counts as in use', async () => {
      const dir = await tempDir()
      try {
        assert.deepEqual(await checkInUse('test ! -f busy', { cwd: dir }), { inUse: false })
        await writeFile(join(dir, 'busy'), '')
        const busy = await checkInUse('test ! -f busy', { cwd: dir })
        assert.deepEqual(busy, { inUse: true, detail: 'the busy check exited 1' })
        const started = Date.now()
        const slow = await checkInUse('sleep 10', { cwd: dir, timeoutMs: 200 })
        assert.ok(Date.now() - started < 5_000, 'the timeout ended it')
        assert.deepEqual(slow, { inUse: true, detail: 'the busy check did not finish within 200 ms' })
        const missing = await checkInUse('true', { cwd: join(dir, 'nope') })
        assert.equal(missing.inUse, true)
      } finally {
        await cleanup(dir)
      }
    })
  })

  describe('installable state', () => {
    it('needs twice the package plus a margin free on disk', async () => {
      assert.equal(requiredFreeBytes(10 * MiB), 20 * MiB + DISK_MARGIN_BYTES)
      assert.equal(await diskSpaceShortfall('/', 10 * MiB, async () => 20 * MiB + DISK_MARGIN_BYTES), undefined)
      const short = await diskSpaceShortfall('/', 10 * MiB, async () => 20 * MiB + DISK_MARGIN_BYTES - 1)
      assert.match(short ?? '', /^not enough disk space: .* free, 84\.0 MiB needed$/)
    })

    it('the install lock: one holder at a time; a live holder blocks, a dead one is stale', async () => {
      const dir = await tempDir()
      const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' })
      try {
        const first = await InstallLock.acquire(dir)
        assert.ok('lock' in first)
        const second = await InstallLock.acquire(dir)
        assert.deepEqual(second, { busy: 'an install is already running' })
        await first.lock.release()
        // an operator's script holds it
        await writeFile(join(dir, INSTALL_LOCK_FILE), `${sleeper.pid}\n`)
        const blocked = await InstallLock.acquire(dir)
        assert.ok('busy' in blocked && blocked.busy.startsWith(`another install is running (pid ${sleeper.pid}`))
        sleeper.kill('SIGKILL')
        await new Promise(resolve => sleeper.once('exit', resolve))
        const after = await InstallLock.acquire(dir)
        assert.ok('lock' in after, 'a lock whose holder is gone is stale')
        assert.match(await readFile(join(dir, INSTALL_LOCK_FILE), 'utf8'), new RegExp(`^${process.pid}\\b`))
        await after.lock.release()
      } finally {
        sleeper.kill('SIGKILL')
        await cleanup(dir)
      }
    })
  })

  describe('the install gate', () => {
    let dir: string
    beforeEach(async () => { dir = await tempDir() })
    afterEach(async () => { await cleanup(dir) })

    function gate (init: Partial<InstallGateInit>, components: Partial<InstallGateComponents> = {}, clock = fakeClock(at(12, 0))): { gate: InstallGate, clock: ReturnType<typeof fakeClock>, deferred: string[], notices: UserNotice[], hooked: UserNotice[] } {
      const hooked: UserNotice[] = []
      return {
        gate: new InstallGate({ dataDir: dir, appName: 'kiosk', ...init }, { clock, freeBytes: ROOMY_DISK, notifyUser: async (n) => { hooked.push(n) }, ...components }),
        clock,
        deferred: [],
        notices: [],
        hooked
      }
    }

    async function clear (g: ReturnType<typeof gate>, signal?: AbortSignal): Promise<InstallClearance> {
      const request = g.gate.requestClearance({ version: 'v2', packageSize: MiB, signal })
      request.on('deferred', (reason) => { g.deferred.push(reason) })
      request.on('notice', (notice) => { g.notices.push(notice) })
      const result = await request.run()
      if (result.status === 'clear') {
        await result.lock.release()
      }
      return result
    }

    it('clears at once with no policy', async () => {
      const g = gate({})
      assert.equal((await clear(g)).status, 'clear')
      assert.deepEqual(g.deferred, [])
      assert.deepEqual(g.notices, [])
    })

    it('defers outside the install window and clears when it opens, reporting every interval', async () => {
      const g = gate({ installWindow: parseTimeWindow('22:00-06:00') }, {}, fakeClock(at(21, 59, 30)))
      assert.equal((await clear(g)).status, 'clear')
      assert.ok(g.clock.now().getTime() >= at(22, 0).getTime(), 'not before the window opens')
      assert.ok(g.clock.now().getTime() < at(22, 1).getTime())
      assert.ok(g.deferred.length >= 30_000 / DEFERRED_REPORT_INTERVAL_MS, 're-reported while waiting')
      assert.ok(g.deferred.every(reason => reason === DEFERRED_WINDOW))
      assert.ok(g.clock.slept.every(ms => ms <= DEFERRED_REPORT_INTERVAL_MS))
      assert.deepEqual(g.notices.map(n => n.message), ['update v2 is ready; it will install when the install window 22:00-06:00 opens'])
    })

    it('inside a window that crosses midnight, clears at once', async () => {
      const g = gate({ installWindow: parseTimeWindow('22:00-06:00') }, {}, fakeClock(at(2, 30)))
      assert.equal((await clear(g)).status, 'clear')
      assert.deepEqual(g.deferred, [])
    })

    it('defers while the app is in use, checks every --busy-retry, clears once it is free', async () => {
      const verdicts: BusyVerdict[] = [{ inUse: true, detail: 'x' }, { inUse: true, detail: 'x' }, { inUse: true, detail: 'x' }, { inUse: false }]
      let checks = 0
      const g = gate({ busyRetryMs: 5_000 }, { checkInUse: async () => verdicts[checks++] })
      const started = g.clock.now().getTime()
      assert.equal((await clear(g)).status, 'clear')
      assert.equal(checks, 4)
      assert.equal(g.clock.now().getTime() - started, 15_000)
      assert.ok(g.deferred.length >= 3 && g.deferred.every(reason => reason === DEFERRED_IN_USE))
      // told once, not at every check, by the hook too
      assert.deepEqual(g.notices, [{ version: 'v2', message: 'update v2 is ready; it will install when kiosk is no longer in use' }])
      assert.deepEqual(g.hooked, g.notices)
    })

    it('gives up when the app stays in use past the deadline', async () => {
      const g = gate({ busyRetryMs: 5_000, deferDeadlineMs: 60_000 }, { checkInUse: async () => ({ inUse: true, detail: 'x' }) })
      const started = g.clock.now().getTime()
      assert.deepEqual(await clear(g), { status: 'refused', reason: IN_USE_PAST_DEADLINE })
      assert.equal(g.clock.now().getTime() - started, 60_000)
      assert.equal(g.notices.at(-1)?.message, 'update v2 was not installed: kiosk stayed in use past the deadline')
    })

    it('time outside the window does not count towards the in-use deadline', async () => {
      // in use at 05:59:50; the window closes at 06:00 and opens again at 22:00
      let checks = 0
      const g = gate({
        installWindow: parseTimeWindow('22:00-06:00'),
        busyRetryMs: 10_000,
        deferDeadlineMs: 30_000
      }, { checkInUse: async () => (++checks <= 2 ? { inUse: true, detail: 'x' } : { inUse: false }) }, fakeClock(at(5, 59, 50)))
      assert.equal((await clear(g)).status, 'clear')
      assert.ok(g.deferred.includes(DEFERRED_WINDOW) && g.deferred.includes(DEFERRED_IN_USE))
      assert.equal(g.notices.length, 3, 'in use, then window, then in use again')
    })

    it('retries an install the device is not in a state for, then reports it cannot', async () => {
      const g = gate({ installRetries: 2, installRetryDelayMs: 1_000 }, { freeBytes: async () => 0 })
      const result = await clear(g)
      assert.equal(result.status, 'refused')
      assert.match(result.status === 'refused' ? result.reason : '', /^cannot install \(not enough disk space: 0 B free, .* needed\)$/)
      assert.equal(g.clock.now().getTime() - at(12, 0).getTime(), 2_000, 'two retries one second apart')
      assert.ok(g.deferred.every(reason => reason.startsWith('cannot install yet (not enough disk space')))
    })

    it('clears once the disk has room again', async () => {
      let checks = 0
      const g = gate({ installRetryDelayMs: 1_000 }, { freeBytes: async () => (++checks < 3 ? 0 : 100 * 1024 * MiB) })
      assert.equal((await clear(g)).status, 'clear')
      assert.equal(checks, 3)
    })

    it('another install running blocks until it ends', async () => {
      let held = 2
      const g = gate({ installRetryDelayMs: 1_000 }, {
        acquireLock: async (dataDir) => (held-- > 0 ? { busy: 'another install is running (pid 1)' } : InstallLock.acquire(dataDir))
      })
      assert.equal((await clear(g)).status, 'clear')
      assert.ok(g.deferred.includes('cannot install yet (another install is running (pid 1))'))
    })

    it('stops waiting when its signal aborts', async () => {
      const controller = new AbortController()
      const g = gate({}, { checkInUse: async () => ({ inUse: true, detail: 'x' }) })
      const request = g.gate.requestClearance({ version: 'v2', packageSize: MiB, signal: controller.signal })
      request.on('deferred', () => { if (g.clock.slept.length > 3) controller.abort() })
      const wait = request.run()
      await assert.rejects(wait, { name: 'AbortError' })
    })

    it('relaying waits for the relay window', async () => {
      const g = gate({ relayWindow: parseTimeWindow('01:00-05:00') }, {}, fakeClock(at(23, 0)))
      assert.equal(g.gate.relayBlocker(), 'outside the relay window 01:00-05:00')
      await g.gate.waitUntilRelayAllowed()
      assert.equal(g.clock.now().getTime(), at(1, 0).getTime() + 24 * 3600_000)
      assert.equal(g.gate.relayBlocker(), undefined)
    })

    it('relaying waits while the device is busy, with --relay-when-idle', async () => {
      // the load falls a little at every look
      const loads = [0.9, 0.7, 0.49]
      const clock = fakeClock(at(12, 0))
      const g = new InstallGate({ dataDir: dir, relayWhenIdle: true }, {
        clock: { now: clock.now, sleep: async (ms, signal) => { loads.shift(); await clock.sleep(ms, signal) } },
        cpuLoad: () => loads[0]
      })
      assert.equal(g.relayBlocker(), 'the device is busy (load 0.90 per CPU, idle below 0.5)')
      await g.waitUntilRelayAllowed()
      assert.equal(clock.slept.length, 2, 'waited while the load was 0.9 and 0.7')
      assert.equal(new InstallGate({ dataDir: dir, relayWhenIdle: false }, { cpuLoad: () => 5 }).relayBlocker(), undefined)
      assert.equal(new InstallGate({ dataDir: dir, relayWhenIdle: true, idleLoad: 8 }, { cpuLoad: () => 5 }).relayBlocker(), undefined)
    })

    it('relaying stops waiting when its signal aborts', async () => {
      const g = gate({ relayWindow: parseTimeWindow('01:00-05:00') })
      await assert.rejects(g.gate.waitUntilRelayAllowed(AbortSignal.abort()), { name: 'AbortError' })
    })
  })
})
