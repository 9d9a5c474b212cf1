/**
 * The host's `connect` (docs/internet.md): a peer we will push to, or that
 * will push to us, is dialled when the tree is planned, while the uplinks
 * are idle, at the addresses the host gave and no other; the push comes
 * over that connection. We dial our planned child, or our planned parent
 * when it cannot dial us (we are behind NAT, outside its network). A
 * request that names no valid peer or addresses is ignored.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { ownConnection } from '../relay/own-connection.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { ConnectRequest } from '../../protocols/join/index.js'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { PeerId } from '@libp2p/interface'

const log = logger('cascade:node:dial-planned-peer')

export class InvalidConnectRequestError extends Error {
  static override readonly name = 'InvalidConnectRequestError'
  override readonly name = 'InvalidConnectRequestError'
}

/** Addresses a request may carry, as in JoinRequest.listen_addrs. */
const MAX_CONNECT_ADDRS = 16

/** Tries per request, and the pause between them: a peer that is starting, or a lost SYN. */
const CONNECT_ATTEMPTS = 3
const CONNECT_RETRY_MS = 2_000
/** One dial's limit: a TCP and Noise handshake across the Internet. */
const CONNECT_TIMEOUT_MS = 10_000

/** The peer and the addresses to dial it on, each ending in its /p2p/ id; throws on anything else. */
export function connectTargets (request: ConnectRequest, self: PeerId): { peer: PeerId, addrs: Multiaddr[] } {
  let peer: PeerId
  try {
    peer = peerIdFromString(request.peerId)
  } catch {
    throw new InvalidConnectRequestError('connect: not a peer id')
  }
  if (peer.equals(self)) {
    throw new InvalidConnectRequestError('connect: names this node')
  }
  if (request.addrs.length === 0 || request.addrs.length > MAX_CONNECT_ADDRS) {
    throw new InvalidConnectRequestError(`connect: needs 1 to ${MAX_CONNECT_ADDRS} addresses`)
  }
  const addrs = request.addrs.map(bytes => {
    let ma: Multiaddr
    try {
      ma = multiaddr(bytes)
    } catch {
      throw new InvalidConnectRequestError('connect: an invalid address')
    }
    const id = ma.getComponents().findLast(c => c.name === 'p2p')?.value
    if (id == null) return ma.encapsulate(`/p2p/${peer.toString()}`)
    if (id !== peer.toString()) throw new InvalidConnectRequestError('connect: an address of another peer')
    return ma
  })
  return { peer, addrs }
}

/** Dials the peer the host named, a few times; gives up quietly (the host hears of it from the parent's push). */
export async function dialPlannedPeer (libp2p: CascadeLibp2p, request: ConnectRequest, signal: AbortSignal): Promise<void> {
  let targets
  try {
    targets = connectTargets(request, libp2p.peerId)
  } catch (err) {
    // expected refusal: nothing is dialled
    log('ignored the host\'s connect request: %e', err)
    return
  }
  for (let attempt = 1; attempt <= CONNECT_ATTEMPTS && !signal.aborted; attempt++) {
    try {
      const connection = await ownConnection(libp2p, targets.peer, targets.addrs, AbortSignal.any([signal, AbortSignal.timeout(CONNECT_TIMEOUT_MS)]))
      log('connected to our planned peer %p at %a (deployment %s)', targets.peer, connection.remoteAddr, request.deploymentId)
      return
    } catch (err) {
      log.error('cannot dial our planned peer %p (attempt %d of %d): %e', targets.peer, attempt, CONNECT_ATTEMPTS, err)
      await new Promise(resolve => setTimeout(resolve, CONNECT_RETRY_MS))
    }
  }
}
