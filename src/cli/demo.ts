import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CascadeProcess, startHostProcess } from '../harness/cascade-process.js'
import { fetchStatus } from '../node/admin/status.js'
import { createPublish } from '../node/admin/publish.js'
import { generateKey, saveKey } from '../node/identity.js'
import { buildSampleRelease, findSampleAppDir } from '../node/installer/index.js'
import { formatBytes, formatRate } from '../node/units.js'
import { PublishView } from './publish-view.js'
import type { DeploymentSummary } from '../protocols/publish/index.js'

const MiB = 1024 * 1024

/**
 * Upload caps the demo's nodes cycle through: a mixed fleet, so sorting by
 * speed matters, and a host capped below the fastest nodes, so relaying does.
 */
const NODE_CAPS = [16 * MiB, 8 * MiB, 4 * MiB, 2 * MiB, 1 * MiB]
const HOST_CAP = 4 * MiB

/** Short probes: twelve nodes are measured in seconds, still within a few percent. */
const DEMO_PROBE_MS = 300

/** `cascade demo` without --nodes: enough nodes for a tree several levels deep. */
export const DEFAULT_DEMO_NODES = 12

/** `cascade demo` without --size: the payload added to v2, long enough to watch. */
export const DEFAULT_DEMO_PAYLOAD = 16 * MiB

/** Bounds the whole demo: it always ends, and stops what it started. */
const DEMO_TIMEOUT_MS = 10 * 60_000

export interface DemoOptions {
  nodes: number
  size: number
  keep?: boolean
  out?: NodeJS.WriteStream
}

export interface DemoResult {
  summary: DeploymentSummary
  makespanMs: number
  starEstimateMs: number
  hostBytesSent: number
  packageSize: number
}

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address != null ? address.port : 0) })
    })
    server.on('error', reject)
  })
}

async function appVersion (port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
    return (await response.json() as { version: string }).version
  } catch {
    return undefined
  }
}

/**
 * Waits until all `nodes` have joined and been measured, showing
 * `n/N joined, m/N measured` as it goes: rewritten in place on a terminal,
 * a line per change otherwise.
 */
async function waitForFleet (hostAddr: string, nodes: number, out: NodeJS.WriteStream, deadline: AbortSignal): Promise<void> {
  let shown = ''
  while (true) {
    deadline.throwIfAborted()
    const status = await fetchStatus(hostAddr).catch(() => undefined)
    const online = status?.members.filter(m => m.online) ?? []
    const measured = online.filter(m => m.measuredAt > 0).length
    const counter = `${online.length}/${nodes} joined, ${measured}/${nodes} measured`
    if (counter !== shown) {
      out.write(out.isTTY === true ? `\r  ${counter}` : `  ${counter}\n`)
      shown = counter
    }
    if (measured === nodes) {
      if (out.isTTY === true) {
        out.write('\n')
      }
      return
    }
    await sleep(250)
  }
}

/** Runs a local fleet from v1 to v2 and reports what it took. */
export async function runDemo (options: DemoOptions): Promise<DemoResult> {
  const out = options.out ?? process.stdout
  const say = (text: string): void => { out.write(`${text}\n`) }
  const dir = await mkdtemp(join(tmpdir(), 'cascade-demo-'))
  const processes: CascadeProcess[] = []
  const deadline = AbortSignal.timeout(DEMO_TIMEOUT_MS)
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(processes.map(async p => p.stop()))
  }
  const onSignal = (): void => { void stopAll().then(() => process.exit(130)) }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    // the admin key, v1 (the sample app as it is) and v2 (plus a payload of --size)
    const key = await generateKey()
    const keyFile = join(dir, 'admin.key')
    await saveKey(keyFile, key)
    const v1 = join(dir, 'v1')
    await cp(findSampleAppDir(), v1, { recursive: true })
    const staging = join(dir, 'v2-staging')
    await cp(findSampleAppDir(), staging, { recursive: true })
    await writeFile(join(staging, 'payload.bin'), randomBytes(options.size))
    const packagePath = await buildSampleRelease(join(dir, 'packages'), 'v2', staging)

    say(`demo: a host capped at ${formatRate(HOST_CAP)} and ${options.nodes} nodes capped at ${NODE_CAPS.map(cap => formatRate(cap)).join(', ')} (in turn), each running the sample app v1`)
    const host = await startHostProcess(['--data', join(dir, 'host'), '--listen', '/ip4/127.0.0.1/tcp/0', '--upload-limit', String(HOST_CAP),
      '--admin', peerIdFromPrivateKey(key).toString(), '--probe-duration', String(DEMO_PROBE_MS),
      // a local lab: the waiting counter reads status without a key
      '--status-access', 'anyone'])
    processes.push(host.process)
    const ports: number[] = []
    for (let i = 0; i < options.nodes; i++) {
      const port = await freePort()
      ports.push(port)
      const node = new CascadeProcess(`node-${i}`, ['node', '--data', join(dir, `node-${i}`), '--host', host.addr, '--join-token', host.joinToken, '--listen', '/ip4/127.0.0.1/tcp/0',
        '--upload-limit', String(NODE_CAPS[i % NODE_CAPS.length]), '--label', `demo=${i}`,
        '--app', `'${process.execPath}' server.mjs`, '--seed-release', v1, '--seed-version', 'v1'], { APP_PORT: String(port) })
      processes.push(node)
    }
    say(`host ${host.addr}`)
    say('waiting for every node to join and be measured…')
    await waitForFleet(host.addr, options.nodes, out, deadline)
    const before = await Promise.all(ports.map(appVersion))
    say(`every app answers: ${[...new Set(before.map(v => v ?? 'nothing'))].join(', ')}`)

    const view = new PublishView(out)
    say(`publishing v2 (${formatBytes(options.size)} payload)`)
    const summary = await createPublish({ host: host.addr, keyFile, packagePath, version: 'v2', signal: deadline }).on('event', (event) => { view.handle(event) }).run()

    say('checking every app…')
    while (true) {
      deadline.throwIfAborted()
      const versions = await Promise.all(ports.map(appVersion))
      if (versions.every(v => v === 'v2')) {
        break
      }
      await sleep(200)
    }
    const makespanMs = summary.finishedAt - summary.startedAt
    const starEstimateMs = options.nodes * summary.packageSize / HOST_CAP * 1000
    say(`every node's app answers v2`)
    say(`makespan ${(makespanMs / 1000).toFixed(2)} s; host uploaded ${formatBytes(summary.hostBytesSent)} = ${(summary.hostBytesSent / summary.packageSize).toFixed(2)} × the ${formatBytes(summary.packageSize)} package`)
    say(`a star (the host sends to all ${options.nodes}) would need at least ${(starEstimateMs / 1000).toFixed(1)} s at the host's ${formatRate(HOST_CAP)} and upload ${options.nodes} × the package: ${(starEstimateMs / makespanMs).toFixed(1)}× longer`)
    return { summary, makespanMs, starEstimateMs, hostBytesSent: summary.hostBytesSent, packageSize: summary.packageSize }
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    await stopAll()
    if (options.keep === true) {
      say(`kept ${dir}`)
    } else {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
