/**
 * The host's web dashboard and Prometheus metrics on one read-only HTTP
 * listener (`cascade host --http ADDR`; docs/dashboard.md, docs/metrics.md).
 * The host binds it first (a bad or busy address stops the start before
 * anything else), gives its registry to libp2p for libp2p's own metrics,
 * and attaches its components once they are built.
 */
import { HostHttpServer } from './server.js'
import type { ViewComponents } from './view.js'
import type { HostEvents } from '../index.js'
import type { EventEmitter } from 'node:events'
import type { Registry } from 'prom-client'

export interface HostHttpInit {
  /** HOST:PORT to listen on (port 0: any free one) */
  address: string
}

/** What the dashboard reads: the host's components and its events. */
export interface HostSource {
  components: ViewComponents
  events: EventEmitter<HostEvents>
}

export interface HostHttp {
  /** Cascade's metrics, and libp2p's once given to it (src/node/libp2p.ts) */
  readonly registry: Registry
  /** `http://HOST:PORT` once listening */
  readonly url: string
  /** binds the address; until attach() the dashboard's data routes answer 503 */
  listen(): Promise<string>
  attach(source: HostSource): void
  stop(): Promise<void>
}

export function createHostHttp (init: HostHttpInit): HostHttp {
  return new HostHttpServer(init)
}

export type { DashboardView, MemberView, LiveDeployment, DeploymentFigures, NodeFigures } from './view.js'
export { DEPLOYMENT_SERIES, reasonLabel } from './host-metrics.js'
export { LIVE_INTERVAL_MS, MAX_WATCHERS } from './live-events.js'
