/**
 * Runs the device's managed app from the current release: one shell command
 * in its own process group, output appended to a log file, stopped by
 * signalling the whole group, and judged healthy or not after a restart.
 */
import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { open, realpath } from 'node:fs/promises'
import { basename } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { forgetApp, recordApp, stopLeftoverApp } from './app-pid-file.js'
import { AppStartError } from './errors.js'
import { signalGroup, stopGroup } from './process-group.js'
import type { ChildProcess } from 'node:child_process'
import type { FileHandle } from 'node:fs/promises'

const log = logger('cascade:installer:app')

/** Commands run through the POSIX shell, so a command line can use pipes, `&&`, variables. */
const SHELL = '/bin/sh'

/** How long a freshly started app must stay up to count as healthy. */
export const DEFAULT_GRACE_MS = 2000

/** How long the health command may run before it counts as failed. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 10_000

/** How long the app gets to exit after SIGTERM before its group is sent SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 5000

/** How long to wait for the group to vanish after SIGKILL, which cannot be caught. */
const KILL_WAIT_MS = 2000

/** Output of a failed health command quoted in the failure reason, from its end. */
const HEALTH_OUTPUT_TAIL_BYTES = 1024

export interface AppSupervisorInit {
  /** Shell command line that runs the app, e.g. `node server.mjs`. */
  command: string
  /** The current release dir (or a link to it); resolved at each start. */
  cwdResolver: () => string
  /** Added to the daemon's environment, for the app and the health command. */
  env?: Record<string, string>
  /** Shell command run in the release dir after the grace period; must exit 0. */
  healthCommand?: string
  /** How long the app must stay up after a start; default {@link DEFAULT_GRACE_MS}. */
  graceMs?: number
  healthTimeoutMs?: number
  stopTimeoutMs?: number
  /** File the app's stdout and stderr are appended to; discarded when unset. */
  logFile?: string
  /** Where the running app's pid is kept, so the next daemon can stop an app this one left behind (app-pid-file.ts). */
  pidFile?: string
}

export interface AppRun {
  pid: number
  version: string
  releaseDir: string
}

export interface AppExit extends AppRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** True when the exit was caused by {@link AppSupervisor.stop}. */
  expected: boolean
}

export type HealthResult = { ok: true } | { ok: false, reason: string }

export interface AppSupervisorEvents {
  exit: [AppExit]
}

interface RunningApp extends AppRun {
  child: ChildProcess
  startedAt: number
  stopping: boolean
  exit?: AppExit
  exited: Promise<AppExit>
}

export class AppSupervisor extends EventEmitter<AppSupervisorEvents> {
  private readonly init: AppSupervisorInit
  private app?: RunningApp
  /** an app left by an earlier daemon is looked for once, at the first start */
  private leftoverChecked = false

  constructor (init: AppSupervisorInit) {
    super()
    this.init = init
  }

  /** The app's pid, which is also its process group id, while it runs. */
  get pid (): number | undefined {
    return this.isRunning() ? this.app?.pid : undefined
  }

  isRunning (): boolean {
    return this.app != null && this.app.exit == null
  }

