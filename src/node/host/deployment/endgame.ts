/**
 * The endgame (docs/update-flow.md, "Endgame"). The host sends each chunk
 * once, at the plan's stream rate, and is then idle while the relays below it
 * finish; nodes behind a relay that fell a little behind its plan (not slow
 * enough to be stopped: src/node/host/deployment/slow-relays.ts) finish last.
 * Once the host's own pushes are done, it sends every node of the wave still
 * receiving what it lacks, last chunk first: the node's parents go on first
 * chunk first, and the node closes both pushes when they meet, so the overlap
 * (the duplicate bytes it reports) is what was in flight at the meeting.
 */
import { NodeState } from '../../../state/index.js'
import type { HostPushes } from './host-pushes.js'
import type { NodeRecord } from './node-tracker.js'

/**
 * How long the host's uplink must have been idle first: a node that is only
 * the pipeline's few chunk times behind its parent gets its last chunks from
 * its parent in that time (a 64 KiB chunk crosses three relays of a 100 KB/s
 * stripe in 2 s), and the host sends nothing twice.
 */
export const ENDGAME_AFTER_MS = 2_000

/**
 * Endgame pushes at a time. Each shares the host's TCP connection to its node
 * with the node's control channel, so what it has queued delays the node's
 * install authorization: 16 at once, each with a credit window of a quarter
 * of the stream rate, held authorizations back 5 s on the reference testbed.
 * Two, each told half the host's upload (a two-chunk window), queue half a
 * second at most.
 */
export const ENDGAME_PUSHES = 2

/** Starts the host's endgame pushes, the nodes that lack the most first, once the host has been idle a while. */
export function serveEndgame (pushes: HostPushes, nodes: Iterable<NodeRecord>, wave: number, hostUpload: number): void {
  if (pushes.idleFor() < ENDGAME_AFTER_MS) {
    return
  }
  const behind = [...nodes]
    .filter(node => node.wave === wave && node.state === NodeState.receiving && node.bytesReceived > 0)
    .sort((a, b) => a.bytesReceived - b.bytesReceived)
  for (const node of behind) {
    if (pushes.endgamesRunning >= ENDGAME_PUSHES) return
    pushes.endgame(node.peerId, hostUpload / ENDGAME_PUSHES)
  }
}
