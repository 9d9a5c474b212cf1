/**
 * A node's own Prometheus metrics (docs/metrics.md): bytes received and
 * relayed, chunks verified and refused, install outcomes. The byte and
 * chunk figures are each deployment's running totals (what it reports to
 * the host); this turns their growth into counters.
 */
import { Counter, Registry } from 'prom-client'
import { ReadOnlyListener } from './listener.js'
import type { NodeMetrics, NodeMetricsInit, WatchedDeployment } from './index.js'
import type { RouteHandler } from './listener.js'

/** Deployments whose figures are still sampled; older ones have long finished. */
const MAX_WATCHED = 16

interface Seen {
  deployment: WatchedDeployment
  received: number
  sent: number
  chunks: number
}

/** Serves a registry's text format (the host's `/metrics` route too). */
export function metricsRoute (registry: Registry): RouteHandler {
  return async (_request, response) => {
    const text = await registry.metrics()
    response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' })
    response.end(text)
  }
}

export class CascadeNodeMetrics implements NodeMetrics {
  readonly registry = new Registry()
  private readonly listener: ReadOnlyListener
  private readonly watched = new Map<string, Seen>()
  private readonly received: Counter
  private readonly relayed: Counter
  private readonly verified: Counter
  private readonly refused: Counter
  private readonly installs: Counter<'outcome'>

  constructor (init: NodeMetricsInit) {
    const registers = [this.registry]
    // sampled when scraped as well, so a scrape sees bytes between two reports
    const collect = (): void => { this.sample() }
    this.received = new Counter({ name: 'cascade_node_received_bytes_total', help: 'Package bytes this node received and stored (verified chunks)', registers, collect })
    this.relayed = new Counter({ name: 'cascade_node_relayed_bytes_total', help: 'Package bytes this node relayed to its children', registers })
    this.verified = new Counter({ name: 'cascade_node_chunks_verified_total', help: 'Chunks this node received that matched the signed manifest', registers })
    this.refused = new Counter({ name: 'cascade_node_chunks_refused_total', help: 'Chunks this node refused: they did not match the signed manifest, or were more than it allows', registers })
    this.installs = new Counter({ name: 'cascade_node_installs_total', help: 'Installs by outcome: installed, failed, rolled-back', labelNames: ['outcome'], registers })
    init.node.on('installed', () => { this.installs.inc({ outcome: 'installed' }) })
    init.node.on('install-failed', ({ state }) => { this.installs.inc({ outcome: state }) })
    this.listener = new ReadOnlyListener(init.address, new Map([['/metrics', metricsRoute(this.registry)]]), 'metrics (--metrics)')
  }

  get url (): string {
    return this.listener.url
  }

  watch (deployment: WatchedDeployment): void {
    this.watched.set(deployment.id, { deployment, received: 0, sent: 0, chunks: 0 })
    for (const id of this.watched.keys()) {
      if (this.watched.size <= MAX_WATCHED) break
      this.watched.delete(id)
    }
    deployment.on('report', () => { this.sample() })
    deployment.on('bad-chunk', () => { this.refused.inc() })
  }

  /** Adds each deployment's growth since the last sample (a re-opened store starts again from what it holds). */
  private sample (): void {
    for (const seen of this.watched.values()) {
      const { bytesReceived, bytesSent, store } = seen.deployment
      const chunks = store?.count ?? seen.chunks
      this.received.inc(Math.max(0, bytesReceived - seen.received))
      this.relayed.inc(Math.max(0, bytesSent - seen.sent))
      this.verified.inc(Math.max(0, chunks - seen.chunks))
      seen.received = bytesReceived
      seen.sent = bytesSent
      seen.chunks = chunks
    }
  }

  async start (): Promise<string> {
    return this.listener.start()
  }

  async stop (): Promise<void> {
    await this.listener.stop()
  }
}
