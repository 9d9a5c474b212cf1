import { createHash, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CascadeProcess, runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { fetchStatus } from '../src/node/admin/status.js'
import { adminKey, cleanup, tempDir } from './helpers.js'
import type { StatusResponse } from '../src/protocols/status/index.js'

export interface FleetNodeSpec {
  /** --upload-limit */
  cap?: string
  /** --test-fault */
  fault?: string
  extra?: string[]
  /** the node process's environment, beside this one's (e.g. DEBUG) */
  env?: NodeJS.ProcessEnv
}

export interface Fleet {
  dir: string
  host: CascadeProcess
  hostAddr: string
  nodes: Array<{ process: CascadeProcess, peerId: string, dataDir: string, spec: FleetNodeSpec, args: string[] }>
  keyFile: string
  adminId: string
  status(): Promise<StatusResponse>
  /** starts node i again on its data dir (after a kill) */
  restartNode(i: number): Promise<CascadeProcess>
  /** starts the host again on its data dir and port (after a kill) */
  restartHost(): Promise<CascadeProcess>
  stop(): Promise<void>
}

/**
 * A host and nodes as real processes on 127.0.0.1, each node seeded with a
 * v1 release, all measured before this resolves.
 */
export async function startFleet (options: { nodes: FleetNodeSpec[], hostArgs?: string[], hostEnv?: NodeJS.ProcessEnv }): Promise<Fleet> {
  const dir = await tempDir('cascade-fleet-')
  const keyFile = join(dir, 'admin.key')
  // and a second key the host does not know (`unused`: a stranger for refusal tests)
  const [adminId] = await Promise.all([adminKey(keyFile), adminKey(join(dir, 'unused'))])
  const v1 = join(dir, 'v1')
  await import('node:fs/promises').then(async fs => {
    await fs.mkdir(v1)
    await fs.writeFile(join(v1, 'VERSION'), 'v1\n')
  })
  const hostArgs = ['--data', join(dir, 'host'), '--admin', adminId, '--probe-duration', '200', '--stall-timeout', '15000', ...(options.hostArgs ?? [])]
  const host = await startHostProcess(['--listen', '/ip4/127.0.0.1/tcp/0', ...hostArgs], 'host', options.hostEnv)
  const processes: CascadeProcess[] = [host.process]
  const fleet: Fleet = {
    dir,
    host: host.process,
    hostAddr: host.addr,
    nodes: [],
    keyFile,
    adminId,
    status: async () => fetchStatus(host.addr, { key: keyFile }),
    restartNode: async (i) => {
      const node = new CascadeProcess(`node-${i}`, fleet.nodes[i].args, fleet.nodes[i].spec.env)
      processes.push(node)
      fleet.nodes[i].process = node
      await node.waitForLine(/^cascade node (\S+)$/)
      return node
    },
    restartHost: async () => {
      const port = host.addr.split('/')[4]
      const restarted = await startHostProcess(['--listen', `/ip4/127.0.0.1/tcp/${port}`, ...hostArgs], 'host', options.hostEnv)
      processes.push(restarted.process)
      fleet.host = restarted.process
      return restarted.process
    },
    stop: async () => {
      await Promise.allSettled(processes.map(async p => p.stop()))
      await cleanup(dir)
    }
  }
  try {
    await Promise.all(options.nodes.map(async (spec, i) => {
      const dataDir = join(dir, `node-${i}`)
      const args = ['node', '--data', dataDir, '--host', host.addr, '--join-token', host.joinToken, '--listen', '/ip4/127.0.0.1/tcp/0', '--label', `index=${i}`,
        '--seed-release', v1, '--seed-version', 'v1']
      if (spec.cap != null) args.push('--upload-limit', spec.cap)
      if (spec.fault != null) args.push('--test-fault', spec.fault)
      args.push(...(spec.extra ?? []))
      const node = new CascadeProcess(`node-${i}`, args, spec.env)
      processes.push(node)
      const [, peerId] = await node.waitForLine(/^cascade node (\S+)$/)
      fleet.nodes[i] = { process: node, peerId, dataDir, spec, args }
    }))
    await membersMeasured(host.process, options.nodes.length, 60_000)
    // and confirmed by the host's status: each one online and measured
    const deadline = Date.now() + 60_000
    while (true) {
      const status = await fleet.status().catch(() => undefined)
      if (status != null && status.members.filter(m => m.online && m.measuredAt > 0).length === options.nodes.length) {
        break
      }
      if (Date.now() > deadline) {
        throw new Error(`fleet not measured in time: ${JSON.stringify(status?.members.map(m => [m.online, m.measuredAt]))}`)
      }
      await sleep(100)
    }
  } catch (err) {
    await fleet.stop()
    throw err
  }
  return fleet
}

/**
 * Waits until `host` has printed a `member … measured` line (src/cli/cmds/host/handler.ts)
 * for `count` members: on its output, without asking it for its status every few
 * milliseconds (each ask is a libp2p dial and handshake, CPU the processes under
 * test need on a busy machine).
 */
export async function membersMeasured (host: CascadeProcess, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const measured = (): number => new Set(host.lines.map(line => /\bmember (\S+) measured: /.exec(line)?.[1]).filter(id => id != null)).size
  while (measured() < count) {
    await host.waitForLine(/\bmember \S+ measured: /, Math.max(1, deadline - Date.now()), host.lines.length)
  }
}

/** A file of random bytes (incompressible: what travels is what was written). */
export async function randomPackage (dir: string, name: string, size: number): Promise<{ path: string, sha256: string }> {
  const path = join(dir, name)
  const data = randomBytes(size)
  await writeFile(path, data)
  return { path, sha256: createHash('sha256').update(data).digest('hex') }
}

export async function sha256File (path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex')
}

/** Runs `cascade publish --json` and returns its events and summary. */
export async function publishJson (fleet: Fleet, packagePath: string, version: string, extra: string[] = [], keyFile = fleet.keyFile): Promise<{ code: number | null, events: any[], summary: any, stderr: string }> {
  const result = await runCascade(['publish', '--host', fleet.hostAddr, '--key', keyFile, '--version', version, '--json', ...extra, packagePath], 120_000)
  const events = result.stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line))
  return { code: result.code, events, summary: events.find(event => event.event === 'summary'), stderr: result.stderr }
}
