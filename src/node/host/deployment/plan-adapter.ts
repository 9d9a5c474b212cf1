/**
 * Between a deployment and the pure planner (src/tree): the targets as plan
 * peers, a wave's trees by distribution strategy, and the plan as the admin
 * sees it.
 */
import { logger } from '@libp2p/logger'
import { asStripedPlan, DROP_TAIL_MAX_FLOWS, lowerBound, planInOrder, planSplit, planStar, planTree, rehomeStriped, routeAround } from '../../../tree/index.js'
import { canConnect } from '../reachability.js'
import type { FailedPairs } from '../failed-pairs.js'
import type { NodeRecord } from './node-tracker.js'
import type { MemberRecord } from '../database.js'
import type { PlanPeer, RehomeOptions, Rehomed, RoutedPlan, StripedPlan, TreeNode } from '../../../tree/index.js'
import type { DeploymentPlan } from '../../../protocols/publish/index.js'

/**
 * The share of each measured upload (the host's too) the planner may fill.
 * The rest carries what travels beside the package on the same uplink
 * (credits to its own parents, reports, heartbeats) and absorbs TCP's
 * uneven sharing between flows. On the tc-shaped bench mesh, relays planned
 * at 100 % of their probe fell seconds behind their plan and the deepest
 * nodes finished last (docs/benchmarks.md, "Headroom").
 */
export const PLAN_UPLOAD_SHARE = 0.9

/**
 * What a member's TCP acknowledgements of its own download take of its
 * uplink, as a share of the download rate: one 66-byte ACK (with
 * timestamps, framing alike) per two 1448-byte segments, 2.3 %, rounded
 * up. A node receives the package at the stream rate, at most the host's
 * upload; on a 1 Mbit/s uplink fed at 5 Mbit/s that is 12 % of it, and
 * relays planned without it fell behind and finished last on the
 * reference testbed (docs/benchmarks.md).
 */
export const ACK_SHARE = 0.025

/** The upload the planner may give a member's relaying: its share of the measured upload, less its acknowledgements. */
export function relayCapacity (measuredUpload: number, hostUpload: number): number {
  return Math.max(0, measuredUpload * PLAN_UPLOAD_SHARE - ACK_SHARE * hostUpload)
}

/**
 * `tree`: speed-sorted, capacity-aware, pipelined (ours). `star`: the host
 * sends to every node. `binary-saf`: a binary tree in join order whose
 * relays forward only the whole package (docs/benchmarks.md compares them).
 */
export type DistributionStrategy = 'tree' | 'star' | 'binary-saf'
export const STRATEGIES: DistributionStrategy[] = ['tree', 'star', 'binary-saf']

export interface PlanOptions {
  /** bytes/s the host can upload */
  hostUpload: number
  maxFanout: number
  size: number
  chunkSize: number
  strategy: DistributionStrategy
  /** stripes for the tree: a number fixes it (1 = a single tree); default: the planner chooses */
  stripes?: number
  /** a single source relays the whole package (a catch-up): one tree */
  singleTree: boolean
  /** relays caught sending bad chunks */
  exclude: Set<string>
  /** pairs that could not connect before: never planned */
  failedPairs?: FailedPairs
}

const log = logger('cascade:host:deployment:plan')

/**
 * A member's download is measured by the host sending to it, so a figure near
 * the host's own upload measured the host, not the member's downlink: above
 * this share of the host's upload it says only "at least that much" and the
 * planner is given no download limit for the member (docs/update-flow.md).
 */
export const HOST_BOUND_DOWNLOAD_SHARE = 0.85

/** A node's helper in each stripe (src/tree/split.ts), "" where none; empty when no stripe of it is split. */
function stripeHelpersOf (plan: StripedPlan | undefined, peerId: string): string[] {
  const helpers = (plan?.stripes ?? []).map(tree => tree.helpers?.get(peerId)?.helper ?? '')
  return helpers.some(helper => helper !== '') ? helpers : []
}

