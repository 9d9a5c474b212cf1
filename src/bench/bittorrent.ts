import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { logger } from '@libp2p/logger'
import { meshLowerBound } from './mesh.js'
import { EmulatedNetwork } from './netns.js'
import type { ChildProcess } from 'node:child_process'
import type { NodeCaps } from './caps.js'
import type { NetworkOptions } from './netns.js'

/**
 * The BitTorrent baseline (`npm run bench -- --strategies bt`): what a user
 * would otherwise pick. On the same emulated network as Cascade's meshes,
 * one aria2c seed in the host's namespace, an aria2c leecher in every
 * node's, and opentracker on the hub's address; DHT, local peer discovery
 * and peer exchange off, a private torrent, so the tracker is the only way
 * peers meet. Leechers start together once the tracker lists the seed (the
 * counterpart of Cascade's nodes joined and measured) and keep seeding
 * until the last is done. A node is done when aria2c has the whole file on
 * its disk (aria2c's completion hook, and the file's size); every copy is
 * sha256-checked at the end. The host's bytes are its link's counter.
 */

const log = logger('cascade:bench:bt')
const execFileAsync = promisify(execFile)

/** Debian packages the baseline needs. */
export const BT_PACKAGES = 'aria2 opentracker mktorrent'

/** opentracker's port (its default). */
const TRACKER_PORT = 6969
/** aria2c's listening port in every namespace (its default's first). */
const PEER_PORT = 6881
/** The seed is listed by the tracker within this long, or the run fails. */
const SEED_READY_MS = 30_000
/** How often completion is looked for: a fifth of a second, a few % of the shortest run. */
const POLL_MS = 200
/** Between SIGTERM and SIGKILL when a process is stopped. */
const STOP_GRACE_MS = 3_000

export class SwarmError extends Error {
  static override readonly name = 'SwarmError'
  override readonly name = 'SwarmError'
}

export interface SwarmOptions {
  /** one entry per leecher */
  caps: NodeCaps[]
  /** the seed's caps */
  host: NodeCaps
  /** the package: a file of `size` bytes */
  packagePath: string
  size: number
  /** BitTorrent piece size, bytes (a power of two, 32 KiB or more) */
  pieceSize: number
  /** the emulated network's links (drop-tail, delay, ...) */
  network: NetworkOptions
  /** bound on the leechers' download */
  timeoutMs: number
  signal?: AbortSignal
  say?(line: string): void
}

export interface SwarmResult {
  /** per leecher: ms from the leechers' start to the whole file on its disk; Infinity = never or corrupt */
  completionsMs: number[]
  makespanMs: number
  lowerBoundMs: number
  /** bytes that left the seed's link while the leechers ran */
  hostBytesSent: number
  /** the torrent's info hash, for the report */
  infoHash: string
}

/** Whether the tools are here; undefined when they are, else what to install. */
export async function swarmUnavailable (): Promise<string | undefined> {
  const missing: string[] = []
  for (const [tool, args] of [['aria2c', ['--version']], ['opentracker', ['-h']], ['mktorrent', ['-h']]] as const) {
    try {
      await execFileAsync(tool, [...args], { timeout: 10_000 })
    } catch (err: any) {
      // opentracker and mktorrent exit non-zero after printing their help: only a missing binary counts
      if (err.code === 'ENOENT') missing.push(tool)
    }
  }
  return missing.length === 0 ? undefined : `${missing.join(', ')} missing (apt-get install -y ${BT_PACKAGES})`
}

/**
 * BitTorrent's piece beside a Cascade chunk: the chunk's size rounded up to a
 * power of two (a default chunk is 64 bytes short of one per 64 KiB,
 * src/node/package/manifest.ts), so that both cut the package alike.
 */
export function pieceFor (chunkSize: number): number {
  return 2 ** Math.ceil(Math.log2(chunkSize))
}

/** mktorrent's -l: log2 of the piece size. */
export function pieceLog (pieceSize: number): number {
  const n = Math.log2(pieceSize)
  if (!Number.isInteger(n) || n < 15 || n > 28) throw new RangeError(`BitTorrent piece size ${pieceSize} is not a power of two from 32 KiB to 256 MiB`)
  return n
}

