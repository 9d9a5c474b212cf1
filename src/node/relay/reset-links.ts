/**
 * A relay stopped mid-deployment (docs/reliability.md, "A relay that falls
 * behind") still has what its pushes wrote in its sockets' send buffers:
 * up to a credit window per child, a megabyte or more over a few children.
 * Aborting the streams does not take it back, so on an uplink that dropped
 * to a trickle it would go on filling the uplink for tens of seconds, and
 * the acknowledgements of the relay's own download would wait behind it.
 * Resetting the connections (an RST: the kernel drops what is unsent) frees
 * the uplink at once. The caller leaves out a child whose connection also
 * brings us a push: on a relay stopped wrongly (a machine too busy to keep
 * up), resetting what feeds it turned one stop into many.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Libp2p } from '@libp2p/interface'

const log = logger('cascade:relay:reset-links')

export class RelayStoppedError extends Error {
  static override readonly name = 'RelayStoppedError'
  override readonly name = 'RelayStoppedError'
}

/** Resets every connection to `peers` (peer ids as text), saying why. */
export function resetLinks (libp2p: Pick<Libp2p, 'getConnections'>, peers: Iterable<string>, reason: string): void {
  for (const peer of peers) {
    let peerId
    try {
      peerId = peerIdFromString(peer)
    } catch {
      continue
    }
    for (const connection of libp2p.getConnections(peerId)) {
      log('resetting the connection to %s: %s', peer, reason)
      connection.abort(new RelayStoppedError(reason))
    }
  }
}