  /** Starts the app in the current release; does nothing if it runs already. */
  async start (): Promise<AppRun> {
    if (this.app != null && this.app.exit == null) {
      return toRun(this.app)
    }
    let releaseDir: string
    try {
      releaseDir = await realpath(this.init.cwdResolver())
    } catch (err: any) {
      throw new AppStartError(`no current release to start the app from: ${err.message}`)
    }
    const version = basename(releaseDir)
    const env = this.environment(releaseDir, version)
    if (this.init.pidFile != null && !this.leftoverChecked) {
      // a daemon killed before us may have left its app running: one copy only
      this.leftoverChecked = true
      await stopLeftoverApp(this.init.pidFile, this.init.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, KILL_WAIT_MS)
    }

    let output: FileHandle | undefined
    if (this.init.logFile != null) {
      output = await open(this.init.logFile, 'a')
      await output.write(`--- cascade: starting release ${version} at ${new Date().toISOString()}: ${this.init.command}\n`)
    }
    let child: ChildProcess
    // the exit is watched from the spawn on: an app that fails at once may be
    // gone before the awaits below return, and an exit event nobody listened
    // for would leave the app "running" forever
    let exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
    try {
      child = spawn(SHELL, ['-c', this.init.command], {
        cwd: releaseDir,
        env,
        // its own process group, so stop() can signal everything the app started
        detached: true,
        stdio: ['ignore', output?.fd ?? 'ignore', output?.fd ?? 'ignore']
      })
      exited = new Promise((resolve) => { child.once('exit', (code, signal) => { resolve({ code, signal }) }) })
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve)
        child.once('error', reject)
      })
    } catch (err: any) {
      throw new AppStartError(`could not start ${JSON.stringify(this.init.command)}: ${err.message}`)
    } finally {
      // the child holds its own copy of the descriptor
      await output?.close()
    }

    const pid = child.pid
    if (pid == null) {
      throw new AppStartError(`could not start ${JSON.stringify(this.init.command)}: no pid`)
    }
    const app: RunningApp = {
      pid,
      version,
      releaseDir,
      child,
      startedAt: Date.now(),
      stopping: false,
      exited: exited.then(({ code, signal }) => {
        const exit: AppExit = { pid, version, releaseDir, code, signal, expected: app.stopping }
        app.exit = exit
        if (exit.expected) {
          log('app %s (pid %d) stopped %s', version, pid, describeExit(exit))
        } else {
          log.error('app %s (pid %d) exited %s', version, pid, describeExit(exit))
        }
        this.emit('exit', exit)
        return exit
      })
    }
    this.app = app
    if (this.init.pidFile != null) {
      await recordApp(this.init.pidFile, pid)
    }
    log('started app %s (pid %d) in %s', version, pid, releaseDir)
    return toRun(app)
  }

  /**
   * Stops the app and everything in its process group: SIGTERM, then SIGKILL
   * after the stop timeout. Resolves once the group is gone.
   */
  async stop (): Promise<void> {
    const app = this.app
    if (app == null) {
      return
    }
    app.stopping = true
    const timeoutMs = this.init.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS
    // the leader may have exited while processes it started live on in its group
    const stopped = await stopGroup(app.pid, timeoutMs, KILL_WAIT_MS)
    if (stopped !== 'terminated') {
      log('app %s (pid %d) was still running %d ms after SIGTERM: sent SIGKILL', app.version, app.pid, timeoutMs)
    }
    if (stopped === 'stuck') {
      log.error('process group %d still has members after SIGKILL (unreaped zombies?)', app.pid)
    }
    await app.exited
    if (this.app === app) {
      this.app = undefined
      if (this.init.pidFile != null) {
        await forgetApp(this.init.pidFile)
      }
    }
  }

  async restart (): Promise<AppRun> {
    await this.stop()
    return this.start()
  }

  /**
   * Judges the app started last: it must still run `graceMs` after its start
   * and, when a health command is set, that command must exit 0.
   */
  async checkHealth (): Promise<HealthResult> {
    const app = this.app
    if (app == null) {
      return { ok: false, reason: 'the app is not running' }
    }
    const graceMs = this.init.graceMs ?? DEFAULT_GRACE_MS
    const remainingMs = app.startedAt + graceMs - Date.now()
    if (remainingMs > 0) {
      const grace = new AbortController()
      await Promise.race([app.exited, sleep(remainingMs, undefined, { signal: grace.signal }).catch(() => {})])
      grace.abort()
    }
    if (app.exit != null) {
      return { ok: false, reason: `the app exited ${describeExit(app.exit)} within ${graceMs} ms of starting` }
    }
    if (this.init.healthCommand != null) {
      const failure = await this.runHealthCommand(this.init.healthCommand, app)
      if (failure != null) {
        return { ok: false, reason: failure }
      }
      if (app.exit != null) {
        return { ok: false, reason: `the app exited ${describeExit(app.exit)} during the health check` }
      }
    }
    log('app %s (pid %d) is healthy', app.version, app.pid)
    return { ok: true }
  }

  /** Runs the health command; resolves to a failure reason, or undefined when it exited 0. */
  private async runHealthCommand (command: string, app: RunningApp): Promise<string | undefined> {
    const timeoutMs = this.init.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS
    const check = spawn(SHELL, ['-c', command], {
      cwd: app.releaseDir,
      env: this.environment(app.releaseDir, app.version),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let tail = Buffer.alloc(0)
    const keepTail = (chunk: Buffer): void => {
      tail = Buffer.concat([tail, chunk])
      if (tail.length > HEALTH_OUTPUT_TAIL_BYTES) {
        tail = tail.subarray(tail.length - HEALTH_OUTPUT_TAIL_BYTES)
      }
    }
    check.stdout.on('data', keepTail)
    check.stderr.on('data', keepTail)

    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      if (check.pid != null) {
        signalGroup(check.pid, 'SIGKILL')
      }
    }, timeoutMs)
    const result = await new Promise<{ code: number | null, signal: NodeJS.Signals | null } | Error>((resolve) => {
      check.once('error', resolve)
      check.once('close', (code, signal) => { resolve({ code, signal }) })
    })
    clearTimeout(timer)
    // a check that exited may have left background processes in its group
    if (check.pid != null) {
      signalGroup(check.pid, 'SIGKILL')
    }

    const output = tail.toString('utf8').trim()
    const quoted = output.length > 0 ? `: ${output}` : ''
    if (result instanceof Error) {
      return `the health command could not run: ${result.message}`
    }
    if (timedOut) {
      return `the health command did not finish within ${timeoutMs} ms${quoted}`
    }
    if (result.code !== 0) {
      return `the health command exited ${describeExit(result)}${quoted}`
    }
    return undefined
  }

  private environment (releaseDir: string, version: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.init.env,
      CASCADE_RELEASE_DIR: releaseDir,
      CASCADE_VERSION: version
    }
  }
}

function toRun (app: RunningApp): AppRun {
  return { pid: app.pid, version: app.version, releaseDir: app.releaseDir }
}

function describeExit (exit: { code: number | null, signal: NodeJS.Signals | null }): string {
  return exit.code != null ? `with code ${exit.code}` : `on signal ${exit.signal}`
}
