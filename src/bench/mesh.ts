import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { generateKey, saveKey } from '../node/identity.js'
import { lowerBound } from '../tree/index.js'
import { EmulatedNetwork } from './netns.js'
import { spawnCascade, writeNetnsWrapper } from './netns-process.js'
import { writeRandomFile } from './package-file.js'
import { watchInstalled } from './on-disk.js'
import { nodeTimelines, parsePublishLines } from './publish-log.js'
import { readProcStats } from './proc-stats.js'
import type { CascadeProcess } from '../harness/cascade-process.js'
import type { NodeCaps } from './caps.js'
import type { NetworkOptions } from './netns.js'
import type { NodeTimeline, PlanLine, SummaryLine } from './publish-log.js'

/**
 * One mesh run: a host and N node processes on emulated links (network
 * namespaces shaped by tc, or the app's own --upload-limit), one package
 * published through `cascade publish --json`, and what each process did.
 * Everything it starts it stops, by pid, also on failure or abort; every
 * wait is bounded.
 */

/** Short probes: a fleet of 32 is measured in about half a minute. */
export const MESH_PROBE_MS = 300

/** Joining and being measured: a fixed allowance plus this much per node (probes run one at a time). */
const SETUP_BASE_MS = 60_000
const SETUP_PER_NODE_MS = 5_000
/** After the deployment's summary, the data dirs get this long to show the installs (polled every 0.2 s). */
const DISK_SETTLE_MS = 500

export interface MeshOptions {
  /** one entry per node: its upload (and download) cap */
  caps: NodeCaps[]
  /** the host's caps */
  host: NodeCaps
  /** package size, bytes (a random file is made unless `packagePath` is given) */
  size: number
  chunkSize: number
  /** `cascade host --max-fanout` */
  maxFanout?: number
  /** more `cascade host` options */
  hostArgs?: string[]
  /** `cascade publish --strategy` */
  publishStrategy?: string
  /** more `cascade publish` options */
  publishArgs?: string[]
  /** an in-app --upload-limit for every node, on top of its link cap */
  nodeUploadLimit?: number
  /** run each process in its own shaped network namespace (the caller checked `netnsUnavailable`) */
  netns?: boolean
  delayMs?: number
  /** with netns: queue of each shaped link, ms of its rate */
  queueMs?: number
  /** with netns: one drop-tail queue per link instead of a fair queue per peer */
  fifo?: boolean
  /** with netns: cap on each process's TCP send buffer (see NetworkOptions) */
  sendBufferBytes?: number
  /** with netns: more of the network's options (drop-tail links and their delay), over the ones above */
  network?: NetworkOptions
  probeDurationMs?: number
  /** bound on the deployment itself (from the publish request to the summary) */
  publishTimeoutMs: number
  /** an existing package file of `size` bytes */
  packagePath?: string
  /** keep the data dirs (their path is reported) */
  keep?: boolean
  signal?: AbortSignal
  say?(line: string): void
  /** extra environment for every cascade process (e.g. NODE_OPTIONS) */
  env?: NodeJS.ProcessEnv
  /** told of every process the run starts (tests check they are all gone afterwards) */
  onSpawn?(name: string, pid: number): void
  /** sample every process's CPU time this often during the deployment (src/bench/cpu.ts) */
  cpuSampleMs?: number
}

/** CPU time of the host and of every node (in that order; undefined = gone) at one moment. */
export interface CpuSample {
  /** ms since the epoch, this machine's clock (the host's too: they share it) */
  at: number
  cpuMs: Array<number | undefined>
}

export interface ResourceFigures {
  /** VmHWM at the end of the deployment: peak over the process's life */
  peakRssBytes: number
  /** user + system CPU time spent during the deployment */
  cpuMs: number
}

export interface Measured {
  uploadBps: number
  downloadBps: number
  rttMs: number
}

/** One node's timeline (see NodeTimeline in ./publish-log.ts) with its caps and measured speeds. */
export interface MeshNodeResult extends Omit<NodeTimeline, 'parent'> {
  index: number
  caps: NodeCaps
  measured?: Measured
  /** index of the parent in the plan; -1 = the host */
  parent: number
  resources?: ResourceFigures
  /** the package in its data dir's current release, ms after `cascade publish` started (src/bench/on-disk.ts) */
  onDiskMs?: number
}

