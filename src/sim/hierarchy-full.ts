import { simulateStripedFlows } from './engine.js'
import { stripedFlows } from './flows.js'
import { checkHierarchy, chooseStripes, describeLevel, hierarchyResult, nodesAt, planUnit, seedOf, writeParents } from './hierarchy-units.js'
import type { Unit } from './hierarchy-units.js'
import { InvalidSimInputError } from './errors.js'
import type { HierarchyInput, HierarchyResult } from './hierarchy-types.js'

/**
 * Most nodes (hosts and devices) simulated in one run: 100,000 took 7-10 s
 * and ~300 MB on the 2-core machine of docs/hierarchy.md; beyond a few times
 * that, compose (`simulateHierarchy`) instead.
 */
export const MAX_FULL_NODES = 300_000

/**
 * Simulates a hierarchy node by node: every host and every device in one
 * run of the flow engine, each host's trees (planned over its members by
 * `planStriped`) hung below it, a host relaying in its parent's trees and
 * its own over one uplink shared fairly by flow, each chunk passed on as
 * soon as it is held. Site u's devices join in an order drawn from seed + u,
 * so sites differ as real ones would. What `simulateHierarchy` composes is
 * checked against this; it costs every device's chunks, so it is for small
 * hierarchies (thousands of nodes).
 */
export function simulateHierarchyFull (input: HierarchyInput): HierarchyResult {
  checkHierarchy(input)
  const started = performance.now()
  const { fanouts, size, chunkSize } = input
  const seed = seedOf(input)
  const last = fanouts.length - 1
  // nodes of level l are offset[l] .. offset[l + 1) (level fanouts.length: the devices)
  const offset = [0]
  for (let l = 0; l <= fanouts.length; l++) offset.push(offset[l] + nodesAt(fanouts, l))
  const total = offset[fanouts.length + 1]
  if (total > MAX_FULL_NODES) {
    throw new InvalidSimInputError(`${total} nodes are too many to simulate one by one (at most ${MAX_FULL_NODES}): compose the levels instead`)
  }
  const stripes = chooseStripes(input)
  const parents = Array.from({ length: stripes }, () => new Int32Array(total).fill(-1))
  const upload = new Float64Array(total)
  const download = new Float64Array(total).fill(Infinity)
  upload[0] = input.hostUploads[0]
  // hosts of one level have the same members: one plan each; sites differ by their devices' order
  const samples: Unit[] = []
  fanouts.forEach((count, level) => {
    let unit = planUnit(input, level, stripes, seed)
    samples.push(unit)
    for (let u = 0; u < nodesAt(fanouts, level); u++) {
      if (level === last && u > 0) unit = planUnit(input, level, stripes, seed + u)
      const base = offset[level + 1] + u * count
      writeParents(unit, offset[level] + u, base, parents)
      unit.members.forEach((member, i) => {
        upload[base + i] = member.upload
        download[base + i] = member.download ?? Infinity
      })
    }
  })
  const levels = samples.map((unit, level) => describeLevel(input, unit, samples[level - 1]))
  const outcome = simulateStripedFlows(stripedFlows(parents, download, 'pipelined'), { upload, download }, size, chunkSize, { recordArrivals: true })
  const chunks = Math.ceil(size / chunkSize)
  const arrivals = outcome.arrivals as Float64Array
  levels.forEach((described, level) => {
    for (let v = offset[level]; v < offset[level + 1]; v++) {
      described.firstChunk = Math.max(described.firstChunk, arrivals[v * chunks])
      described.lastChunk = Math.max(described.lastChunk, outcome.completion[v])
    }
    for (let v = offset[level + 1]; v < offset[level + 2]; v++) described.finish = Math.max(described.finish, outcome.completion[v])
    described.simulatedUnits = nodesAt(fanouts, level)
  })
  const run = { mode: 'full' as const, stripes, levels, rootBytesSent: outcome.hostBytesSent, simulatedNodes: total, events: outcome.events }
  return hierarchyResult(input, run, started)
}
