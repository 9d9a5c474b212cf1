/**
 * `/api/events`: the dashboard's server-sent-events stream. Each event is
 * the whole view (view.ts) as JSON; one is sent on connect, then again soon
 * after anything the host announces (a member joins, leaves or is measured;
 * a refusal; a deployment starts, plans a wave, moves a node, or ends), at
 * most every LIVE_INTERVAL_MS (longer for a large fleet's view), and every
 * REFRESH_MS regardless (the audit
 * log and the database have no events of their own).
 */
import { logger } from '@libp2p/logger'
import type { DashboardView } from './view.js'
import type { Deployment } from '../deployment/index.js'
import type { HostEvents } from '../index.js'
import type { EventEmitter } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'

const log = logger('cascade:host:http:events')

/** Shortest time between two views sent: bounds the work a busy deployment causes. */
export const LIVE_INTERVAL_MS = 250

/**
 * Each watcher gets at most this many bytes of views per second: a large
 * fleet's view (a few hundred bytes per member) is sent less often.
 */
export const MAX_BYTES_PER_SECOND = 1_000_000

/** A watcher that leaves this much unread is dropped (its browser reconnects when it can). */
export const MAX_UNREAD_BYTES = 8 * 1024 * 1024

/** Longest time between two views sent while someone watches. */
export const REFRESH_MS = 5_000

/** Watchers at once; a further one is refused (503). */
export const MAX_WATCHERS = 64

/** Host events that change what the dashboard shows. */
const HOST_EVENTS: Array<keyof HostEvents> = ['member:joined', 'member:left', 'member:measured', 'refused', 'deployment:started', 'deployment:finished']

export interface LiveEventsInit {
  /** the host: its events */
  events: EventEmitter<HostEvents>
  /** the view now */
  view: () => DashboardView
  /** the rollout running now, or the last one: its progress counts as a change */
  deployment: () => Deployment | undefined
}

export class LiveEvents {
  private readonly init: LiveEventsInit
  private readonly watchers = new Set<ServerResponse>()
  private readonly followed = new WeakSet<Deployment>()
  private readonly changed = (): void => { this.schedule() }
  private timer?: ReturnType<typeof setTimeout>
  private refresh?: ReturnType<typeof setInterval>
  private lastSent = 0
  /** the shortest wait between two views: LIVE_INTERVAL_MS, longer when the view is large */
  private interval = LIVE_INTERVAL_MS

  constructor (init: LiveEventsInit) {
    this.init = init
    for (const event of HOST_EVENTS) {
      init.events.on(event, this.changed)
    }
  }

  /** The route: keeps the response open and writes a view into it at each change. */
  readonly route = (request: IncomingMessage, response: ServerResponse): void => {
    if (this.watchers.size >= MAX_WATCHERS) {
      log('refused a watcher: %d already', this.watchers.size)
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10' })
      response.end('too many dashboards watching\n')
      return
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
    if (request.method === 'HEAD') {
      response.end()
      return
    }
    this.watchers.add(response)
    this.follow(this.init.deployment())
    response.on('close', () => { this.watchers.delete(response) })
    this.send(response, this.event(this.init.view()))
    this.refresh ??= setInterval(() => { this.schedule() }, REFRESH_MS)
  }

  /** Sends the view soon: at once when the last one is old enough, else after the interval. */
  private schedule (): void {
    this.follow(this.init.deployment())
    if (this.timer != null || this.watchers.size === 0) {
      return
    }
    const wait = Math.max(0, this.lastSent + this.interval - Date.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.broadcast()
    }, wait)
  }

  /** A deployment's plan and node progress are changes too (the host announces only its start and end). */
  private follow (deployment: Deployment | undefined): void {
    if (deployment == null || this.followed.has(deployment)) {
      return
    }
    this.followed.add(deployment)
    deployment.on('progress', this.changed)
    deployment.on('plan', this.changed)
  }

  private broadcast (): void {
    if (this.watchers.size === 0) {
      clearInterval(this.refresh)
      this.refresh = undefined
      return
    }
    this.lastSent = Date.now()
    let event: string
    try {
      event = this.event(this.init.view())
    } catch (err) {
      // the database closing under a stopping host: the next change tries again
      log.error('could not read the dashboard view: %e', err)
      return
    }
    this.interval = Math.max(LIVE_INTERVAL_MS, Math.round(event.length / MAX_BYTES_PER_SECOND * 1000))
    for (const watcher of this.watchers) {
      this.send(watcher, event)
    }
  }

  /** Writes an event; a watcher that does not read what it was sent is let go. */
  private send (watcher: ServerResponse, event: string): void {
    if (watcher.writableLength > MAX_UNREAD_BYTES) {
      log('let a watcher go: %d bytes unread', watcher.writableLength)
      this.watchers.delete(watcher)
      watcher.destroy()
      return
    }
    watcher.write(event)
  }

  /** One server-sent event carrying the view. */
  private event (view: DashboardView): string {
    return `event: view\ndata: ${JSON.stringify(view)}\n\n`
  }

  stop (): void {
    clearTimeout(this.timer)
    clearInterval(this.refresh)
    for (const event of HOST_EVENTS) {
      this.init.events.off(event, this.changed)
    }
    for (const watcher of this.watchers) {
      watcher.end()
    }
    this.watchers.clear()
  }
}
