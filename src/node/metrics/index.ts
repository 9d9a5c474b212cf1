/**
 * Prometheus metrics of a Cascade process (docs/metrics.md): a node's own
 * (`cascade node --metrics ADDR`), and the read-only HTTP listener and
 * address parser the host's dashboard shares (src/node/host/http/).
 */
import { CascadeNodeMetrics } from './node-metrics.js'
import type { EventEmitter } from 'node:events'
import type { Registry } from 'prom-client'
import type { NodeEvents } from '../client/index.js'

export { InvalidHttpAddressError, checkHttpAddress, parseHttpAddress } from './address.js'
export type { HttpAddress } from './address.js'
export { HttpListenError, ReadOnlyListener, sendText } from './listener.js'
export type { RouteHandler } from './listener.js'
export { metricsRoute } from './node-metrics.js'

/** What the metrics read of a deployment the node receives (client/incoming-deployment.ts). */
export interface WatchedDeployment extends EventEmitter<any> {
  readonly id: string
  readonly bytesReceived: number
  readonly bytesSent: number
  readonly store?: { readonly count: number }
}

export interface NodeMetricsInit {
  /** HOST:PORT to serve `/metrics` on (address.ts) */
  address: string
  /** the node: its install outcomes are counted */
  node: EventEmitter<NodeEvents>
}

export interface NodeMetrics {
  /** holds Cascade's counters and, given to libp2p (src/node/libp2p.ts), libp2p's metrics */
  readonly registry: Registry
  /** `http://HOST:PORT` once started */
  readonly url: string
  /** counts a deployment's bytes, chunks and refused chunks from now on */
  watch(deployment: WatchedDeployment): void
  start(): Promise<string>
  stop(): Promise<void>
}

/** A node's metrics; listening once started, on `init.address` only. */
export function createNodeMetrics (init: NodeMetricsInit): NodeMetrics {
  return new CascadeNodeMetrics(init)
}
