import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CascadeProcess, runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { fetchStatus } from '../src/node/admin/status.js'
import { IDENTITY_FILE, generateKey, saveKey } from '../src/node/identity.js'
import { adminKey, cleanup, tempDir, waitFor } from './helpers.js'
import { membersMeasured } from './fleet.js'
import type { StatusResponse } from '../src/protocols/status/index.js'

/** One host of the hierarchy (the root or a site) as a real process, with its own admin key. */
export interface HierarchyHost {
  name: string
  process: CascadeProcess
  addr: string
  peerId: string
  joinToken: string
  keyFile: string
  args: string[]
  nodes: Array<{ peerId: string, process: CascadeProcess, dataDir: string }>
  status: () => Promise<StatusResponse>
}

export interface Hierarchy {
  dir: string
  root: HierarchyHost
  sites: HierarchyHost[]
  /** runs `cascade ARGS --host <host> --key <its admin key>` */
  cli: (host: HierarchyHost, ...args: string[]) => Promise<{ code: number | null, stdout: string, stderr: string }>
  /** starts site i again on its data dir and port (after a kill or a stop) */
  restartSite: (i: number) => Promise<void>
  /** starts `host` again on its port (after a kill or a stop), with its own arguments or `args` */
  restart: (host: HierarchyHost, args?: string[]) => Promise<void>
  stop: () => Promise<void>
}

const HOST_ARGS = ['--probe-duration', '200', '--stall-timeout', '8000']

/** More arguments for the root host, the site hosts and the nodes, made in the hierarchy's dir before anything starts. */
export interface HierarchyArgs {
  root?: string[]
  site?: string[]
  node?: string[]
}

export interface HierarchyOptions {
  /** e.g. a root of trust that names the root host's key (test/trust-sites.test.ts): DIR/root is the root host's data dir */
  prepare?: (dir: string) => Promise<HierarchyArgs>
  /** more options of site i's `cascade host` */
  siteArgs?: string[][]
}

/**
 * A root host with `rootNodes` nodes, and `siteNodes.length` site hosts
 * with siteNodes[i] nodes each, every node seeded with v1 and labelled
 * index=<i>; site i is a site of site parents[i] (a deeper level), or of the
 * root when that is undefined, marked by its parent's admin. Resolves once every host has
 * measured every member.
 */
