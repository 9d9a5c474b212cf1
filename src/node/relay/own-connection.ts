/**
 * The connection a push rides: one we opened ourselves. Between two relays
 * that feed each other (each is the other's child in some stripe), each
 * push then rides its sender's own connection, so a relay stopped mid-
 * deployment can reset what it sends (./reset-links.ts) without cutting what
 * it receives: on a collapsed uplink, what its pushes parked in the kernel's
 * send buffers otherwise holds back the acknowledgements of its own download
 * for tens of seconds (docs/reliability.md, "A relay that falls behind").
 */
import type { CascadeLibp2p } from '../libp2p.js'
import type { Connection, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** An open, direct connection to `peer` that we dialled, dialled now at `addrs` if we have none (a dial under way is joined). */
export async function ownConnection (libp2p: Pick<CascadeLibp2p, 'getConnections' | 'dial'>, peer: PeerId, addrs: Multiaddr[], signal: AbortSignal): Promise<Connection> {
  const own = libp2p.getConnections(peer).find(conn => conn.status === 'open' && conn.direction === 'outbound' && conn.limits == null)
  if (own != null) return own
  // `force`: libp2p would hand back a connection the peer opened to us, even
  // one that arrived while we were dialling (two relays told to dial each
  // other at once); a dial of ours under way is still joined
  return libp2p.dial(addrs, { signal, force: true })
}
