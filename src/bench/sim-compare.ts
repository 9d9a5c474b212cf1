import { simulate } from '../sim/index.js'
import { asStripedPlan } from '../tree/index.js'
import type { Plan, PlanPeer, StripedPlan, TreeNode } from '../tree/index.js'
import type { RelayMode, SimResult, Strategy } from '../sim/index.js'
import type { NodeCaps } from './caps.js'
import type { MeshResult } from './mesh.js'
import type { PlanLine } from './publish-log.js'

/**
 * The simulator next to a real mesh: the same caps, package and chunk size,
 * and either the very trees the host planned (to check the flow model) or
 * the simulator's own plan for a strategy (for what cannot run for real).
 */

function peersOf (caps: NodeCaps[], ids: string[]): PlanPeer[] {
  return caps.map((c, i) => ({ id: ids[i], upload: c.upload, ...(c.download === undefined ? {} : { download: c.download }) }))
}

/** The tree of a `plan` line as the planner's Plan (only its shape matters to the simulator). */
export function planFromLine (line: PlanLine): Plan {
  const byId = new Map<string, TreeNode>(line.nodes.map(node => [node.peerId, { id: node.peerId, children: [] }]))
  const children: TreeNode[] = []
  const parentOf = new Map<string, string | null>()
  for (const node of [...line.nodes].sort((a, b) => a.depth - b.depth)) {
    const tree = byId.get(node.peerId) as TreeNode
    const parent = node.parent === '' ? undefined : byId.get(node.parent)
    if (parent == null) children.push(tree)
    else parent.children.push(tree)
    parentOf.set(node.peerId, parent == null ? null : node.parent)
  }
  const order = [...line.nodes].sort((a, b) => a.rank - b.rank).map(node => node.peerId)
  return { order, children, streamRate: line.streamRate, depth: line.depth, parentOf, maxFanout: Infinity, hostMaxFanout: Infinity, degraded: false }
}

/** A tree from each client's parent ('' or not in the line = the host), children in the line's order. */
function treeOf (ids: string[], parentIn: (id: string) => string): { children: TreeNode[], parentOf: Map<string, string | null>, depth: number } {
  const byId = new Map<string, TreeNode>(ids.map(id => [id, { id, children: [] }]))
  const children: TreeNode[] = []
  const parentOf = new Map<string, string | null>()
  for (const id of ids) {
    const node = byId.get(id) as TreeNode
    const parent = byId.get(parentIn(id))
    if (parent === undefined) children.push(node)
    else parent.children.push(node)
    parentOf.set(id, parent === undefined ? null : parent.id)
  }
  let depth = 0
  const seen = new Set<string>() // a cycle never hangs from the host; the simulator refuses it
  for (let level = children; level.length > 0; depth++) {
    level = level.filter(node => !seen.has(node.id)).flatMap(node => { seen.add(node.id); return node.children })
  }
  return { children, parentOf, depth }
}

/**
 * The trees of a plan line as the planner's StripedPlan (only their shape
 * matters to the simulator): one per stripe, from each node's
 * `stripeParents`; a line with one tree gives `planFromLine`'s tree.
 */
export function stripedPlanFromLine (line: PlanLine): StripedPlan {
  const k = line.stripes ?? 0
  const tree = planFromLine(line)
  if (k <= 1 || line.nodes.some(node => (node.stripeParents?.length ?? 0) !== k)) {
    return asStripedPlan(tree)
  }
  const ids = line.nodes.map(node => node.peerId)
  const byId = new Map(line.nodes.map(node => [node.peerId, node]))
  const stripes: Plan[] = []
  for (let s = 0; s < k; s++) {
    const { children, parentOf, depth } = treeOf(ids, id => (byId.get(id)?.stripeParents as string[])[s])
    stripes.push({ order: tree.order, children, streamRate: line.streamRate / k, depth, parentOf, maxFanout: Infinity, hostMaxFanout: Infinity, degraded: false })
  }
  return { order: tree.order, stripes, streamRate: line.streamRate, depth: Math.max(...stripes.map(stripe => stripe.depth)), degraded: false }
}

/**
 * Simulates the trees the host used in `result` (all its stripes), on the
 * mesh's configured caps (`caps`: the nodes' true links, which may differ
 * from what the run's probes measured).
 */
export function simulateMeshPlan (result: MeshResult, relay: RelayMode = 'pipelined', caps: NodeCaps[] = result.nodes.map(n => n.caps)): SimResult | undefined {
  if (result.plan == null) return undefined
  return simulate({
    relay,
    size: result.size,
    chunkSize: result.chunkSize,
    hostUpload: result.host.caps.upload,
    peers: peersOf(caps, result.nodes.map(n => n.peerId)),
    plan: stripedPlanFromLine(result.plan)
  })
}

/** The simulator's own run of `strategy` on a mesh of these caps (peer-i = node i). */
export function simulateStrategy (strategy: Strategy, size: number, chunkSize: number, host: NodeCaps, caps: NodeCaps[], maxFanout?: number): SimResult {
  return simulate({
    size,
    chunkSize,
    hostUpload: host.upload,
    peers: peersOf(caps, caps.map((_c, i) => `peer-${i}`)),
    strategy,
    planOptions: maxFanout == null ? undefined : { maxFanout }
  })
}

/** |sim − real| / real: the simulator's error against the measurement. */
export function simError (simSeconds: number, realMs: number): number {
  return Math.abs(simSeconds * 1000 - realMs) / realMs
}