export async function startHierarchy (rootNodes: number, siteNodes: number[], parents: Array<number | undefined> = [], options: HierarchyOptions = {}): Promise<Hierarchy> {
  const dir = await tempDir('cascade-sites-')
  const processes: CascadeProcess[] = []
  const v1 = join(dir, 'v1')
  await mkdir(v1)
  await writeFile(join(v1, 'VERSION'), 'v1\n')
  const more = await options.prepare?.(dir) ?? {}
  const keyOf = async (name: string): Promise<{ keyFile: string, adminId: string }> => {
    const keyFile = join(dir, `${name}.key`)
    return { keyFile, adminId: await adminKey(keyFile) }
  }
  const startHost = async (name: string, extra: string[], port = '0'): Promise<HierarchyHost> => {
    const { keyFile, adminId } = await keyOf(name)
    const args = ['--data', join(dir, name), '--admin', adminId, ...HOST_ARGS, ...extra]
    const started = await startHostProcess(['--listen', `/ip4/127.0.0.1/tcp/${port}`, ...args], name)
    processes.push(started.process)
    return { name, ...started, keyFile, args, nodes: [], status: async () => fetchStatus(started.addr, { key: keyFile }) }
  }
  const startNodes = async (host: HierarchyHost, count: number): Promise<void> => {
    host.nodes = await Promise.all(Array.from({ length: count }, async (_, i) => {
      const dataDir = join(dir, `${host.name}-node-${i}`)
      const process = new CascadeProcess(`${host.name}-node-${i}`, ['node', '--data', dataDir, '--host', host.addr, '--join-token', host.joinToken,
        '--listen', '/ip4/127.0.0.1/tcp/0', '--label', `index=${i}`, '--seed-release', v1, '--seed-version', 'v1', ...more.node ?? []])
      processes.push(process)
      const [, peerId] = await process.waitForLine(/^cascade node (\S+)$/)
      return { peerId, process, dataDir }
    }))
  }
  const measured = async (host: HierarchyHost, count: number): Promise<void> => {
    // on its output first (src/cli/cmds/host/handler.ts), then confirmed by its status
    await membersMeasured(host.process, count, 60_000)
    await waitFor(async () => {
      const status = await host.status().catch(() => undefined)
      return status?.members.filter(m => m.online && m.measuredAt > 0).length === count
    }, 60_000, `${host.name}'s ${count} members measured`)
  }
  const hierarchy: Hierarchy = {
    dir,
    root: undefined as unknown as HierarchyHost,
    sites: [],
    cli: async (host, ...args) => runCascade([...args, '--host', host.addr, '--key', host.keyFile]),
    restartSite: async (i) => { await hierarchy.restart(hierarchy.sites[i]) },
    restart: async (host, args = host.args) => {
      const port = host.addr.split('/')[4]
      const process = new CascadeProcess(host.name, ['host', '--listen', `/ip4/127.0.0.1/tcp/${port}`, ...args])
      processes.push(process)
      host.process = process
      await process.waitForLine(/^listening on /)
    },
    stop: async () => {
      await Promise.allSettled(processes.map(async p => p.stop()))
      await cleanup(dir)
    }
  }
  try {
    const root = await startHost('root', more.root ?? [])
    hierarchy.root = root
    const parentOf = (i: number): HierarchyHost => parents[i] == null ? root : hierarchy.sites[parents[i] as number]
    // a parent before its sites; the sites of one level side by side
    const levelOf = (i: number): number => parents[i] == null ? 0 : levelOf(parents[i] as number) + 1
    for (const level of [...new Set(siteNodes.map((_, i) => levelOf(i)))].sort((a, b) => a - b)) {
      await Promise.all(siteNodes.map(async (_, i) => {
        if (levelOf(i) !== level) return
        const parent = parentOf(i)
        const name = `site-${i}`
        // its identity made first, so that its parent's admin marks it while it starts, not after (it is refused,
        // and backs off, until then)
        const identity = await generateKey()
        await saveKey(join(dir, name, IDENTITY_FILE), identity)
        const [site, marked] = await Promise.all([
          startHost(name, ['--parent', parent.addr, '--join-token', parent.joinToken, ...more.site ?? [], ...(options.siteArgs?.[i] ?? [])]),
          hierarchy.cli(parent, 'member', 'site', peerIdFromPrivateKey(identity).toString())
        ])
        hierarchy.sites[i] = site
        if (marked.code !== 0) {
          throw new Error(`could not mark ${name}: ${marked.stderr}`)
        }
      }))
    }
    const sitesUnder = (host: HierarchyHost): number => hierarchy.sites.filter((_, i) => parentOf(i) === host).length
    await Promise.all([startNodes(root, rootNodes), ...hierarchy.sites.map(async (site, i) => startNodes(site, siteNodes[i]))])
    await Promise.all([root, ...hierarchy.sites].map(async (host, i) => measured(host, (i === 0 ? rootNodes : siteNodes[i - 1]) + sitesUnder(host))))
  } catch (err) {
    await hierarchy.stop()
    throw err
  }
  return hierarchy
}

/** `cascade publish --json` against `host`, with its admin key unless another is given. */
export async function publishTo (host: HierarchyHost, packagePath: string, version: string, keyFile = host.keyFile): Promise<{ code: number | null, summary: any, stderr: string }> {
  const result = await runCascade(['publish', '--host', host.addr, '--key', keyFile, '--version', version, '--json', packagePath], 120_000)
  const events = result.stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line))
  return { code: result.code, summary: events.find(event => event.event === 'summary'), stderr: result.stderr }
}
