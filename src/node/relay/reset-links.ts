/**
 * A relay stopped mid-deployment (docs/reliability.md, "A relay that falls
 * behind") still has what its pushes wrote in its sockets' send buffers:
 * up to a credit window per child, a megabyte or more over a few children.
 * Aborting the streams does not take it back, so on an uplink that dropped
 * to a trickle it would go on filling the uplink for tens of seconds, and
 * the acknowledgements of the relay's own download would wait behind it.
 * Resetting the connections (an RST: the kernel drops what is unsent) frees
 * the uplink at once. A connection that brings us a push is left alone: on
 * a relay stopped wrongly (a machine too busy to keep up), resetting what
 * feeds it turned one stop into many. A relay's pushes ride connections it
 * opened (./own-connection.ts), so a child that also feeds us feeds us over
 * its own connection, and ours to it is reset. A push that ended before the
 * stop arrived (its child replaced it) has reset its own connection already
 * (`dropUnsent` in ./push-sender.ts): this covers the pushes still running.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { PUSH_PROTOCOL } from '../../protocols/push/index.js'
import type { Connection, Libp2p } from '@libp2p/interface'

const log = logger('cascade:relay:reset-links')

export class RelayStoppedError extends Error {
  static override readonly name = 'RelayStoppedError'
  override readonly name = 'RelayStoppedError'
}

/** Whether a push to us runs over `connection`. */
function feedsUs (connection: Pick<Connection, 'streams'>): boolean {
  return connection.streams.some(stream => stream.direction === 'inbound' && stream.protocol === PUSH_PROTOCOL && stream.status === 'open')
}

/** Resets every connection to `peers` (peer ids as text) but those that bring us a push, saying why. */
export function resetLinks (libp2p: Pick<Libp2p, 'getConnections'>, peers: Iterable<string>, reason: string): void {
  for (const peer of peers) {
    let peerId
    try {
      peerId = peerIdFromString(peer)
    } catch {
      continue
    }
    for (const connection of libp2p.getConnections(peerId)) {
      if (feedsUs(connection)) {
        log('keeping the connection to %s: it brings us a push', peer)
        continue
      }
      log('resetting the connection to %s: %s', peer, reason)
      connection.abort(new RelayStoppedError(reason))
    }
  }
}
