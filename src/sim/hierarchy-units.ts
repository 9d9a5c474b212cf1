import { lowerBound, planStriped } from '../tree/index.js'
import { InvalidSimInputError } from './errors.js'
import { generateFleet } from './fleet.js'
import type { PlanPeer, StripedPlan, StripedPlanOptions } from '../tree/index.js'
import type { HierarchyInput, HierarchyLevel, HierarchyResult } from './hierarchy-types.js'

/** Seed of the devices' join order when none is given (as `npm run simulate`'s --seed). */
const DEFAULT_SEED = 1

/** One host over its members, planned: what the simulator runs chunk by chunk. */
export interface Unit {
  /** Level of the host (0 = the root). */
  level: number
  hostUpload: number
  members: PlanPeer[]
  plan: StripedPlan
  /** Per stripe, each member's parent: -1 = the host, else the parent's index in `members`. */
  parents: Int32Array[]
  /** Stripe-children over all stripes: [0] the host's, [i + 1] members[i]'s. */
  children: Int32Array
  /** Distinct peers each member holds a connection to in this unit: its host, and its parents and children in every stripe. */
  neighbours: Int32Array
}

/** Rejects a hierarchy that cannot be simulated, with the reason; nothing is run. */
export function checkHierarchy (input: HierarchyInput): void {
  const { size, chunkSize, fanouts, hostUploads, stripes } = input
  if (!(size > 0) || !Number.isFinite(size)) throw new InvalidSimInputError(`size must be positive, got ${size}`)
  if (!(chunkSize > 0)) throw new InvalidSimInputError(`chunkSize must be positive, got ${chunkSize}`)
  if (fanouts.length === 0) throw new InvalidSimInputError('a hierarchy needs at least one level')
  for (const count of fanouts) {
    if (!Number.isInteger(count) || count < 1) throw new InvalidSimInputError(`members per host must be integers >= 1, got ${count}`)
  }
  if (hostUploads.length !== fanouts.length) {
    throw new InvalidSimInputError(`one host upload per level: ${fanouts.length} levels, ${hostUploads.length} uploads`)
  }
  for (const upload of hostUploads) {
    if (!(upload > 0) || !Number.isFinite(upload)) throw new InvalidSimInputError(`host uploads must be positive, got ${upload}`)
  }
  if (stripes !== undefined && (!Number.isInteger(stripes) || stripes < 1)) {
    throw new InvalidSimInputError(`stripes must be an integer >= 1, got ${stripes}`)
  }
}

export function seedOf (input: HierarchyInput): number {
  return input.seed ?? DEFAULT_SEED
}

/** Hosts at `level` (the root's level holds 1), or devices when `level` is the number of levels. */
export function nodesAt (fanouts: number[], level: number): number {
  let count = 1
  for (let l = 0; l < level; l++) count *= fanouts[l]
  return count
}

/** A host's members at `level`: hosts of the next level, or (last level) devices of the mix in a join order drawn from `seed`. */
export function unitMembers (input: HierarchyInput, level: number, seed: number): PlanPeer[] {
  const count = input.fanouts[level]
  if (level === input.fanouts.length - 1) return generateFleet(count, input.devices, seed)
  const upload = input.hostUploads[level + 1]
  return Array.from({ length: count }, (_, i) => ({ id: `host-${i}`, upload }))
}

function planOptions (input: HierarchyInput, stripes?: number): StripedPlanOptions {
  const { size, chunkSize, maxFanout, hostMaxFanout } = input
  return { size, chunkSize, maxFanout, hostMaxFanout, ...(stripes === undefined ? {} : { stripes }) }
}

/**
 * The stripe count of every level: the one asked for, or the planner's
 * choice for a site over its devices (where nearly every node is). One
 * count for all levels because a site host relays stripe s of its parent's
 * trees down stripe s of its own.
 */
export function chooseStripes (input: HierarchyInput): number {
  if (input.stripes !== undefined) return input.stripes
  const last = input.fanouts.length - 1
  return planStriped(input.hostUploads[last], unitMembers(input, last, seedOf(input)), planOptions(input)).stripes.length
}

/** Plans a host of `level` over its members (`planStriped`, `stripes` forced), and counts children and neighbours. */
export function planUnit (input: HierarchyInput, level: number, stripes: number, seed: number): Unit {
  const members = unitMembers(input, level, seed)
  const hostUpload = input.hostUploads[level]
  const plan = planStriped(hostUpload, members, planOptions(input, stripes))
  const index = new Map(members.map((member, i) => [member.id, i]))
  const n = members.length
  const children = new Int32Array(n + 1)
  const linked = members.map(() => new Set<number>([-1]))
  const parents: Int32Array[] = []
  for (let s = 0; s < stripes; s++) {
    // a plan that fell back to one tree carries every stripe down it
    const tree = plan.stripes[s % plan.stripes.length]
    const parent = new Int32Array(n)
    for (const [id, parentId] of tree.parentOf) {
      const i = index.get(id) as number
      const p = parentId === null ? -1 : index.get(parentId) as number
      parent[i] = p
      children[p + 1]++
      linked[i].add(p)
      if (p !== -1) linked[p].add(i)
    }
    parents.push(parent)
  }
  return { level, hostUpload, members, plan, parents, children, neighbours: Int32Array.from(linked, set => set.size) }
}

