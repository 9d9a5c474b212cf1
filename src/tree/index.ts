/**
 * @packageDocumentation
 *
 * Cascade's planner: sorts clients by speed, builds the capacity-aware relay
 * tree the host seeds (or several, the package striped over them), lists the
 * ids below each node, re-homes orphans when a relay fails, and computes the
 * bound T* a distribution is measured against (docs/update-flow.md). Pure: no I/O, no libp2p, safe to run at 100,000 nodes.
 */

export { planTree } from './plan.js'
export { asStripedPlan, planStriped } from './stripes.js'
export { estimateStripedMakespan, measureStripes, stripedTime } from './stripe-makespan.js'
export { planStar, planInOrder } from './baselines.js'
export { lowerBound } from './lower-bound.js'
export { estimateMakespan } from './makespan.js'
export { reparent } from './reparent.js'
export { rehomeStriped } from './rehome.js'
export { routeAround } from './route-around.js'
export { sendsTo, splitShares, splitStripes } from './split.js'
export { planSplit } from './split-choice.js'
export { flatten, subtreeIds, findNode } from './addressees.js'
export { compareBySpeed } from './fleet.js'
export { DEFAULT_MAX_FANOUT, DROP_TAIL_MAX_FLOWS, STRIPE_CHOICES } from './constants.js'
export { InvalidPlanInputError, UnknownPeerError } from './errors.js'
export type { Plan, PlanOptions, PlanPeer, StripedPlan, StripedPlanOptions, StripeSplit, TreeNode } from './types.js'
export type { StripeMetrics } from './stripe-makespan.js'
export type { FlatNode } from './addressees.js'
export type { Move, Reparented } from './reparent.js'
export type { RehomeOptions, Rehomed, StripeMove } from './rehome.js'
export type { CanConnect, RoutedPlan } from './route-around.js'
export type { SplitOptions, StripeShare } from './split.js'
export type { SplitPlanOptions } from './split-choice.js'
