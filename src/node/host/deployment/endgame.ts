/**
 * The endgame (docs/update-flow.md, "Endgame"). The host sends each chunk
 * once, at the plan's stream rate, and is then idle while the relays below it
 * finish; nodes behind a relay that fell behind its plan (not slow enough to
 * be stopped: src/node/host/deployment/slow-relays.ts) finish last.
 *
 * Members that relay nothing (leaves in every stripe, or relays whose own
 * children are served) are idle uplinks too, as BitTorrent's and Kraken's
 * endgames use them: each is asked to send one lagging node the chunks it
 * lacks of its most-behind stripe, last chunk first: the whole stripe from a
 * member that holds the verified package, or, while the member still
 * receives, what it is ahead of the node by (src/node/relay/push-sender.ts
 * sends only what it holds). Once the host's own pushes are done, the host
 * sends the nodes no member serves what they lack, last chunk first,
 * likewise. The node's parents go on first chunk first and pass over what
 * the endgame brought (src/node/client/push-replies.ts); the node closes the
 * pushes when its stripe is whole, so the overlap (the duplicate bytes it
 * reports) is what was in flight when the notices left.
 */
import { NodeState, hasReached, isTerminal } from '../../../state/index.js'
import type { HostPushes } from './host-pushes.js'
import type { NodeRecord } from './node-tracker.js'
import type { Stripe } from '../../../protocols/push/index.js'

/**
 * How long the host's uplink must have been idle first: its last chunks have
 * left its socket and the nodes' reports of them are in. Then its uplink
 * has nothing else to carry, so it starts on the nodes that lack the most
 * while the relays' pipelines still drain (a 64 KiB chunk crosses three
 * relays of a 100 KB/s stripe in 2 s); their parents pass over what it
 * brings. At N = 16 on the reference testbed, 500 ms against 2 s: 32.25,
 * 33.30 and 32.42 s against 33.48, 33.54 and 33.64 s, duplicates 0.10–0.17 %
 * against 0.07–0.17 % (docs/benchmarks-log.md, "The headroom share, smaller
 * chunks, and where N = 16's time goes"); at once (1 ms) was slower, the
 * host then sending what the pipelines were about to deliver.
 */
export const ENDGAME_AFTER_MS = 500

/**
 * A member is asked to finish a node's stripe only when the node lacks more
 * of it than its parent sends in this long, the pipeline's worth (a 64 KiB
 * chunk crosses three relays of a 100 KB/s stripe in 2 s), so a node merely
 * a few chunks behind its parent is left to it: a member's uplink carries
 * its own children too, where the host's is idle by then.
 */
export const PEER_ENDGAME_BEHIND_MS = 2_000

/**
 * A member still receiving is asked to help a node only when it holds this
 * many more chunks of the node's most-behind stripe than the node does: a
 * push of fewer is mostly its own credit round trip. Four 64 KiB chunks of
 * a 118 KB/s stripe (four stripes at N = 16 on the reference testbed) are
 * about 2 s of that stripe, PEER_ENDGAME_BEHIND_MS's worth.
 */
export const HELPER_LEAD_CHUNKS = 4

/**
 * Members still receiving that are tried for one lagging node, the fastest
 * first: it bounds the host's round at nodes × this, whatever the fleet.
 */
export const HELPER_CANDIDATES = 16

/**
 * How long a member asked for an endgame has to report its push running
 * before the host takes the push as over: four of its progress reports
 * (src/node/client/client.ts), which also cover the dial to the node.
 */
export const PEER_ENDGAME_SETTLE_MS = 2_000

/**
 * Endgame pushes at a time. Each shares the host's TCP connection to its node
 * with the node's control channel, so what it has queued delays the node's
 * install authorization: 16 at once, each with a credit window of a quarter
 * of the stream rate, held authorizations back 5 s on the reference testbed.
 * Two, each told half the host's upload (a two-chunk window), queue half a
 * second at most.
 */
export const ENDGAME_PUSHES = 2

/**
 * What the host's own endgame pushes may send in one deployment, as a share
 * of the package: the host then uploads at most its planned pushes, what
 * recovery needs, and half a package (the bound, host bytes at most
 * (host children + 0.5) × S, docs/update-flow.md "Endgame"). A push starts
 * only when what its node lacks fits in what is left, and sends at most
 * that. Without a bound, a fleet slower than its plan everywhere (two busy
 * cores under test/internet.test.ts's fleet) had the host resend more than
 * half the package on top of its three children's copies.
 */
export const HOST_ENDGAME_SHARE = 0.5

/** A node that holds the whole package, verified: verified or further along, and not failed or skipped. */
function holdsPackage (state: NodeState): boolean {
  return hasReached(state, NodeState.verified) && (state === NodeState.done || !isTerminal(state))
}

export interface EndgameFleet {
  /** every node of the deployment, of every wave */
  nodes: Iterable<NodeRecord>
  /** the wave under way */
  wave: number
  /** the host's measured upload, bytes/s */
  hostUpload: number
  /** members that may not relay (stopped as slow, or sent a bad chunk) */
  exclude: ReadonlySet<string>
  chunkCount: number
  chunkSize: number
}

