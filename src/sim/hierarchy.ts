import { simulateStripedFlows } from './engine.js'
import { stripedFlows } from './flows.js'
import { checkHierarchy, chooseStripes, describeLevel, hierarchyResult, ownShare, planUnit, seedOf, writeParents } from './hierarchy-units.js'
import type { FlowOutcome } from './engine.js'
import type { Unit } from './hierarchy-units.js'
import type { HierarchyInput, HierarchyResult } from './hierarchy-types.js'

/**
 * Hosts of one level that relay to the same number of stripe-children in
 * their parent's trees: they give their own trees the same share of their
 * uplink, and one unit simulated for them all, fed chunk by chunk at the
 * latest time any of them got each chunk, finishes no sooner than any of
 * theirs (its members are the same mix, planned alike).
 */
interface Group {
  /** Share of the host's uplink its own trees get. */
  share: number
  /** When the group's latest host holds each chunk; absent for the root (all at 0). */
  feed?: Float64Array
}

/** Simulates one host over its members: its uplink times the group's share, fed as the group's hosts are. */
function runUnit (unit: Unit, memberUploads: Float64Array, group: Group, input: HierarchyInput, record: boolean): FlowOutcome {
  const n = unit.members.length + 1
  const parents = unit.parents.map(() => new Int32Array(n).fill(-1))
  writeParents(unit, 0, 1, parents)
  const upload = new Float64Array(n)
  const download = new Float64Array(n).fill(Infinity)
  upload[0] = unit.hostUpload * group.share
  unit.members.forEach((member, i) => {
    upload[i + 1] = memberUploads[i]
    download[i + 1] = member.download ?? Infinity
  })
  const topology = stripedFlows(parents, download, 'pipelined')
  return simulateStripedFlows(topology, { upload, download }, input.size, input.chunkSize, { feed: group.feed, recordArrivals: record })
}

/** A feed whose chunks arrive, per stripe, no earlier than the stripe's previous chunk (the engine's per-stripe order). */
function monotone (feed: Float64Array, stripes: number): Float64Array {
  for (let i = stripes; i < feed.length; i++) feed[i] = Math.max(feed[i], feed[i - stripes])
  return feed
}

/**
 * Simulates a release reaching a hierarchy of sites (docs/hierarchy.md,
 * "Simulating a hierarchy") without simulating every device: each level is
 * one unit (a host over its members, planned by `planStriped`) run chunk by
 * chunk with the flow engine, once per group of hosts that relay alike in
 * their parent's trees, and the levels are composed: a level's hosts are fed
 * each chunk at the latest time any host of their group received it one
 * level up (cut-through: a host relays a chunk as soon as it holds it), and a
 * host's uplink is split between its parent's trees and its own in
 * proportion to the flows it sends in each. Every site of the same device mix
 * behaves alike, so the unit's finish is the level's.
 *
 * Cost: one unit per level and group, a few thousand nodes in all for a
 * million devices. `simulateHierarchyFull` runs every node instead, to check it.
 */
export function simulateHierarchy (input: HierarchyInput): HierarchyResult {
  checkHierarchy(input)
  const started = performance.now()
  const stripes = chooseStripes(input)
  const seed = seedOf(input)
  const units = input.fanouts.map((_, level) => planUnit(input, level, stripes, seed))
  const levels = units.map((unit, level) => describeLevel(input, unit, units[level - 1]))
  const chunks = Math.ceil(input.size / input.chunkSize)
  let groups: Group[] = [{ share: 1 }]
  let rootBytesSent = 0
  let events = 0
  let simulatedNodes = 0
  units.forEach((unit, level) => {
    const next = units[level + 1] as Unit | undefined
    // member hosts relay to their siblings with what their own trees leave them
    const memberUploads = Float64Array.from(unit.members, (member, i) =>
      next === undefined ? member.upload : member.upload * (1 - ownShare(next.children[0], unit.children[i + 1])))
    const feeds = new Map<number, Float64Array>()
    const described = levels[level]
    for (const group of groups) {
      const outcome = runUnit(unit, memberUploads, group, input, next !== undefined)
      if (level === 0) rootBytesSent = outcome.hostBytesSent
      events += outcome.events
      simulatedNodes += unit.members.length + 1
      described.firstChunk = Math.max(described.firstChunk, group.feed?.[0] ?? 0)
      for (const time of group.feed ?? []) described.lastChunk = Math.max(described.lastChunk, time)
      for (let i = 1; i <= unit.members.length; i++) described.finish = Math.max(described.finish, outcome.completion[i])
      if (next === undefined) continue
      const arrivals = outcome.arrivals as Float64Array
      unit.members.forEach((_, i) => {
        const relayed = unit.children[i + 1]
        const feed = feeds.get(relayed) ?? new Float64Array(chunks)
        feeds.set(relayed, feed)
        for (let c = 0; c < chunks; c++) feed[c] = Math.max(feed[c], arrivals[(i + 1) * chunks + c])
      })
    }
    described.simulatedUnits = groups.length
    if (next !== undefined) {
      groups = [...feeds].sort(([a], [b]) => a - b)
        .map(([relayed, feed]) => ({ share: ownShare(next.children[0], relayed), feed: monotone(feed, stripes) }))
    }
  })
  return hierarchyResult(input, { mode: 'composed', stripes, levels, rootBytesSent, simulatedNodes, events }, started)
}
