import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CascadeProcess } from '../harness/cascade-process.js'
import { readProfileOf, topSelfTime } from './cpu-profile.js'
import { runMesh } from './mesh.js'
import { writeRandomFile } from './package-file.js'
import { readProcStats } from './proc-stats.js'
import { percentile } from './stats.js'
import type { SelfTimeEntry } from './cpu-profile.js'
import type { CpuSample, MeshResult } from './mesh.js'

/**
 * CPU per MiB (docs/benchmarks.md, "CPU per MiB"): a package moves host →
 * relay → leaf between real `cascade host` / `cascade node` processes on
 * 127.0.0.1, without caps, and each process's CPU time (utime + stime from
 * /proc/<pid>/stat) over the transfer is divided by the MiB it moved: the
 * host's sent, the leaf's received, the relay's received + sent. Then the
 * same bytes over the bare libp2p stack (src/bench/bare-stream.ts): source →
 * relay → sink, one stream per hop. Each is repeated; the median is reported.
 */

const MIB = 1024 * 1024

/** CPU samples during a Cascade transfer: a boundary is off by at most this much wall time. */
const CPU_SAMPLE_MS = 50

/** The bare stack moves at least this much even on a loaded machine; a run below it is stuck and tried again. */
const BARE_MIN_BPS = 8 * MIB

/** A bare run that fails (a stream reset or stuck at its start, seen on the loaded machine) is tried this often in all. */
const BARE_ATTEMPTS = 3

const BARE_SCRIPT = fileURLToPath(new URL('./bare-stream.js', import.meta.url))

export class CpuBenchError extends Error {
  static override readonly name = 'CpuBenchError'
  override readonly name = 'CpuBenchError'
}

export type CpuRole = 'host' | 'relay' | 'leaf'

/** One process's CPU over one transfer. */
export interface CpuFigure {
  role: CpuRole
  cpuMs: number
  /** MiB the cost is divided by: sent (host), received (leaf), received + sent (relay) */
  mib: number
}

export interface CpuRun {
  figures: CpuFigure[]
  /** wall time of the transfer, ms */
  wallMs: number
}

export interface CpuProfileReport {
  stack: 'cascade' | 'bare'
  role: CpuRole
  busyMs: number
  top: SelfTimeEntry[]
}

export interface CpuReport {
  size: number
  chunkSize: number
  cascade: CpuRun[]
  bare: CpuRun[]
  profiles: CpuProfileReport[]
}

export interface CpuOptions {
  size: number
  chunkSize: number
  runs: number
  /** also run each stack once more under `--cpu-prof` and list its relay's top self-time entries */
  profile: boolean
  /** keep the relays' .cpuprofile files here (open them in Chrome's DevTools) */
  profileOut?: string
  signal?: AbortSignal
  say?(line: string): void
}

/** Median CPU ms per MiB of `role` over `runs`. */
export function msPerMib (runs: CpuRun[], role: CpuRole): number {
  return percentile(runs.flatMap(run => run.figures.filter(f => f.role === role).map(f => f.cpuMs / f.mib)), 50)
}

/** CPU time of process `k` at `at`: the last sample at or before it (`side` 'before') or the first at or after it. */
export function cpuAt (samples: CpuSample[], k: number, at: number, side: 'before' | 'after'): number {
  const found = side === 'before'
    ? samples.filter(s => s.at <= at).at(-1) ?? samples[0]
    : samples.find(s => s.at >= at) ?? samples.at(-1)
  return found?.cpuMs[k] ?? NaN
}

/** The figures of a chain run: the window is from the host starting to seed to the last node verified. */
export function cascadeFigures (mesh: MeshResult): CpuRun {
  const samples = mesh.cpuSamples ?? []
  const start = mesh.summary.startedAt
  const end = start + mesh.makespanMs
  const used = (k: number): number => cpuAt(samples, k, end, 'after') - cpuAt(samples, k, start, 'before')
  const figures: CpuFigure[] = [{ role: 'host', cpuMs: used(0), mib: mesh.hostBytesSent / MIB }]
  for (const node of mesh.nodes) {
    const relay = node.bytesSent > 0
    figures.push({ role: relay ? 'relay' : 'leaf', cpuMs: used(node.index + 1), mib: (node.bytesReceived + (relay ? node.bytesSent : 0)) / MIB })
  }
  return { figures, wallMs: mesh.makespanMs }
}

