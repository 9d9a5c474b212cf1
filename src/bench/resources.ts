import { runMesh } from './mesh.js'
import type { MeshResult, ResourceFigures } from './mesh.js'

/**
 * Memory and CPU of the host and of relaying nodes while a large package
 * passes through: a chain (host → node-0 → node-1 → …, `--max-fanout 1`),
 * so every node but the last relays everything it receives. Peak RSS is
 * VmHWM of each process by pid, CPU time is utime + stime over the
 * deployment; the package is a random file in the run's temp dir, removed
 * with it.
 */

export interface ResourceRow {
  role: 'host' | 'relay' | 'leaf'
  name: string
  peakRssBytes: number
  cpuMs: number
  bytesReceived: number
  bytesSent: number
}

export interface ResourceReport {
  size: number
  rate: number
  nodes: number
  rows: ResourceRow[]
  makespanMs: number
  mesh: MeshResult
}

export interface ResourceOptions {
  size: number
  chunkSize: number
  /** every link's upload cap, bytes/s */
  rate: number
  /** chain length (at least 2, so one node relays) */
  nodes: number
  netns: boolean
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
  say?(line: string): void
}

export async function measureResources (options: ResourceOptions): Promise<ResourceReport> {
  const nodes = Math.max(2, options.nodes)
  const caps = Array.from({ length: nodes }, () => ({ upload: options.rate }))
  const mesh = await runMesh({
    caps,
    host: { upload: options.rate },
    size: options.size,
    chunkSize: options.chunkSize,
    maxFanout: 1,
    netns: options.netns,
    env: options.env,
    // a chain streams at the link rate; allow for hashing and installing the package
    publishTimeoutMs: 4 * options.size / options.rate * 1000 + 180_000,
    signal: options.signal,
    say: options.say
  })
  const figures = (r: ResourceFigures | undefined): { peakRssBytes: number, cpuMs: number } => ({ peakRssBytes: r?.peakRssBytes ?? NaN, cpuMs: r?.cpuMs ?? NaN })
  const rows: ResourceRow[] = [
    { role: 'host', name: 'host', ...figures(mesh.host.resources), bytesReceived: options.size, bytesSent: mesh.hostBytesSent },
    ...[...mesh.nodes].sort((a, b) => a.depth - b.depth).map(node => ({
      role: node.bytesSent > 0 ? 'relay' as const : 'leaf' as const,
      name: `node-${node.index} (depth ${node.depth})`,
      ...figures(node.resources),
      bytesReceived: node.bytesReceived,
      bytesSent: node.bytesSent
    }))
  ]
  return { size: options.size, rate: options.rate, nodes, rows, makespanMs: mesh.makespanMs, mesh }
}
