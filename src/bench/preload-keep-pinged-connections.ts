/**
 * Benchmark-only preload (`node --import`), for measuring a proposed fix
 * before it is made: libp2p's connection monitor pings every connection
 * every 10 s and aborts it when a ping takes longer than its adaptive
 * timeout (at least 5 s). On a link that is busy carrying a package, the
 * ping waits behind the data already queued in the socket and the link
 * (seconds, on a slow uplink), so the monitor kills exactly the
 * connections that are doing the work, and every push on them starts
 * over. This preload keeps the pings (they still measure RTT) but makes a
 * failed ping not abort the connection: what
 * `connectionMonitor: { abortConnectionOnPingFailure: false }` in
 * `createCascadeLibp2p` would do.
 *
 * The module is libp2p's own file (ESM modules are singletons by URL), so
 * patching its class patches the instance libp2p creates.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const libp2pDir = dirname(dirname(dirname(require.resolve('libp2p'))))
const { ConnectionMonitor } = await import(pathToFileURL(join(libp2pDir, 'dist', 'src', 'connection-monitor.js')).href)

const start: () => void = ConnectionMonitor.prototype.start
ConnectionMonitor.prototype.start = function (this: { abortConnectionOnPingFailure: boolean }): void {
  this.abortConnectionOnPingFailure = false
  start.call(this)
}