export interface MeshResult {
  mode: 'netns' | 'in-app'
  size: number
  chunkSize: number
  host: { peerId: string, caps: NodeCaps, resources?: ResourceFigures }
  nodes: MeshNodeResult[]
  plan?: PlanLine
  summary: SummaryLine
  success: boolean
  /** T* from the configured caps, ms */
  lowerBoundMs: number
  /** last node to hold the whole, verified package, ms after the host started seeding */
  makespanMs: number
  /** last node installed and re-joined (the summary's makespan), ms */
  doneMakespanMs: number
  /** last node with the package in its current release, ms after `cascade publish` started; NaN if one never had it */
  onDiskMakespanMs: number
  hostBytesSent: number
  hostChildren: number
  /** joining and measuring, ms */
  setupMs: number
  /** bytes each member's eth0 sent, from the kernel (netns only): host first */
  linkTxBytes?: number[]
  /** with `cpuSampleMs`: the samples taken from just before the publish to its end */
  cpuSamples?: CpuSample[]
  dataDir?: string
}

export class MeshError extends Error {
  static override readonly name = 'MeshError'
  override readonly name = 'MeshError'
}

/** `promise`, or undefined after `ms`; the timer never outlives the wait. */
async function within<T> (promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  const timer = new AbortController()
  try {
    return await abortable(Promise.race([promise, sleep(ms, undefined, { signal: timer.signal }).then(() => undefined, () => undefined)]), signal)
  } finally {
    timer.abort()
  }
}

async function abortable<T> (promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal == null) return promise
  signal.throwIfAborted()
  let onAbort: (() => void) | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => {
      onAbort = () => { reject(signal.reason) }
      signal.addEventListener('abort', onAbort, { once: true })
    })])
  } finally {
    if (onAbort != null) signal.removeEventListener('abort', onAbort)
  }
}

/** Samples the CPU time of `pids` every `everyMs` until `until` settles (and once more then). */
async function sampleCpu (pids: number[], everyMs: number, until: Promise<unknown>): Promise<CpuSample[]> {
  const samples: CpuSample[] = []
  let ended = false
  void until.finally(() => { ended = true })
  while (true) {
    const last = ended
    const stats = await Promise.all(pids.map(async pid => readProcStats(pid)))
    samples.push({ at: Date.now(), cpuMs: stats.map(s => s?.cpuMs) })
    if (last) return samples
    await Promise.race([sleep(everyMs), until.catch(() => {})])
  }
}

/** The configured T* of a mesh, seconds. */
export function meshLowerBound (size: number, host: NodeCaps, caps: NodeCaps[]): number {
  return lowerBound(size, host.upload, caps.map((c, i) => ({ id: String(i), upload: c.upload, ...(c.download === undefined ? {} : { download: c.download }) })))
}

