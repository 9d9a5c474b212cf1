/**
 * Runs an operator's hook (`--busy-check`, `--notify`) with `/bin/sh -c`,
 * in its own process group, so a timeout or a stop ends the hook and
 * everything it started.
 */
import { spawn } from 'node:child_process'
import { signalGroup } from '../installer/process-group.js'

/** POSIX shell, as for `--app` and `--health`. */
const SHELL = '/bin/sh'

export interface ShellCommandOptions {
  cwd: string
  env?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

export interface ShellCommandResult {
  /** exit code, or null when a signal ended it */
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  /** it could not be started at all (no such cwd, no shell) */
  error?: Error
}

export async function runShellCommand (command: string, options: ShellCommandOptions): Promise<ShellCommandResult> {
  const child = spawn(SHELL, ['-c', command], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: 'ignore'
  })
  let timedOut = false
  const kill = (): void => {
    if (child.pid != null) {
      signalGroup(child.pid, 'SIGKILL')
    }
  }
  const timer = setTimeout(() => { timedOut = true; kill() }, options.timeoutMs)
  options.signal?.addEventListener('abort', kill, { once: true })
  const result = await new Promise<ShellCommandResult>((resolve) => {
    child.once('error', (error) => { resolve({ code: null, signal: null, timedOut: false, error }) })
    child.once('close', (code, signal) => { resolve({ code, signal, timedOut, error: undefined }) })
  })
  clearTimeout(timer)
  options.signal?.removeEventListener('abort', kill)
  // the hook exited, but it may have left background processes in its group
  kill()
  return result
}

export function describeShellResult (result: ShellCommandResult, timeoutMs: number): string {
  if (result.error != null) {
    return `could not run: ${result.error.message}`
  }
  if (result.timedOut) {
    return `did not finish within ${timeoutMs} ms`
  }
  return result.signal != null ? `ended by ${result.signal}` : `exited ${result.code ?? '?'}`
}
