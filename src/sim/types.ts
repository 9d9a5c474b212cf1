import type { Plan, PlanPeer, StripedPlan, StripedPlanOptions } from '../tree/index.js'

/**
 * - `tree`: the planner's striped plan (`planStriped`: the stripe count, and
 *   each stripe's rate traded for depth, chosen given size and chunk), pipelined
 * - `tree-single`: the planner's single tree (`planTree`, rate traded for depth), pipelined
 * - `tree-max-rate`: the planner's single tree at its highest stream rate, pipelined
 * - `star`: the host sends to every client, its uplink shared
 * - `binary-saf`: binary tree in join order, store-and-forward: a node relays
 *   to its 2 children, concurrently, once it holds the whole package
 */
export type Strategy = 'tree' | 'tree-single' | 'tree-max-rate' | 'star' | 'binary-saf'

export const STRATEGIES: readonly Strategy[] = ['tree', 'tree-single', 'tree-max-rate', 'star', 'binary-saf']

/** Pipelined: forward chunk k once it is fully received. Store-and-forward: once the whole package is. */
export type RelayMode = 'pipelined' | 'store-and-forward'

export interface SimInput {
  /** Package size, bytes. */
  size: number
  /** Chunk size, bytes (the last chunk may be shorter). */
  chunkSize: number
  /** Host upload, bytes/s. */
  hostUpload: number
  /** Clients with upload (and optional download) in bytes/s; their order is the join order. */
  peers: PlanPeer[]
  /** Default 'tree'. Ignored when `plan` is given. */
  strategy?: Strategy
  /** Simulate this tree, or these stripe trees, instead of building one. */
  plan?: Plan | StripedPlan
  /** How `plan` relays; default pipelined. */
  relay?: RelayMode
  /** Fan-out caps and exclusions for the tree strategies; `stripes` forces the stripe count of `tree`. */
  planOptions?: StripedPlanOptions
}

export interface SimResult {
  strategy: Strategy | 'given'
  /** Seconds from the start until each client holds the whole package; Infinity = never (a relay cannot upload). */
  completion: Map<string, number>
  /** Last completion. */
  makespan: number
  /** T*, see src/tree/lower-bound.ts. */
  lowerBound: number
  /** makespan / T*: the number that matters. */
  ratio: number
  hostBytesSent: number
  /** hostBytesSent / size: how many copies the host uploaded. */
  hostCopies: number
  /** Hops from the host to the deepest client (over all stripes). */
  depth: number
  /** Trees the package was striped over (1 = one tree; star and binary-saf are one tree). */
  stripes: number
  /** Chunk deliveries simulated. */
  events: number
  /** Wall-clock milliseconds spent planning and simulating. */
  planMs: number
  simMs: number
}
