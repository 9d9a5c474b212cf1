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

/** Starts the host's endgame pushes to the wave's unfinished receivers, once the host has been idle a while. */
export function serveEndgame (pushes: HostPushes, nodes: Iterable<NodeRecord>, wave: number): void {
  if (pushes.idleFor() < ENDGAME_AFTER_MS) {
    return
  }
  for (const node of nodes) {
    if (node.wave === wave && node.state === NodeState.receiving && node.bytesReceived > 0) {
      pushes.endgame(node.peerId)
    }
  }
}
