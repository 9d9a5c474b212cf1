/**
 * The host's Prometheus metrics (docs/metrics.md), computed when scraped
 * from the same queries as the dashboard (view.ts); refusals are counted as
 * they happen. Per-deployment series exist only for the newest few
 * deployments, so the series count stays bounded.
 */
import { Counter, Gauge } from 'prom-client'
import { deploymentCounts, recentDeployments } from './view.js'
import { memberStatuses } from '../status-service.js'
import type { ViewComponents } from './view.js'
import type { Registry } from 'prom-client'

/** Deployments with per-deployment series: the running one and the last few before it. */
export const DEPLOYMENT_SERIES = 3

/** A refusal's reason label keeps this many characters. */
const REASON_LABEL_CHARS = 60

/**
 * A refusal's reason as a label of few values: the text before its first
 * colon or parenthesis (the kind of refusal, without the peer, the numbers
 * or the names it may go on with), peer ids and numbers blanked out.
 */
export function reasonLabel (reason: string): string {
  return reason.split(/[:(]/)[0]
    .replace(/\b(12D3Koo|Qm)[1-9A-HJ-NP-Za-km-z]+/g, 'PEER')
    .replace(/\d+/g, 'N')
    .replace(/"[^"]*"/g, '"…"')
    .trim()
    .slice(0, REASON_LABEL_CHARS)
}

/** `/cascade/join/1.0.0` → `join`. */
function protocolLabel (protocol: string): string {
  return protocol.split('/')[2] ?? protocol
}

/** Sets a counter that mirrors a running total kept elsewhere (reset, then added again at each scrape). */
function mirror<T extends string> (counter: Counter<T>, values: Array<[Record<T, string>, number]>): void {
  counter.reset()
  for (const [labels, value] of values) {
    counter.inc(labels as any, Math.max(0, value))
  }
}

export class HostMetrics {
  private readonly refusals: Counter<'protocol' | 'reason'>

  constructor (registry: Registry, components: () => ViewComponents | undefined) {
    const registers = [registry]
    const deployments = (): ReturnType<typeof recentDeployments> => {
      const started = components()
      return started == null ? [] : recentDeployments(started, DEPLOYMENT_SERIES)
    }
    this.refusals = new Counter({ name: 'cascade_refusals_total', help: 'Requests the host refused, by protocol and kind of reason', labelNames: ['protocol', 'reason'], registers })
    new Gauge({
      name: 'cascade_members',
      help: 'Fleet members by state (online, offline) and installed version',
      labelNames: ['state', 'version'],
      registers,
      collect () {
        this.reset()
        const started = components()
        for (const member of started == null ? [] : memberStatuses(started)) {
          this.inc({ state: member.online ? 'online' : 'offline', version: member.version === '' ? 'none' : member.version })
        }
      }
    })
    new Gauge({
      name: 'cascade_deployments',
      help: 'Deployments kept in the host database, by state',
      labelNames: ['state'],
      registers,
      collect () {
        this.reset()
        const started = components()
        for (const { state, n } of started == null ? [] : deploymentCounts(started)) {
          this.set({ state }, n)
        }
      }
    })
    new Gauge({
      name: 'cascade_deployment_nodes',
      help: `Nodes of each of the newest ${DEPLOYMENT_SERIES} deployments, by state`,
      labelNames: ['deployment', 'state'],
      registers,
      collect () {
        this.reset()
        for (const deployment of deployments()) {
          for (const node of deployment.nodes) {
            this.inc({ deployment: deployment.id, state: node.state })
          }
        }
      }
    })
    // registered first, so its scrape sets the two after it too
    new Counter({
      name: 'cascade_deployment_host_bytes_total',
      help: 'Bytes of the package the host itself sent, per deployment',
      labelNames: ['deployment'],
      registers,
      collect () {
        const figures = deployments()
        mirror(this, figures.map(d => [{ deployment: d.id }, d.hostBytesSent]))
        mirror(relayed, figures.map(d => [{ deployment: d.id }, d.nodes.reduce((sum, node) => sum + node.bytesSent, 0)]))
        mirror(received, figures.map(d => [{ deployment: d.id }, d.nodes.reduce((sum, node) => sum + node.bytesReceived, 0)]))
      }
    })
    const relayed = new Counter({ name: 'cascade_deployment_relayed_bytes_total', help: 'Bytes of the package members relayed to one another, per deployment', labelNames: ['deployment'], registers })
    const received = new Counter({ name: 'cascade_deployment_received_bytes_total', help: 'Bytes of the package all its nodes received, per deployment', labelNames: ['deployment'], registers })
    new Gauge({
      name: 'cascade_deployment_makespan_seconds',
      help: 'Time from a deployment\'s start to its end, or to now while it runs',
      labelNames: ['deployment'],
      registers,
      collect () {
        this.reset()
        for (const deployment of deployments().filter(d => d.startedAt > 0)) {
          this.set({ deployment: deployment.id }, ((deployment.finishedAt > 0 ? deployment.finishedAt : Date.now()) - deployment.startedAt) / 1000)
        }
      }
    })
    new Gauge({
      name: 'cascade_deployment_package_bytes',
      help: 'Size of the package of the running (or last) deployment',
      labelNames: ['deployment'],
      registers,
      collect () {
        this.reset()
        for (const deployment of deployments().filter(d => d.packageSize > 0)) {
          this.set({ deployment: deployment.id }, deployment.packageSize)
        }
      }
    })
  }

  /** A host `refused` event. */
  refused (protocol: string, reason: string): void {
    this.refusals.inc({ protocol: protocolLabel(protocol), reason: reasonLabel(reason) })
  }
}
