import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { access, mkdir, readFile, rename } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { logger } from '@libp2p/logger'
import { nfqueueRules } from '../droptail.js'
import type { ChildProcess } from 'node:child_process'

/**
 * The one-way delay of the bench's network (docs/benchmarks.md,
 * "Settings"). Without sch_netem in the kernel, every packet crossing the
 * hub namespace goes through an NFQUEUE to `nfq-delay.c` (beside this file),
 * which holds it for the delay and then accepts it. The program is built
 * with gcc on first use into a directory under the system's temp dir named
 * after its source's hash, and reused from there.
 */

const log = logger('cascade:bench:delay')
const execFileAsync = promisify(execFile)

/** The C source, from dist/src/bench/delay/ back to the checkout's src/bench/delay/. */
const SOURCE = fileURLToPath(new URL('../../../../src/bench/delay/nfq-delay.c', import.meta.url))

/** What to install where the program cannot be built (Debian names). */
export const DELAY_PACKAGES = 'gcc libnetfilter-queue-dev iptables'

/** The program prints one line once it listens on its queue; it gets this long. */
const READY_TIMEOUT_MS = 5_000
/** Between SIGTERM and SIGKILL when it is stopped. */
const STOP_GRACE_MS = 2_000

export class DelayUnavailableError extends Error {
  static override readonly name = 'DelayUnavailableError'
  override readonly name = 'DelayUnavailableError'
}

async function tool (command: string, args: string[]): Promise<boolean> {
  try {
    await execFileAsync(command, args, { timeout: 10_000 })
    return true
  } catch {
    return false
  }
}

/**
 * The path of the built delay program, building it if needed; throws
 * DelayUnavailableError saying what is missing (gcc, libnetfilter-queue-dev,
 * iptables).
 */
export async function buildDelayProgram (): Promise<string> {
  let source: Buffer
  try {
    source = await readFile(SOURCE)
  } catch (err: any) {
    throw new DelayUnavailableError(`the delay program's source ${SOURCE} is missing (${err.code ?? err.message})`)
  }
  if (!await tool('iptables', ['--version'])) {
    throw new DelayUnavailableError(`iptables is missing (apt-get install -y ${DELAY_PACKAGES})`)
  }
  const dir = join(tmpdir(), `cascade-bench-nfq-delay-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`)
  const binary = join(dir, 'nfq-delay')
  try {
    await access(binary)
    return binary
  } catch {}
  if (!await tool('gcc', ['--version'])) {
    throw new DelayUnavailableError(`gcc is missing (apt-get install -y ${DELAY_PACKAGES})`)
  }
  await mkdir(dir, { recursive: true })
  // built beside, then renamed: two benches starting at once never run a half-written file
  const partial = `${binary}.${process.pid}`
  try {
    await execFileAsync('gcc', ['-O2', '-Wall', '-o', partial, SOURCE, '-lnetfilter_queue', '-lnfnetlink'], { timeout: 60_000 })
  } catch (err: any) {
    log('building the delay program failed: %s', err.stderr)
    const missing = /libnetfilter_queue/.test(String(err.stderr)) ? 'libnetfilter-queue-dev is missing' : 'gcc failed'
    throw new DelayUnavailableError(`cannot build the delay program: ${missing} (apt-get install -y ${DELAY_PACKAGES}): ${String(err.stderr ?? err.message).split('\n')[0]}`)
  }
  await rename(partial, binary)
  return binary
}

/** A running delay: the program in a namespace, and its queue's rules there. */
export class DelayQueue {
  private constructor (private readonly child: ChildProcess, readonly ns: string, readonly queue: number, readonly delayMs: number) {}

  /**
   * Starts `binary` in namespace `ns` on NFQUEUE `queue`, then sends every
   * packet the namespace bridges, sends or receives there. Everything is in
   * `ns`: nothing is added to the machine's own namespace.
   */
  static async start (binary: string, ns: string, queue: number, delayMs: number): Promise<DelayQueue> {
    const child = spawn('ip', ['netns', 'exec', ns, binary, String(queue), String(Math.round(delayMs * 1000))], { stdio: ['ignore', 'pipe', 'pipe'] })
    const delay = new DelayQueue(child, ns, queue, delayMs)
    try {
      await new Promise<void>((resolve, reject) => {
        let stderr = ''
        const timer = setTimeout(() => { reject(new DelayUnavailableError(`the delay program did not start within ${READY_TIMEOUT_MS} ms`)) }, READY_TIMEOUT_MS)
        child.stderr?.on('data', (data: Buffer) => { stderr += data.toString() })
        child.stdout?.once('data', () => { clearTimeout(timer); resolve() })
        child.once('error', (err) => { clearTimeout(timer); reject(err) })
        child.once('exit', (code) => { clearTimeout(timer); reject(new DelayUnavailableError(`the delay program exited (${code}): ${stderr.trim()}`)) })
      })
      // the bridge hands its frames to iptables only when asked to (per namespace)
      await execFileAsync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.bridge.bridge-nf-call-iptables=1'], { timeout: 10_000 })
      for (const rule of nfqueueRules(queue)) {
        await execFileAsync('ip', ['netns', 'exec', ns, 'iptables', ...rule], { timeout: 10_000 })
      }
    } catch (err: any) {
      await delay.stop()
      throw err instanceof DelayUnavailableError ? err : new DelayUnavailableError(`cannot start the delay: ${String(err.stderr ?? err.message).trim()}`)
    }
    return delay
  }

  /** Stops the program (by its pid); the rules go with the namespace. */
  async stop (): Promise<void> {
    const child = this.child
    if (child.exitCode != null || child.signalCode != null) return
    const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
    child.kill('SIGTERM')
    const timer = setTimeout(() => { child.kill('SIGKILL') }, STOP_GRACE_MS)
    await exited
    clearTimeout(timer)
  }
}