/** The targets as the planner sees them. */
export function planPeers (targets: ReadonlyMap<string, MemberRecord>, peerIds: Iterable<string>, hostUpload: number): PlanPeer[] {
  const peers: PlanPeer[] = []
  for (const peerId of peerIds) {
    const target = targets.get(peerId)
    if (target != null) {
      const measuredDownlink = target.downloadBps > 0 && target.downloadBps < hostUpload * HOST_BOUND_DOWNLOAD_SHARE
      peers.push({ id: target.peerId, upload: target.uploadBps, download: measuredDownlink ? target.downloadBps : undefined })
    }
  }
  return peers
}

/** The best any plan could do for everyone, in ms, and the speed order the waves follow. */
export function wholeFleet (targets: ReadonlyMap<string, MemberRecord>, options: PlanOptions): { lowerBoundMs: number, order: string[] } {
  const everyone = planPeers(targets, targets.keys(), options.hostUpload)
  return {
    lowerBoundMs: Math.round(lowerBound(options.size, options.hostUpload, everyone) * 1000),
    order: planTree(options.hostUpload, everyone, { maxFanout: options.maxFanout }).order
  }
}

function inJoinOrder (targets: ReadonlyMap<string, MemberRecord>, peers: PlanPeer[]): PlanPeer[] {
  const firstSeen = (id: string): number => targets.get(id)?.firstSeen ?? 0
  return [...peers].sort((a, b) => firstSeen(a.id) - firstSeen(b.id) || (a.id < b.id ? -1 : 1))
}

/**
 * A wave's trees. Ours may stripe the package over several trees so that
 * slower uplinks relay too (src/tree/stripes.ts); the baselines, and a
 * catch-up relayed by one source, use a single tree.
 */
export function planWave (targets: ReadonlyMap<string, MemberRecord>, peerIds: string[], options: PlanOptions): StripedPlan {
  const peers = relayPeers(targets, peerIds, options.hostUpload)
  const hostUpload = options.hostUpload * PLAN_UPLOAD_SHARE
  if (options.strategy === 'star') {
    return asStripedPlan(planStar(options.hostUpload, peers))
  }
  if (options.strategy === 'binary-saf') {
    return workingEdges(targets, peers, options, asStripedPlan(planInOrder(options.hostUpload, inJoinOrder(targets, peers), 2)))
  }
  const treeOptions = { maxFanout: options.maxFanout, size: options.size, chunkSize: options.chunkSize, exclude: options.exclude }
  if (options.singleTree || options.stripes === 1) {
    return workingEdges(targets, peers, options, asStripedPlan(planTree(hostUpload, peers, treeOptions)))
  }
  // the busiest relays' whole slots, split with members that have upload to spare, the stripe count chosen with the
  // splits in view (src/tree/split-choice.ts); each candidate's edges that cannot connect moved first, and the moves
  // of the plan chosen logged
  const moves = new Map<number, RoutedPlan['moved']>()
  const works = edgeWorks(targets, options)
  const plan = planSplit(hostUpload, peers, {
    ...treeOptions,
    stripes: options.stripes,
    maxFlows: DROP_TAIL_MAX_FLOWS,
    canConnect: works,
    prepare: candidate => {
      const routed = routeAround(candidate, peers, works, { hostUpload: options.hostUpload, exclude: options.exclude })
      moves.set(candidate.stripes.length, routed.moved)
      return routed.plan
    }
  })
  logMoves(moves.get(plan.stripes.length) ?? [])
  return plan
}

/** Whether `parent` can feed `child`: both can connect, and the pair did not fail before. */
function edgeWorks (targets: ReadonlyMap<string, MemberRecord>, options: PlanOptions): (parent: string, child: string) => boolean {
  return (parent, child) => {
    const member = targets.get(child)
    return options.failedPairs?.has(parent, child, member?.observedIp) !== true && member != null && canConnect(targets.get(parent), member)
  }
}

/**
 * The plan with every edge that cannot work moved (docs/internet.md): two
 * members behind different NATs, or a pair that failed before. A child
 * behind NAT keeps a parent it can dial, or one in its own network.
 */