/**
 * Share of a host's uplink its own trees get while it also relays in its
 * parent's: its uplink is shared fairly by flow (as the engine shares every
 * uplink), `own` flows to its own members and `relayed` to its siblings.
 */
export function ownShare (own: number, relayed: number): number {
  return own + relayed === 0 ? 1 : own / (own + relayed)
}

/**
 * T* of the whole fleet: src/tree/lower-bound.ts's bound with every host
 * below the root and every device as a receiver:
 *
 *   T* = max( S / U_root,  S / min D,  N·S / (U_root + Σ U) )
 *
 * N counting every host below the root and every device, Σ U their uploads:
 * the root sends the package at least once, the slowest downloader receives
 * all of it, N copies cross the fleet's total upload. The hierarchy adds
 * constraints the bound ignores (a site's devices are fed only inside their
 * site), so no hierarchy is guaranteed to reach it.
 */
export function hierarchyLowerBound (input: HierarchyInput): number {
  const { size, fanouts, hostUploads } = input
  const levels = fanouts.length
  let receivers = 0
  let upload = 0
  for (let l = 1; l < levels; l++) {
    receivers += nodesAt(fanouts, l)
    upload += nodesAt(fanouts, l) * hostUploads[l]
  }
  // every site has the same count of each class: one site's devices, times the sites
  const site = generateFleet(fanouts[levels - 1], input.devices, seedOf(input))
  const sites = nodesAt(fanouts, levels - 1)
  let minDownload = Infinity
  for (const device of site) {
    upload += sites * device.upload
    if (device.download !== undefined) minDownload = Math.min(minDownload, device.download)
  }
  receivers += sites * site.length
  return Math.max(size / hostUploads[0], size / minDownload, receivers * size / (hostUploads[0] + upload))
}

/** What a level's numbers are before simulating: counts, depth, children, connections, a unit's T*. */
export function describeLevel (input: HierarchyInput, unit: Unit, parent: Unit | undefined): HierarchyLevel {
  const { level, members, plan } = unit
  let relayed = 0
  let neighbours = 0
  if (parent !== undefined) {
    for (let i = 0; i < parent.members.length; i++) {
      relayed = Math.max(relayed, parent.children[i + 1])
      neighbours = Math.max(neighbours, parent.neighbours[i])
    }
  }
  return {
    level,
    hosts: nodesAt(input.fanouts, level),
    members: members.length,
    memberKind: level === input.fanouts.length - 1 ? 'device' : 'host',
    streamRate: plan.streamRate,
    depth: plan.depth,
    hostChildren: unit.children[0],
    connections: members.length + neighbours,
    ownShare: ownShare(unit.children[0], relayed),
    firstChunk: 0,
    lastChunk: 0,
    finish: 0,
    unitLowerBound: lowerBound(input.size, unit.hostUpload, members),
    simulatedUnits: 0
  }
}

/**
 * Writes a unit's trees into parent arrays over more nodes (one per stripe):
 * its host is node `host`, member i node `base + i`.
 */
export function writeParents (unit: Unit, host: number, base: number, into: Int32Array[]): void {
  unit.parents.forEach((parent, s) => {
    for (let i = 0; i < parent.length; i++) into[s][base + i] = parent[i] === -1 ? host : base + parent[i]
  })
}

/** The totals every mode reports, from its levels (their finish times filled in) and the root's bytes. */
export function hierarchyResult (
  input: HierarchyInput,
  run: Pick<HierarchyResult, 'mode' | 'stripes' | 'levels' | 'rootBytesSent' | 'simulatedNodes' | 'events'>,
  started: number
): HierarchyResult {
  const { fanouts, size } = input
  let hosts = 0
  for (let l = 0; l < fanouts.length; l++) hosts += nodesAt(fanouts, l)
  const makespan = Math.max(...run.levels.map(level => level.finish))
  const bound = hierarchyLowerBound(input)
  return {
    ...run,
    devices: nodesAt(fanouts, fanouts.length),
    hosts,
    maxConnections: Math.max(...run.levels.map(level => level.connections)),
    rootCopies: run.rootBytesSent / size,
    makespan,
    lowerBound: bound,
    ratio: bound > 0 ? makespan / bound : Infinity,
    ms: performance.now() - started
  }
}