export async function runMesh (options: MeshOptions): Promise<MeshResult> {
  const say = options.say ?? (() => {})
  const { signal } = options
  const count = options.caps.length
  const dir = await mkdtemp(join(tmpdir(), 'cascade-mesh-'))
  const processes: CascadeProcess[] = []
  const started = (p: CascadeProcess): CascadeProcess => {
    processes.push(p)
    if (p.child.pid != null) options.onSpawn?.(p.name, p.child.pid)
    return p
  }
  let network: EmulatedNetwork | undefined
  try {
    const setupStart = Date.now()
    const key = await generateKey()
    const keyFile = join(dir, 'admin.key')
    await saveKey(keyFile, key)
    let packagePath = options.packagePath
    if (packagePath == null) {
      packagePath = join(dir, 'package.bin')
      await writeRandomFile(packagePath, options.size)
    }

    let where: (k: number) => { ns: string, wrapper: string } | undefined = () => undefined
    let addressOf = (_k: number): string => '127.0.0.1'
    if (options.netns === true) {
      network = await EmulatedNetwork.create([options.host, ...options.caps].map(c => ({ upload: c.upload, download: c.download })), { delayMs: options.delayMs, queueMs: options.queueMs, fairQueue: options.fifo !== true, sendBufferBytes: options.sendBufferBytes, ...options.network })
      const wrapper = await writeNetnsWrapper(dir)
      const net = network
      where = (k) => ({ ns: net.namespaces[k], wrapper })
      addressOf = (k) => net.addresses[k]
    }
    // in-app caps: the link cap (without namespaces) and any extra limit, whichever is lower
    const appCap = (caps: NodeCaps | undefined, extra?: number): string[] => {
      const limits = [...(options.netns === true || caps == null ? [] : [caps.upload]), ...(extra == null ? [] : [extra])].filter(Number.isFinite)
      return limits.length === 0 ? [] : ['--upload-limit', String(Math.min(...limits))]
    }

    const host = spawnCascade('host', ['host', '--data', join(dir, 'host'), '--listen', `/ip4/${addressOf(0)}/tcp/0`,
      '--admin', peerIdFromPrivateKey(key).toString(), '--probe-duration', String(options.probeDurationMs ?? MESH_PROBE_MS),
      ...appCap(options.host), ...(options.maxFanout == null ? [] : ['--max-fanout', String(options.maxFanout)]), ...(options.hostArgs ?? [])], where(0), options.env)
    started(host)
    const [, hostAddr] = await abortable(host.waitForLine(/^listening on (\S+)$/), signal)
    const hostPeerId = hostAddr.split('/p2p/')[1]
    // hosts that enroll nodes print their join token before their addresses
    const joinToken = host.lines.map(line => /^join token (\S+)$/.exec(line)?.[1]).find(token => token != null)
    const nodeEnv = { ...options.env, ...(joinToken == null ? {} : { CASCADE_JOIN_TOKEN: joinToken }) }

    const nodes: CascadeProcess[] = []
    for (let i = 0; i < count; i++) {
      const node = spawnCascade(`node-${i}`, ['node', '--data', join(dir, `node-${i}`), '--host', hostAddr,
        '--listen', `/ip4/${addressOf(i + 1)}/tcp/0`, ...appCap(options.caps[i], options.nodeUploadLimit), '--label', `mesh=${i}`], where(i + 1), nodeEnv)
      nodes.push(started(node))
    }
    const peerIds = await abortable(Promise.all(nodes.map(async node => (await node.waitForLine(/^cascade node (\S+)$/, 60_000))[1])), signal)
    const indexOf = new Map(peerIds.map((id, i) => [id, i]))

    // every node joined and measured: the host prints a line for each. A
    // probe that fails is not retried by the host, so once the time is up
    // the missing ones are measured again (`status --remeasure`, as the admin).
    let setupDeadline = Date.now() + SETUP_BASE_MS + SETUP_PER_NODE_MS * count
    let remeasured = false
    for (;;) {
      signal?.throwIfAborted()
      const measured = new Set(host.lines.map(line => /member (\S+) measured:/.exec(line)?.[1]).filter(id => id != null))
      const missing = peerIds.filter(id => !measured.has(id))
      if (missing.length === 0) break
      const dead = [host, ...nodes].find(p => !p.running)
      if (dead != null) {
        throw new MeshError(`${dead.name} exited during setup:\n${dead.lines.slice(-10).join('\n')}`)
      }
      if (Date.now() > setupDeadline) {
        const example = missing[0]
        if (!remeasured) {
          remeasured = true
          say(`${missing.length} of ${count} nodes not measured in time (e.g. node-${indexOf.get(example)}); asking the host to measure again`)
          const again = started(spawnCascade('remeasure', ['status', '--host', hostAddr, '--remeasure', '--key', keyFile, '--json'], where(0), options.env))
          void again.exited
          setupDeadline = Date.now() + SETUP_BASE_MS + SETUP_PER_NODE_MS * count
          continue
        }
        const about = host.lines.filter(line => line.includes(example)).slice(-5).join('\n')
        throw new MeshError(`${missing.length} of ${count} nodes not measured in time (e.g. node-${indexOf.get(example)}); the host said:\n${about}`)
      }
      await sleep(200)
    }
    const setupMs = Date.now() - setupStart
    say(`${count} nodes joined and measured in ${(setupMs / 1000).toFixed(1)} s`)

    const measuredBy = new Map<string, Measured>()
    const status = spawnCascade('status', ['status', '--host', hostAddr, '--key', keyFile, '--json'], where(0), options.env)
    started(status)
    const statusExit = await within(status.exited, 30_000, signal)
    if (statusExit?.code === 0) {
      try {
        const parsed = JSON.parse(status.lines.join('\n')) as { members: Array<{ peerId: string, uploadBps: number, downloadBps: number, rttMs: number }> }
        for (const m of parsed.members) measuredBy.set(m.peerId, { uploadBps: m.uploadBps, downloadBps: m.downloadBps, rttMs: m.rttMs })
      } catch {}
    }

    const tracked = [host, ...nodes]
    const before = await Promise.all(tracked.map(async p => readProcStats(p.pid)))
    const txBefore = network == null ? undefined : await Promise.all(network.namespaces.map(async (_ns, k) => network?.txBytes(k) ?? 0))
    const publisher = spawnCascade('publish', ['publish', packagePath, '--host', hostAddr, '--key', keyFile, '--version', 'v1',
      '--name', 'bench', '--chunk-size', String(options.chunkSize), '--json',
      ...(options.publishStrategy == null ? [] : ['--strategy', options.publishStrategy]),
      ...(options.publishArgs ?? [])], where(0), options.env)
    started(publisher)
    const cpuSamples = options.cpuSampleMs == null ? undefined : sampleCpu(tracked.map(p => p.pid), options.cpuSampleMs, publisher.exited)
    const disk = watchInstalled(nodes.map((_node, i) => join(dir, `node-${i}`)), options.size)
    let published: Awaited<CascadeProcess['exited']> | undefined
    let onDisk: Array<number | undefined>
    try {
      published = await within(publisher.exited, options.publishTimeoutMs, signal)
      // the summary comes once every node re-joined, so its install is on disk: the last poll gets a moment
      if (published != null) await sleep(DISK_SETTLE_MS)
    } finally {
      onDisk = await disk.stop()
    }
    if (published == null) {
      throw new MeshError(`the deployment did not finish within ${(options.publishTimeoutMs / 1000).toFixed(0)} s`)
    }
    const after = await Promise.all(tracked.map(async p => readProcStats(p.pid)))
    const txAfter = network == null ? undefined : await Promise.all(network.namespaces.map(async (_ns, k) => network?.txBytes(k) ?? 0))
    const resources = (k: number): ResourceFigures | undefined => {
      const a = after[k]
      const b = before[k]
      return a == null ? undefined : { peakRssBytes: a.peakRssBytes, cpuMs: a.cpuMs - (b?.cpuMs ?? 0) }
    }

    const log = parsePublishLines(publisher.lines)
    if (log.summary == null) {
      throw new MeshError(`cascade publish exited (${published.code ?? published.signal}) without a summary:\n${publisher.lines.slice(-10).join('\n')}`)
    }
    const summary = log.summary
    const timelines = new Map(nodeTimelines(log).map(t => [t.peerId, t]))
    const nodeResults: MeshNodeResult[] = peerIds.map((peerId, i) => {
      const t = timelines.get(peerId)
      return {
        index: i,
        peerId,
        caps: options.caps[i],
        measured: measuredBy.get(peerId),
        parent: t == null || t.parent === '' ? -1 : indexOf.get(t.parent) ?? -1,
        depth: t?.depth ?? 0,
        receivingMs: t?.receivingMs,
        firstBytesMs: t?.firstBytesMs,
        verifiedMs: t?.verifiedMs,
        doneMs: t?.doneMs,
        state: t?.state ?? 'unknown',
        reason: t?.reason ?? '',
        bytesReceived: t?.bytesReceived ?? 0,
        bytesSent: t?.bytesSent ?? 0,
        bytesDuplicate: t?.bytesDuplicate ?? 0,
        samples: t?.samples ?? [],
        states: t?.states ?? {},
        resources: resources(i + 1),
        onDiskMs: onDisk[i]
      }
    })
    const verified = nodeResults.map(n => n.verifiedMs ?? NaN)
    return {
      mode: options.netns === true ? 'netns' : 'in-app',
      size: options.size,
      chunkSize: options.chunkSize,
      host: { peerId: hostPeerId, caps: options.host, resources: resources(0) },
      nodes: nodeResults,
      plan: log.plan,
      summary,
      success: summary.success,
      lowerBoundMs: meshLowerBound(options.size, options.host, options.caps) * 1000,
      makespanMs: verified.some(Number.isNaN) ? NaN : Math.max(...verified),
      doneMakespanMs: summary.makespanMs,
      onDiskMakespanMs: onDisk.some(ms => ms == null) ? NaN : Math.max(...onDisk as number[]),
      hostBytesSent: summary.hostBytesSent,
      hostChildren: summary.hostChildren,
      setupMs,
      linkTxBytes: txBefore == null || txAfter == null ? undefined : txAfter.map((tx, k) => tx - txBefore[k]),
      cpuSamples: cpuSamples == null ? undefined : await cpuSamples,
      dataDir: options.keep === true ? dir : undefined
    }
  } finally {
    await Promise.allSettled(processes.map(async p => p.stop()))
    await network?.destroy()
    if (options.keep !== true) {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
