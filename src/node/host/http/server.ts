/**
 * The host's HTTP listener (`cascade host --http ADDR`): the dashboard's
 * page and assets, its view as JSON and as a server-sent-events stream, and
 * `/metrics` (Cascade's and libp2p's, one registry). Read-only: every route
 * is a GET (src/node/metrics/listener.ts refuses the rest).
 */
import { Registry } from 'prom-client'
import { ReadOnlyListener, metricsRoute, sendText } from '../../metrics/index.js'
import { DASHBOARD_CSS } from './assets/style.js'
import { DASHBOARD_HTML } from './assets/page.js'
import { DASHBOARD_JS } from './assets/script.js'
import { HostMetrics } from './host-metrics.js'
import { LiveEvents } from './live-events.js'
import { dashboardView } from './view.js'
import type { HostHttp, HostHttpInit, HostSource } from './index.js'
import type { RouteHandler } from '../../metrics/index.js'
import type { ServerResponse } from 'node:http'

/** Serves a fixed asset. */
function asset (contentType: string, body: string): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
    response.end(body)
  }
}

function sendJson (response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  response.end(JSON.stringify(value))
}

export class HostHttpServer implements HostHttp {
  readonly registry = new Registry()
  private readonly listener: ReadOnlyListener
  private source?: HostSource
  private live?: LiveEvents
  private readonly metrics: HostMetrics
  private readonly onRefused = ({ protocol, reason }: { protocol: string, reason: string }): void => { this.metrics.refused(protocol, reason) }

  constructor (init: HostHttpInit) {
    this.metrics = new HostMetrics(this.registry, () => this.source?.components)
    const routes = new Map<string, RouteHandler>([
      ['/', asset('text/html', DASHBOARD_HTML)],
      ['/dashboard.css', asset('text/css', DASHBOARD_CSS)],
      ['/dashboard.js', asset('text/javascript', DASHBOARD_JS)],
      ['/api/view', (_request, response) => {
        const source = this.source
        if (source == null) {
          sendText(response, 503, 'the host is starting', { 'retry-after': '1' })
          return
        }
        sendJson(response, dashboardView(source.components))
      }],
      ['/api/events', (request, response) => {
        if (this.live == null) {
          sendText(response, 503, 'the host is starting', { 'retry-after': '1' })
          return
        }
        this.live.route(request, response)
      }],
      ['/metrics', metricsRoute(this.registry)]
    ])
    this.listener = new ReadOnlyListener(init.address, routes, 'the dashboard (--http)')
  }

  get url (): string {
    return this.listener.url
  }

  async listen (): Promise<string> {
    return this.listener.start()
  }

  attach (source: HostSource): void {
    this.source = source
    const { components, events } = source
    this.live = new LiveEvents({ events, view: () => dashboardView(components), deployment: () => components.deployments.active })
    events.on('refused', this.onRefused)
  }

  async stop (): Promise<void> {
    this.live?.stop()
    this.source?.events.off('refused', this.onRefused)
    await this.listener.stop()
  }
}
