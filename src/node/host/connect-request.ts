/**
 * Asking one side of a planned edge to open the connection a push will ride
 * (docs/internet.md): the parent dials its child where it may, else the
 * child dials its parent (behind NAT, outside the parent's network). Used
 * by a deployment's preconnect (src/node/host/deployment/host-pushes.ts) and
 * by the warm edges between deployments (./warm-edges.ts).
 */
import { toBytes } from '../relay/addressees.js'
import { canDial } from './reachability.js'
import type { MemberChannels } from './member-channels.js'
import type { MemberRecord } from './database.js'
import type { StripeSplit } from '../../tree/index.js'

/** Sends the `connect` to the side that may dial; false when neither may dial the other (nothing is sent). */
export function askToConnect (channels: Pick<MemberChannels, 'send'>, child: MemberRecord, parent: MemberRecord, deploymentId: string): boolean {
  const [dialler, target] = canDial(parent, child) ? [parent, child] : canDial(child, parent) ? [child, parent] : []
  if (dialler == null || target == null) return false
  channels.send(dialler.peerId, { connect: { deploymentId, peerId: target.peerId, addrs: toBytes(target.addrs) } })
  return true
}

/** A plan's relay-to-child edges, each once (a parent in several stripes is one connection), named `parent>child`; the host's own are left out. */
export function plannedEdges (trees: Iterable<{ parentOf: ReadonlyMap<string, string | null>, helpers?: ReadonlyMap<string, StripeSplit> }>): Array<{ key: string, child: string, parent: string }> {
  const edges = new Map<string, { key: string, child: string, parent: string }>()
  for (const tree of trees) {
    // a split stripe-child's helper (src/tree/split.ts) feeds it as a parent does
    for (const [child, parent] of [...tree.parentOf, ...[...tree.helpers ?? []].map(([child, { helper }]) => [child, helper] as const)]) {
      const key = `${parent}>${child}`
      if (parent != null) edges.set(key, { key, child, parent })
    }
  }
  return [...edges.values()]
}
