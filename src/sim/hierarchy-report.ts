import { formatRate } from '../node/units.js'
import type { HierarchyInput, HierarchyLevel, HierarchyResult } from './hierarchy-types.js'

/** Seconds with two decimals below 100 s, whole above; `never` for a node that never finishes. */
export function formatSeconds (seconds: number): string {
  return Number.isFinite(seconds) ? `${seconds.toFixed(seconds < 100 ? 2 : 0)} s` : 'never'
}

/** Right-aligned columns under a header, the first `left` columns left-aligned. */
export function formatTable (header: string[], cells: string[][], left: number): string {
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map(cell => cell[i].length)))
  const line = (cell: string[]): string => cell.map((text, i) => i < left ? text.padEnd(widths[i]) : text.padStart(widths[i])).join('  ')
  return [line(header), ...cells.map(line)].join('\n')
}

const count = (n: number): string => n.toLocaleString('en-US')
const counted = (n: number, what: string): string => `${count(n)} ${what}${n === 1 ? '' : 's'}`

function levelName (level: HierarchyLevel): string {
  return level.level === 0 ? 'root' : `level ${level.level}`
}

/** What was run chunk by chunk and what was derived: printed with every hierarchy result. */
export function describeMethod (result: HierarchyResult): string {
  if (result.mode === 'full') {
    return `simulated: every host and device (${count(result.simulatedNodes)} nodes) in one run of the flow engine; nothing composed`
  }
  const units = result.levels.map(level => `${level.simulatedUnits} × ${levelName(level)} over its ${counted(level.members, level.memberKind)}`)
  return [
    `simulated chunk by chunk: ${units.join('; ')} (${count(result.simulatedNodes)} nodes in all)`,
    'composed: each level\'s hosts are grouped by how many siblings they feed in their parent\'s trees; one unit per group is fed',
    'each chunk at the latest time any host of the group got it one level up (cut-through), its host\'s uplink split between',
    'its parent\'s trees and its own by flow count; every unit of a level has the same members, so its finish is the level\'s'
  ].join('\n')
}

/** The hierarchy's result as text: a line per level, then the figures that matter. */
export function formatHierarchy (input: HierarchyInput, result: HierarchyResult): string {
  const header = ['level', 'hosts', 'members', 'rate', 'depth', 'host children', 'connections', 'own share', 'first chunk', 'all chunks', 'members done', 'unit T*']
  const cells = result.levels.map(level => [
    levelName(level), count(level.hosts), counted(level.members, level.memberKind), formatRate(level.streamRate), String(level.depth), String(level.hostChildren),
    count(level.connections), level.ownShare.toFixed(2), formatSeconds(level.firstChunk), formatSeconds(level.lastChunk),
    formatSeconds(level.finish), formatSeconds(level.unitLowerBound)
  ])
  return [
    `hierarchy ${input.fanouts.join('x')}: ${count(result.devices)} devices under ${count(result.hosts)} hosts, ${result.stripes} stripes at every level`,
    formatTable(header, cells, 3),
    `devices            ${count(result.devices)}`,
    `max connections    ${count(result.maxConnections)} (any host: its members, its parent host, its neighbours in the parent's trees)`,
    `root upload        ${result.rootCopies.toFixed(2)} × the package`,
    `makespan           ${formatSeconds(result.makespan)}`,
    `T* (whole fleet)   ${formatSeconds(result.lowerBound)}`,
    `makespan / T*      ${Number.isFinite(result.ratio) ? result.ratio.toFixed(2) : 'inf'}`,
    describeMethod(result),
    `${result.mode} in ${result.ms.toFixed(0)} ms, ${count(result.events)} chunk deliveries`
  ].join('\n')
}
