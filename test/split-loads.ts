/** What a split plan puts on each uplink, for the tests of src/tree/split.ts and src/tree/split-choice.ts. */
import { SPLIT_PARTS } from '../src/tree/constants.js'
import { relayCapacity } from '../src/node/host/deployment/plan-adapter.js'
import type { PlanPeer, StripedPlan } from '../src/tree/index.js'

/** The testbed's probes as the host plans with them (src/node/host/deployment/plan-adapter.ts). */
export function testbed (hostProbe: number, uploads: readonly number[]): { hostUpload: number, peers: PlanPeer[] } {
  return { hostUpload: hostProbe * 0.9, peers: uploads.map((upload, i) => ({ id: `n${String(i).padStart(2, '0')}`, upload: relayCapacity(upload, hostProbe) })) }
}

/** Each client's stripe-children (a split one a half, on each side), and its flows. */
export function loads (plan: StripedPlan): Map<string, { edges: number, flows: number }> {
  const load = new Map<string, { edges: number, flows: number }>()
  const add = (id: string, edges: number): void => {
    const entry = load.get(id) ?? { edges: 0, flows: 0 }
    entry.edges += edges
    entry.flows += 1
    load.set(id, entry)
  }
  for (const tree of plan.stripes) {
    for (const [child, parent] of tree.parentOf) if (parent != null) add(parent, 1 - (tree.helpers?.get(child)?.parts ?? 0) / SPLIT_PARTS)
    for (const [, { helper, parts }] of tree.helpers ?? []) add(helper, parts / SPLIT_PARTS)
  }
  return load
}

export function busiest (plan: StripedPlan, peers: PlanPeer[]): number {
  const upload = new Map(peers.map(peer => [peer.id, peer.upload]))
  return Math.max(...[...loads(plan)].map(([id, { edges }]) => edges / (upload.get(id) as number)))
}

/**
 * Helpers that are split stripe-children in the stripe they help in: a split
 * child's addressees name nobody below it (src/node/relay/addressees.ts), so
 * such a helper would never send its parts.
 */
export function helpersSplitThere (plan: StripedPlan): Array<{ stripe: number, helper: string }> {
  return plan.stripes.flatMap((tree, stripe) => [...(tree.helpers ?? new Map())].filter(([, { helper }]) => tree.helpers?.has(helper) === true).map(([, { helper }]) => ({ stripe, helper })))
}