async function cascadeRun (options: CpuOptions, packagePath: string, profileDir?: string): Promise<{ run: CpuRun, relayPid?: number }> {
  const pids = new Map<string, number>()
  const unlimited = { upload: Infinity }
  const mesh = await runMesh({
    caps: [unlimited, unlimited],
    host: unlimited,
    size: options.size,
    chunkSize: options.chunkSize,
    maxFanout: 1,
    // one tree: host → relay → leaf (striped, both nodes would relay half each)
    publishArgs: ['--stripes', '1'],
    packagePath,
    cpuSampleMs: CPU_SAMPLE_MS,
    publishTimeoutMs: options.size / MIB * 1000 + 180_000,
    env: profileDir == null ? undefined : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` },
    onSpawn: (name, pid) => { pids.set(name, pid) },
    signal: options.signal,
    say: options.say
  })
  if (!mesh.success) throw new CpuBenchError(`the deployment failed: ${JSON.stringify(mesh.summary.nodes.map(n => [n.state, n.reason]))}`)
  const relay = mesh.nodes.find(node => node.bytesSent > 0)
  return { run: cascadeFigures(mesh), relayPid: relay == null ? undefined : pids.get(`node-${relay.index}`) }
}

function bareProcess (name: string, args: string[], profileDir?: string): CascadeProcess {
  return new CascadeProcess(name, [], {}, [...(profileDir == null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]), BARE_SCRIPT, ...args])
}

/** {@link bareOnce}, tried again when it fails. */
export async function bareRun (options: CpuOptions, profileDir?: string): Promise<{ run: CpuRun, relayPid: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bareOnce(options, profileDir)
    } catch (err: any) {
      if (attempt >= BARE_ATTEMPTS) throw err
      options.say?.(`bare run failed, trying again: ${String(err.message).split('\n')[0]}`)
    }
  }
}

async function bareOnce (options: CpuOptions, profileDir?: string): Promise<{ run: CpuRun, relayPid: number }> {
  const processes: CascadeProcess[] = []
  const start = (name: string, args: string[]): CascadeProcess => {
    const p = bareProcess(name, args, profileDir)
    processes.push(p)
    return p
  }
  try {
    const sink = start('sink', ['sink'])
    const [, sinkAddr] = await sink.waitForLine(/^listening (\S+)$/)
    const relay = start('relay', ['relay', sinkAddr])
    const [, relayAddr] = await relay.waitForLine(/^listening (\S+)$/)
    const source = start('source', ['source', relayAddr, String(options.size), String(options.chunkSize)])
    await source.waitForLine(/^ready$/)
    const tracked = [source, relay, sink]
    const before = await Promise.all(tracked.map(async p => (await readProcStats(p.pid))?.cpuMs ?? NaN))
    const startedAt = Date.now()
    process.kill(source.pid, 'SIGUSR2')
    const [, received] = await sink.waitForLine(/^done (\d+)$/, options.size / BARE_MIN_BPS * 1000 + 30_000)
    const wallMs = Date.now() - startedAt
    const after = await Promise.all(tracked.map(async p => (await readProcStats(p.pid))?.cpuMs ?? NaN))
    if (Number(received) !== options.size) {
      throw new CpuBenchError(`the bare sink received ${received} of ${options.size} bytes:\n${tracked.map(p => `${p.name}${p.running ? '' : ` (exited ${p.child.exitCode ?? p.child.signalCode})`}: ${p.lines.join(' | ')}`).join('\n')}`)
    }
    const mib = options.size / MIB
    const roles: CpuRole[] = ['host', 'relay', 'leaf']
    return {
      run: { wallMs, figures: roles.map((role, k) => ({ role, cpuMs: after[k] - before[k], mib: role === 'relay' ? 2 * mib : mib })) },
      relayPid: relay.pid
    }
  } finally {
    await Promise.allSettled(processes.map(async p => p.stop()))
  }
}

async function profiled (dir: string, stack: 'cascade' | 'bare', pid: number | undefined, out?: string): Promise<CpuProfileReport | undefined> {
  const profile = pid == null ? undefined : await readProfileOf(dir, pid)
  if (profile == null) return undefined
  if (out != null) await writeFile(join(out, `${stack}-relay.cpuprofile`), JSON.stringify(profile))
  const { entries, busyMs } = topSelfTime(profile, 12)
  return { stack, role: 'relay', busyMs, top: entries }
}

export async function measureCpu (options: CpuOptions): Promise<CpuReport> {
  const say = options.say ?? (() => {})
  const dir = await mkdtemp(join(tmpdir(), 'cascade-cpu-'))
  try {
    const packagePath = join(dir, 'package.bin')
    await writeRandomFile(packagePath, options.size)
    const report: CpuReport = { size: options.size, chunkSize: options.chunkSize, cascade: [], bare: [], profiles: [] }
    for (let i = 0; i < options.runs; i++) {
      options.signal?.throwIfAborted()
      const { run } = await cascadeRun(options, packagePath)
      report.cascade.push(run)
      say(`cascade run ${i + 1}: ${run.figures.map(f => `${f.role} ${(f.cpuMs / f.mib).toFixed(2)} ms/MiB`).join(', ')} (${(run.wallMs / 1000).toFixed(1)} s)`)
      const bare = (await bareRun(options)).run
      report.bare.push(bare)
      say(`bare run ${i + 1}: ${bare.figures.map(f => `${f.role} ${(f.cpuMs / f.mib).toFixed(2)} ms/MiB`).join(', ')} (${(bare.wallMs / 1000).toFixed(1)} s)`)
    }
    if (options.profile) {
      const profileDir = join(dir, 'profiles')
      await mkdir(profileDir)
      const cascade = await cascadeRun(options, packagePath, profileDir)
      const bare = await bareRun(options, profileDir)
      for (const p of [await profiled(profileDir, 'cascade', cascade.relayPid, options.profileOut), await profiled(profileDir, 'bare', bare.relayPid, options.profileOut)]) {
        if (p != null) report.profiles.push(p)
      }
    }
    return report
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
