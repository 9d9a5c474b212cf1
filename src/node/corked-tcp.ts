/**
 * libp2p's TCP transport with each connection's writes gathered into one
 * system call per turn of the event loop (docs/benchmarks.md, "CPU per MiB").
 *
 * `@libp2p/tcp` writes every buffer it is given with its own `socket.write`,
 * on sockets with `noDelay` on. Noise hands it each message as two buffers,
 * the 2-byte length and the ciphertext, so every message (a chunk's frames, a
 * credit, a yamux window update, a progress report) cost two system calls and,
 * on an idle link, two TCP segments. On a slow uplink those extra ~70-byte
 * segments queue in front of everything the node sends, its acknowledgements
 * included. Corking the socket while libp2p writes, and uncorking it on the
 * next tick (Node's documented pattern for `socket.cork()`), hands the kernel
 * everything written in one turn as a single `writev`: the same bytes, in the
 * same order, with fewer calls and segments.
 */
import { serviceCapabilities, transportSymbol } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import type { TCPComponents, TCPOptions } from '@libp2p/tcp'
import type { Connection, CreateListenerOptions, DialTransportOptions, Listener, MultiaddrConnection, Transport, Upgrader } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Uint8ArrayList } from 'uint8arraylist'

/** What the wrapper needs of `@libp2p/tcp`'s connection: its socket and its one write method. */
interface SocketConnection {
  socket?: { cork?: () => void, uncork?: () => void }
  sendData?: (data: Uint8ArrayList) => { sentBytes: number, canSendMore: boolean }
}

/**
 * Makes `maConn` cork its socket from its first write in a turn of the event
 * loop until the next tick. A connection that is not a TCP socket (none is
 * expected here) is returned as it is.
 */
export function corkWrites<T extends MultiaddrConnection> (maConn: T): T {
  const conn = maConn as unknown as SocketConnection
  const socket = conn.socket
  const sendData = conn.sendData
  if (socket?.cork == null || socket.uncork == null || sendData == null) return maConn
  let corked = false
  const uncork = (): void => {
    corked = false
    socket.uncork?.()
  }
  conn.sendData = (data) => {
    if (!corked) {
      corked = true
      socket.cork?.()
      process.nextTick(uncork)
    }
    return sendData.call(conn, data)
  }
  return maConn
}

/** An upgrader that corks every connection before it upgrades it. */
function corkingUpgrader (upgrader: Upgrader): Upgrader {
  return new Proxy(upgrader, {
    get (target, property, receiver) {
      if (property === 'upgradeOutbound' || property === 'upgradeInbound') {
        const upgrade = target[property].bind(target)
        return async (maConn: MultiaddrConnection, options: Parameters<Upgrader['upgradeInbound']>[1]) => await upgrade(corkWrites(maConn), options)
      }
      return Reflect.get(target, property, receiver)
    }
  })
}

class CorkedTcp implements Transport {
  readonly [transportSymbol] = true
  readonly [serviceCapabilities]: string[]
  private readonly inner: Transport

  constructor (inner: Transport) {
    this.inner = inner
    this[serviceCapabilities] = (inner as unknown as { [serviceCapabilities]?: string[] })[serviceCapabilities] ?? []
    this.listenFilter = inner.listenFilter.bind(inner)
    this.dialFilter = inner.dialFilter.bind(inner)
  }

  get [Symbol.toStringTag] (): string {
    return this.inner[Symbol.toStringTag]
  }

  readonly listenFilter: Transport['listenFilter']
  readonly dialFilter: Transport['dialFilter']

  async dial (ma: Multiaddr, options: DialTransportOptions): Promise<Connection> {
    return await this.inner.dial(ma, { ...options, upgrader: corkingUpgrader(options.upgrader) })
  }

  createListener (options: CreateListenerOptions): Listener {
    return this.inner.createListener({ ...options, upgrader: corkingUpgrader(options.upgrader) })
  }
}

/** `@libp2p/tcp`'s transport, its connections' writes gathered per turn of the event loop. */
export function corkedTcp (init?: TCPOptions): (components: TCPComponents) => Transport {
  const inner = tcp(init)
  return (components) => new CorkedTcp(inner(components))
}