export function announceUrl (trackerAddress: string): string {
  return `http://${trackerAddress}:${TRACKER_PORT}/announce`
}

/** aria2c's options for every peer: only the tracker finds peers; seed `seedMinutes` after completing. */
export function aria2Args (seedMinutes: number): string[] {
  return [
    '--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false',
    '--disable-ipv6=true', `--listen-port=${PEER_PORT}`, '--file-allocation=none',
    '--summary-interval=0', '--console-log-level=warn', '--show-console-readout=false', '--enable-color=false',
    '--seed-ratio=0.0', `--seed-time=${seedMinutes}`
  ]
}

/** The completion hook: writes the moment (ms since the epoch) to $CASCADE_BENCH_DONE, atomically. */
const DONE_HOOK = `#!/bin/sh
# cascade bench: aria2c --on-bt-download-complete; the leecher holds every piece
[ -n "$CASCADE_BENCH_DONE" ] || exit 0
date +%s%3N > "$CASCADE_BENCH_DONE.part" && mv "$CASCADE_BENCH_DONE.part" "$CASCADE_BENCH_DONE"
`

async function sha256 (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function sizeOf (path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return -1
  }
}

/**
 * `command` in namespace `ns`, under coreutils' `timeout` (which passes our
 * SIGTERM on): even if the bench itself is killed, nothing it started here
 * outlives `lifetimeSeconds`.
 */
function spawnIn (ns: string, lifetimeSeconds: number, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, 'timeout', '--kill-after=5', String(Math.ceil(lifetimeSeconds)), command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
  child.on('error', (err) => { log.error('%s in %s: %e', command, ns, err) })
  child.stderr?.on('data', (data: Buffer) => { log('%s in %s: %s', command, ns, data.toString().trim()) })
  return child
}

/** Stops each process by its own pid: SIGTERM, then SIGKILL after a grace period. */
async function stopAll (children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map(async child => {
    if (child.exitCode != null || child.signalCode != null || child.pid == null) return
    const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
    child.kill('SIGTERM')
    const timer = setTimeout(() => { child.kill('SIGKILL') }, STOP_GRACE_MS)
    await exited
    clearTimeout(timer)
  }))
}

/** Whether the tracker lists a complete peer (the seed) for `infoHash`, asked from inside `ns`. */
async function seedListed (ns: string, tracker: string, infoHash: string): Promise<boolean> {
  const encoded = infoHash.replace(/../g, byte => `%${byte}`)
  const url = `http://${tracker}:${TRACKER_PORT}/scrape?info_hash=${encoded}`
  const script = `fetch(${JSON.stringify(url)}).then(r => r.arrayBuffer()).then(b => { process.stdout.write(/8:completei[1-9]/.test(Buffer.from(b).toString('latin1')) ? 'yes' : 'no') }, () => process.stdout.write('no'))`
  try {
    const { stdout } = await execFileAsync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { timeout: 5_000 })
    return stdout === 'yes'
  } catch {
    return false
  }
}