/**
 * The stripe a node lacks the most bytes of, as its last report counted them,
 * and those bytes; the whole package (no index) in one tree, or before the
 * node reported its counts per stripe.
 */
export function mostBehindStripe (node: Pick<NodeRecord, 'stripeChunks' | 'bytesReceived'>, stripes: number, chunkCount: number, chunkSize: number): { index?: number, lacking: number } {
  if (stripes <= 1 || node.stripeChunks.length !== stripes) {
    return { lacking: chunkCount * chunkSize - node.bytesReceived }
  }
  let index = 0
  let lacking = -1
  for (let stripe = 0; stripe < stripes; stripe++) {
    // chunks stripe, stripe + k, ... belong to the stripe
    const total = Math.ceil((chunkCount - stripe) / stripes)
    const missing = (total - node.stripeChunks[stripe]) * chunkSize
    if (missing > lacking) {
      index = stripe
      lacking = missing
    }
  }
  return { index, lacking }
}

/** What the member holds of `stripe` (the whole package in one tree) beyond the node, in chunks. */
export function leadOver (member: Pick<NodeRecord, 'stripeChunks' | 'bytesReceived'>, node: Pick<NodeRecord, 'stripeChunks' | 'bytesReceived'>, stripe: number | undefined, chunkSize: number): number {
  if (stripe == null) return Math.floor((member.bytesReceived - node.bytesReceived) / chunkSize)
  return (member.stripeChunks[stripe] ?? 0) - (node.stripeChunks[stripe] ?? 0)
}

/**
 * Starts endgame pushes: idle members first, one lagging node's stripe each
 * (the nodes that lack the most first, the fastest members first; members
 * holding the whole package before those still receiving), then, once the
 * host has been idle a while, the host's own for nodes no member serves.
 */
export function serveEndgame (pushes: HostPushes, fleet: EndgameFleet): void {
  const nodes = [...fleet.nodes]
  const receiving = new Set(nodes.filter(node => node.state === NodeState.receiving).map(node => node.peerId))
  const relaying = new Set(nodes.filter(node => node.relaysActive > 0).map(node => node.peerId))
  pushes.forgetPeerEndgames(peerId => receiving.has(peerId), helper => relaying.has(helper), PEER_ENDGAME_SETTLE_MS)
  const behind = nodes
    .filter(node => node.wave === fleet.wave && node.state === NodeState.receiving && node.bytesReceived > 0)
    .sort((a, b) => a.bytesReceived - b.bytesReceived)
  const serving = pushes.endgameHelpers()
  // fastest first; each member's upload read once (a database lookup), not in every comparison
  const idle = nodes
    .filter(node => node.relaysActive === 0 && !fleet.exclude.has(node.peerId) && !serving.has(node.peerId))
    .map(node => ({ node, upload: pushes.uploadOf(node.peerId) }))
    .sort((a, b) => b.upload - a.upload)
  const helpers = idle.filter(helper => holdsPackage(helper.node.state))
  const receivingHelpers = idle.filter(helper => helper.node.state === NodeState.receiving && helper.node.wave === fleet.wave)
  /** The fastest member still receiving that is far enough ahead of `node` in `stripe`, taken from the list; none before the node's counts are per stripe. */
  const takeAhead = (node: NodeRecord, stripe: number | undefined): { node: NodeRecord, upload: number } | undefined => {
    if (stripes > 1 && stripe == null) return undefined
    const at = receivingHelpers.slice(0, HELPER_CANDIDATES).findIndex(helper => helper.node !== node && leadOver(helper.node, node, stripe, fleet.chunkSize) >= HELPER_LEAD_CHUNKS)
    return at < 0 ? undefined : receivingHelpers.splice(at, 1)[0]
  }
  const stripeRates = pushes.plannedRates
  const stripes = Math.max(1, stripeRates.length)
  for (const node of behind) {
    if (helpers.length === 0 && receivingHelpers.length === 0) break
    if (pushes.inEndgame(node.peerId)) continue
    const { index, lacking } = mostBehindStripe(node, stripes, fleet.chunkCount, fleet.chunkSize)
    const rate = index == null ? stripeRates.reduce((sum, stripeRate) => sum + stripeRate, 0) : stripeRates[index]
    if (lacking <= rate * PEER_ENDGAME_BEHIND_MS / 1000) continue
    // a member still receiving helps only with what it is ahead by
    const helper = helpers.shift() ?? takeAhead(node, index)
    if (helper == null) continue
    const stripe: Stripe | undefined = index == null ? undefined : { index, count: stripes }
    // refused when the member is offline (its channel closed since its last report): the next node takes the next member
    pushes.peerEndgame(helper.node.peerId, node.peerId, stripe, helper.upload)
  }
  if (pushes.idleFor() < ENDGAME_AFTER_MS) {
    return
  }
  const size = fleet.chunkCount * fleet.chunkSize
  for (const node of behind) {
    if (pushes.endgamesRunning >= ENDGAME_PUSHES) return
    if (pushes.inEndgame(node.peerId)) continue
    const lacking = Math.max(0, size - node.bytesReceived)
    if (pushes.endgameCommitted + lacking > HOST_ENDGAME_SHARE * size) continue
    pushes.endgame(node.peerId, fleet.hostUpload / ENDGAME_PUSHES, lacking)
  }
}
