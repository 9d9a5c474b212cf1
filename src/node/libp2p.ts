import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { corkedTcp } from './corked-tcp.js'
import { logger } from '@libp2p/logger'
import { isPrivate } from '@libp2p/utils'
import { createLibp2p } from 'libp2p'
import type { Identify } from '@libp2p/identify'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Ping } from '@libp2p/ping'
import type { Libp2p } from 'libp2p'
import type { Registry } from 'prom-client'

export type CascadeLibp2p = Libp2p<{ identify: Identify, ping: Ping }>

export interface CascadeLibp2pInit {
  privateKey: PrivateKey
  /** multiaddrs to listen on; none for a dial-only peer such as `cascade publish` */
  listen?: string[]
  /**
   * with `--http` (host) or `--metrics` (node): libp2p's own metrics go into
   * this registry, beside Cascade's, all served on `/metrics` (docs/metrics.md)
   */
  metrics?: Registry
  /**
   * the host (and a site host): a circuit-relay v2 server for signalling
   * between members behind NAT, with reservations for members only, and the
   * relay's default data limits kept (docs/internet.md)
   */
  relayServer?: { allowReservation: (peer: PeerId) => boolean }
  /** a node: AutoNAT v2, the circuit-relay transport and DCUtR (docs/internet.md) */
  natTraversal?: boolean
  /** ask the router for a port mapping over UPnP (`--upnp`; off by default) */
  upnp?: boolean
}

const log = logger('cascade:libp2p')

/**
 * The node's own view for its JoinRequest: "public" once libp2p lists an
 * address it counts as public (a listen address on one, or one AutoNAT v2 or
 * UPnP confirmed), else none; the host judges by what it sees
 * (src/node/host/reachability.ts).
 */
export function selfReachability (addrs: Multiaddr[]): 'public' | undefined {
  return addrs.some(ma => !isPrivate(ma) && !ma.getComponents().some(c => c.name === 'p2p-circuit')) ? 'public' : undefined
}

/**
 * A fleet host holds one connection per device, so libp2p's defaults (a few
 * hundred connections, 5 new connections per second per remote IP, 10
 * handshakes in flight) would turn away a fleet that reconnects at once after
 * a host restart, or a whole simulated mesh on 127.0.0.1.
 */
const MAX_CONNECTIONS = 20_000
const INBOUND_CONNECTIONS_PER_SECOND_PER_IP = 10_000
const MAX_PENDING_INBOUND_CONNECTIONS = 1_000

/**
 * TCP + Noise + Yamux + identify + ping: the transport every Cascade role
 * shares; with `relayServer` (a host) a members-only circuit-relay v2 server
 * and AutoNAT v2, with `natTraversal` (a node) AutoNAT v2, the relay
 * transport and DCUtR, with `upnp` libp2p's UPnP port mapping.
 */
export async function createCascadeLibp2p (init: CascadeLibp2pInit): Promise<CascadeLibp2p> {
  const { relayServer } = init
  // the optional parts are loaded only by the roles that use them: a command
  // such as `cascade publish` or `cascade status` starts without them
  // (several hundred ms of module loading, docs/install.md, "Start-up")
  const nat = init.natTraversal === true
  const [relay, autonat, hole, upnp, prometheus] = await Promise.all([
    relayServer != null || nat ? import('@libp2p/circuit-relay-v2') : undefined,
    relayServer != null || nat ? import('@libp2p/autonat-v2') : undefined,
    nat ? import('@libp2p/dcutr') : undefined,
    init.upnp === true ? import('@libp2p/upnp-nat') : undefined,
    init.metrics != null ? import('@libp2p/prometheus-metrics') : undefined
  ])
  return createLibp2p({
    privateKey: init.privateKey,
    addresses: { listen: init.listen ?? [] },
    transports: nat && relay != null ? [corkedTcp(), relay.circuitRelayTransport()] : [corkedTcp()],
    connectionGater: relayServer == null
      ? undefined
      : {
          denyInboundRelayReservation: (peer: PeerId) => {
            const deny = !relayServer.allowReservation(peer)
            // expected refusal: a peer that is not a member asked for a relay slot
            if (deny) log('refused a relay reservation from %p: not a member', peer)
            return deny
          }
        },
    // a registry of its own, not prom-client's global one: two hosts in one process (tests) keep theirs apart
    metrics: init.metrics == null || prometheus == null ? undefined : prometheus.prometheusMetrics({ registry: init.metrics }),
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // libp2p pings every connection and aborts one whose ping times out; on
    // a slow uplink busy with a package the ping waits behind the queued data,
    // so that would kill exactly the connections doing the work. Cascade's own
    // heartbeats (control channel) and push idle timeouts judge liveness.
    connectionMonitor: {
      abortConnectionOnPingFailure: false
    },
    connectionManager: {
      maxConnections: MAX_CONNECTIONS,
      inboundConnectionThreshold: INBOUND_CONNECTIONS_PER_SECOND_PER_IP,
      maxIncomingPendingConnections: MAX_PENDING_INBOUND_CONNECTIONS
    },
    services: {
      // answers identify requests, but does not run the exchange on every new
      // connection: Cascade dials by explicit multiaddr and learns addresses
      // from JoinRequests, and a fleet reconnecting at once after a host
      // restart should spend the host's CPU on handshakes, not on identify
      identify: identify({ runOnConnectionOpen: false }),
      ping: ping(),
      ...(relayServer == null || relay == null || autonat == null ? {} : { relay: relay.circuitRelayServer(), autoNAT: autonat.autoNATv2() }),
      ...(!nat || autonat == null || hole == null ? {} : { autoNAT: autonat.autoNATv2(), dcutr: hole.dcutr() }),
      ...(upnp == null ? {} : { upnp: upnp.uPnPNAT() })
    }
  })
}