export async function runSwarm (options: SwarmOptions): Promise<SwarmResult> {
  const { caps, host, size, signal } = options
  const say = options.say ?? (() => {})
  const dir = await mkdtemp(join(tmpdir(), 'cascade-bt-'))
  const children: ChildProcess[] = []
  let network: EmulatedNetwork | undefined
  try {
    await chmod(dir, 0o755)
    const name = basename(options.packagePath)
    network = await EmulatedNetwork.create([host, ...caps].map(c => ({ upload: c.upload, download: c.download })), options.network)
    const net = network
    const torrent = join(dir, 'package.torrent')
    await execFileAsync('mktorrent', ['-p', '-l', String(pieceLog(options.pieceSize)), '-a', announceUrl(net.hubAddress), '-o', torrent, options.packagePath], { timeout: 120_000 })
    const { stdout: shown } = await execFileAsync('aria2c', ['-S', torrent], { timeout: 30_000 })
    const infoHash = /^Info Hash:\s*([0-9a-f]{40})/m.exec(shown)?.[1]
    if (infoHash == null) throw new SwarmError(`cannot read the info hash of ${torrent}`)

    // opentracker chroots to its directory and drops root to nobody: the directory is readable by all
    const trackerDir = join(dir, 'tracker')
    await mkdir(trackerDir, { mode: 0o755 })
    await writeFile(join(trackerDir, 'whitelist'), `${infoHash}\n`, { mode: 0o644 })
    const lifetime = (SEED_READY_MS + options.timeoutMs) / 1000 + 60
    children.push(spawnIn(net.hub, lifetime, 'opentracker', ['-i', net.hubAddress, '-p', String(TRACKER_PORT), '-P', String(TRACKER_PORT), '-d', trackerDir, '-w', 'whitelist']))

    const seedMinutes = Math.ceil(options.timeoutMs / 60_000) + 2
    const hook = join(dir, 'done-hook.sh')
    await writeFile(hook, DONE_HOOK, { mode: 0o755 })
    children.push(spawnIn(net.namespaces[0], lifetime, 'aria2c', [...aria2Args(seedMinutes), '--check-integrity=true', '-d', dirname(options.packagePath), torrent]))
    const readyBy = Date.now() + SEED_READY_MS
    while (!await seedListed(net.namespaces[0], net.hubAddress, infoHash)) {
      signal?.throwIfAborted()
      if (Date.now() > readyBy) throw new SwarmError(`the tracker did not list the seed within ${SEED_READY_MS / 1000} s`)
      await sleep(POLL_MS)
    }
    say(`seed listed by the tracker; ${caps.length} leechers start`)

    const txBefore = await net.txBytes(0)
    const started = Date.now()
    const doneFile = (k: number): string => join(dir, `done-${k}`)
    const file = (k: number): string => join(dir, `c${k}`, name)
    for (let k = 0; k < caps.length; k++) {
      await mkdir(join(dir, `c${k}`))
      children.push(spawnIn(net.namespaces[k + 1], lifetime, 'aria2c', [...aria2Args(seedMinutes), '-d', join(dir, `c${k}`), `--on-bt-download-complete=${hook}`, torrent], { CASCADE_BENCH_DONE: doneFile(k) }))
    }
    const leechers = children.slice(-caps.length)
    const doneAt: Array<number | undefined> = caps.map(() => undefined)
    while (doneAt.some(t => t == null)) {
      signal?.throwIfAborted()
      if (Date.now() - started > options.timeoutMs) {
        say(`${doneAt.filter(t => t == null).length} of ${caps.length} leechers not done after ${(options.timeoutMs / 1000).toFixed(0)} s`)
        break
      }
      if (leechers.every((child, k) => doneAt[k] != null || child.exitCode != null || child.signalCode != null)) {
        say('every unfinished leecher has exited')
        break
      }
      for (let k = 0; k < caps.length; k++) {
        if (doneAt[k] != null) continue
        const stamp = await readFile(doneFile(k), 'utf8').catch(() => undefined)
        if (stamp != null && await sizeOf(file(k)) === size) doneAt[k] = Number(stamp.trim())
      }
      await sleep(POLL_MS)
    }
    const hostBytesSent = await net.txBytes(0) - txBefore
    await stopAll(children.splice(0))
    const want = await sha256(options.packagePath)
    const completionsMs: number[] = []
    for (let k = 0; k < caps.length; k++) {
      const at = doneAt[k]
      const exact = at != null && await sha256(file(k)) === want
      if (at != null && !exact) say(`leecher ${k}: the file on its disk is not the package`)
      completionsMs.push(exact ? Math.max(0, at - started) : Infinity)
    }
    return {
      completionsMs,
      makespanMs: Math.max(...completionsMs),
      lowerBoundMs: meshLowerBound(size, host, caps) * 1000,
      hostBytesSent,
      infoHash
    }
  } finally {
    await stopAll(children)
    await network?.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
