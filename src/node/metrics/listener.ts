/**
 * A read-only HTTP listener on Node's own `node:http`: a fixed table of GET
 * routes, nothing else. The host's dashboard and `/metrics`, and a node's
 * `/metrics`, need a handful of routes and one server-sent-events stream,
 * so no framework (docs/dashboard.md). Anything but GET or HEAD is 405, an
 * unknown path 404; a route that throws is 500 and logged; the listener
 * stays up.
 */
import { createServer } from 'node:http'
import { logger } from '@libp2p/logger'
import { parseHttpAddress } from './address.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const log = logger('cascade:http')

/** Answers one GET request; may stream (server-sent events) and return at once. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>

/** Idle keep-alive connections are closed after this long (Node's default is 5 s too). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000

/** A request must arrive whole within this (slow-loris guard). */
const REQUEST_TIMEOUT_MS = 10_000

/** Sends a short plain-text answer. */
export function sendText (response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers })
  response.end(`${text}\n`)
}

/** The address could not be bound (in use, not this machine's). */
export class HttpListenError extends Error {
  static override readonly name = 'HttpListenError'
  override readonly name = 'HttpListenError'
}

export class ReadOnlyListener {
  private readonly address: string
  private readonly routes: ReadonlyMap<string, RouteHandler>
  /** what it serves, for errors: `the dashboard (--http)` */
  private readonly what: string
  private server?: Server
  /** `http://HOST:PORT` once listening (the port chosen when 0 was asked) */
  url = ''

  constructor (address: string, routes: ReadonlyMap<string, RouteHandler>, what = 'http') {
    // checked here too (the CLI checks first), so a bad address never half-starts a daemon
    parseHttpAddress(address)
    this.address = address
    this.routes = routes
    this.what = what
  }

  async start (): Promise<string> {
    const { host, port } = parseHttpAddress(this.address)
    const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (request, response) => { this.serve(request, response) })
    await new Promise<void>((resolve, reject) => {
      const failed = (err: Error): void => { reject(new HttpListenError(`cannot serve ${this.what} on ${this.address}: ${err.message}`)) }
      server.once('error', failed)
      server.listen({ host, port }, () => {
        server.off('error', failed)
        resolve()
      })
    })
    server.on('error', (err) => { log.error('http listener: %e', err) })
    this.server = server
    const bound = server.address() as AddressInfo
    this.url = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`
    log('listening on %s', this.url)
    return this.url
  }

  private serve (request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? ''
    if (method !== 'GET' && method !== 'HEAD') {
      log('refused %s %s: read-only', method, request.url)
      sendText(response, 405, 'method not allowed: this listener is read-only (GET only)', { allow: 'GET, HEAD' })
      return
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const route = this.routes.get(path)
    if (route == null) {
      sendText(response, 404, `not found: ${path.slice(0, 128)}`)
      return
    }
    Promise.resolve().then(async () => { await route(request, response) }).catch((err: Error) => {
      log.error('GET %s failed: %e', path, err)
      if (!response.headersSent) {
        sendText(response, 500, 'internal error')
      } else {
        response.destroy()
      }
    })
  }

  async stop (): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server == null) {
      return
    }
    const closed = new Promise<void>(resolve => { server.close(() => { resolve() }) })
    // server-sent-event streams never end by themselves
    server.closeAllConnections()
    await closed
  }
}