function workingEdges (targets: ReadonlyMap<string, MemberRecord>, peers: PlanPeer[], options: PlanOptions, plan: StripedPlan): StripedPlan {
  const routed = routeAround(plan, peers, edgeWorks(targets, options), { hostUpload: options.hostUpload, exclude: options.exclude })
  logMoves(routed.moved)
  return routed.plan
}

function logMoves (moved: RoutedPlan['moved']): void {
  for (const { child, from, to, stripe } of moved) {
    log('%s cannot feed %s (stripe %d): planned from %s instead', from, child, stripe, to ?? 'the host')
  }
}

/** The targets as the planner sees them, each upload as much as relaying may take of it. */
function relayPeers (targets: ReadonlyMap<string, MemberRecord>, peerIds: Iterable<string>, hostUpload: number): PlanPeer[] {
  return planPeers(targets, peerIds, hostUpload).map(peer => ({ ...peer, upload: relayCapacity(peer.upload, hostUpload) }))
}

/**
 * The wave's trees once `relay` stopped relaying mid-deployment: its
 * stripe-children re-homed over the relays that remain (src/tree/rehome.ts),
 * with the peers and headroom `planWave` used. With `only`: just that child
 * in that stripe, which lost `relay` (crashed, stalled, or unreachable);
 * `relay` keeps its other children.
 */
export function rehomeWave (plan: StripedPlan, relay: string, targets: ReadonlyMap<string, MemberRecord>, options: PlanOptions, only?: RehomeOptions['only']): Rehomed {
  const peers = relayPeers(targets, plan.order, options.hostUpload)
  const rehomed = rehomeStriped(plan, relay, peers, options.hostUpload * PLAN_UPLOAD_SHARE, { exclude: options.exclude, only })
  // a new home that cannot reach its child (docs/internet.md) is moved again, as for a new plan, never back to `relay`
  const working = workingEdges(targets, peers, { ...options, exclude: new Set([...options.exclude, relay]) }, rehomed.plan)
  return { plan: working, moved: rehomed.moved.map(move => ({ ...move, newParent: working.stripes[move.stripe].parentOf.get(move.id) ?? null })) }
}

/** The plan as the admin sees it: the planned nodes in speed order, with their parents and depth. */
export function describePlan (plan: StripedPlan | undefined, nodes: Iterable<NodeRecord>, targets: ReadonlyMap<string, MemberRecord>, figures: { lowerBoundMs: number, hostUpload: number }): DeploymentPlan {
  const stripes = plan?.stripes.length ?? 1
  const depthOf = new Map<string, number>()
  const walk = (children: TreeNode[], depth: number): void => {
    for (const node of children) {
      depthOf.set(node.id, depth)
      walk(node.children, depth + 1)
    }
  }
  walk(plan?.stripes[0].children ?? [], 1)
  const rank = new Map((plan?.order ?? []).map((id, index) => [id, index]))
  return {
    nodes: [...nodes]
      .filter(node => rank.has(node.peerId))
      .sort((a, b) => (rank.get(a.peerId) ?? 0) - (rank.get(b.peerId) ?? 0))
      .map(node => ({
        peerId: node.peerId,
        parent: node.parent,
        uploadBps: Math.round(targets.get(node.peerId)?.uploadBps ?? 0),
        depth: depthOf.get(node.peerId) ?? 0,
        rank: rank.get(node.peerId) ?? 0,
        version: node.version,
        stripeParents: stripes > 1 ? (plan?.stripes ?? []).map(tree => tree.parentOf.get(node.peerId) ?? '') : [],
        stripeHelpers: stripeHelpersOf(plan, node.peerId)
      })),
    streamRate: Math.round(plan?.streamRate ?? 0),
    depth: plan?.depth ?? 0,
    lowerBoundMs: figures.lowerBoundMs,
    hostUploadBps: Math.round(figures.hostUpload),
    stripes
  }
}
