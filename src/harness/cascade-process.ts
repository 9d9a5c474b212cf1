import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import type { ChildProcess } from 'node:child_process'

/** The CLI entry point, next to this file in dist/. */
export const CLI_ENTRY = fileURLToPath(new URL('../cli/main.js', import.meta.url))

/**
 * Node/V8 options per subcommand, as bin/cascade passes them (keep the two in
 * step), so tests and the benchmarks run what a user runs: a 1 MiB young
 * generation for the long-running roles (docs/benchmarks.md, "Resources").
 */
export function v8FlagsFor (subcommand: string | undefined): string[] {
  return subcommand === 'host' || subcommand === 'node' || subcommand === 'demo' ? ['--max-semi-space-size=1'] : []
}

/** How long a stopped process gets between SIGTERM and SIGKILL. */
const STOP_GRACE_MS = 10_000

export class ProcessExitedError extends Error {
  static override readonly name = 'ProcessExitedError'
  override readonly name = 'ProcessExitedError'
}

/**
 * One `cascade …` child process. Its lines of output are kept so callers can
 * wait for one; it is stopped by its own pid, never by name.
 */
export class CascadeProcess {
  readonly child: ChildProcess
  readonly lines: string[] = []
  readonly name: string
  private readonly waiters = new Set<() => void>()
  readonly exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>

  /**
   * Runs `cascade ARGS`; with `script`, runs that Node script (and its own
   * arguments) instead of the CLI, e.g. the node swarm.
   */
  constructor (name: string, args: string[], env: NodeJS.ProcessEnv = {}, script?: string[]) {
    this.name = name
    this.child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...(script ?? [...v8FlagsFor(args[0]), CLI_ENTRY, ...args])], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    for (const output of [this.child.stdout, this.child.stderr]) {
      if (output == null) {
        continue
      }
      createInterface({ input: output }).on('line', (line) => {
        this.lines.push(line)
        if (process.env.CASCADE_ECHO != null) {
          process.stderr.write(`[${this.name}] ${line}\n`)
        }
        for (const wake of this.waiters) {
          wake()
        }
      })
    }
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      for (const wake of this.waiters) {
        wake()
      }
      return { code, signal }
    })
  }

  get pid (): number {
    if (this.child.pid == null) {
      throw new Error(`${this.name} has no pid`)
    }
    return this.child.pid
  }

  get running (): boolean {
    return this.child.exitCode == null && this.child.signalCode == null
  }

  /** Waits for an output line matching `pattern`; returns the match. */
  async waitForLine (pattern: RegExp, timeoutMs = 30_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs
    let checked = from
    while (true) {
      for (; checked < this.lines.length; checked++) {
        const match = this.lines[checked].match(pattern)
        if (match != null) {
          return match
        }
      }
      if (!this.running) {
        throw new ProcessExitedError(`${this.name} exited before printing ${pattern}; output:\n${this.lines.join('\n')}`)
      }
      const remaining = deadline - Date.now()
      if (remaining <= 0) {
        throw new Error(`${this.name}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.lines.slice(-20).join('\n')}`)
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(done, Math.min(remaining, 1000))
        function done (): void { clearTimeout(timer); waiters.delete(done); resolve() }
        const waiters = this.waiters
        waiters.add(done)
      })
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. */
  async stop (graceMs = STOP_GRACE_MS): Promise<number | null> {
    if (this.running) {
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => { if (this.running) this.child.kill('SIGKILL') }, graceMs)
      const { code } = await this.exited
      clearTimeout(timer)
      return code
    }
    return (await this.exited).code
  }

  /** kill -9 by pid: a crash, for fault tests. */
  async kill (): Promise<void> {
    if (this.running) {
      process.kill(this.pid, 'SIGKILL')
    }
    await this.exited
  }
}

/** Runs a short `cascade …` command to completion and returns its output. */
export async function runCascade (args: string[], timeoutMs = 60_000): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...v8FlagsFor(args[0]), CLI_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (data: Buffer) => { stdout += data.toString() })
  child.stderr.on('data', (data: Buffer) => { stderr += data.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code] = await once(child, 'exit')
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Starts `cascade host` and waits for its first multiaddr (and its join token, unless enrollment is open). */
export async function startHostProcess (args: string[], name = 'host', env: NodeJS.ProcessEnv = {}): Promise<{ process: CascadeProcess, addr: string, peerId: string, joinToken: string }> {
  const host = new CascadeProcess(name, ['host', ...args], env)
  const [, addr] = await host.waitForLine(/^listening on (\S+)$/)
  const peerId = addr.split('/p2p/')[1]
  const joinToken = host.lines.map(line => /^join token (\S+)$/.exec(line)?.[1]).find(token => token != null) ?? ''
  return { process: host, addr, peerId, joinToken }
}

/** Starts `cascade node` and waits until it has joined its host. */
export async function startNodeProcess (args: string[], name = 'node', waitForJoin = true): Promise<{ process: CascadeProcess, peerId: string }> {
  const node = new CascadeProcess(name, ['node', ...args])
  const [, peerId] = await node.waitForLine(/^cascade node (\S+)$/)
  if (waitForJoin) {
    await node.waitForLine(/joined host/)
  }
  return { process: node, peerId }
}
