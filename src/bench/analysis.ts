import { percentile } from './stats.js'
import type { MeshResult } from './mesh.js'

/**
 * Where a mesh run's time went, from the host's progress reports (every
 * node reports its byte count every 500 ms, and each state change at once):
 * how long each hop took to start, how far a child trails its parent, the
 * rate each node really received at against the plan's stream rate, and the
 * time from the last byte to `verified` and from `verified` to `done`.
 */

export interface HopFigures {
  depth: number
  nodes: number
  /** when the host heard the node accepted its first offer, ms after the start (median) */
  startMs: number
  /** how long after its parent a node reached the same byte count, mid-package (median), ms */
  lagMs: number
  /** received bytes/s over the middle 80 % of the package (median) */
  rate: number
}

export interface TimeBreakdown {
  streamRate: number
  hops: HopFigures[]
  /** last report below the full size → verified (median over nodes), ms */
  lastByteToVerifiedMs: number
  /** verified → done (median), ms */
  verifiedToDoneMs: number
  /** per node: measured upload / configured cap */
  probeErrors: number[]
}

/** Time (ms) at which `samples` ([ms, bytes], increasing) first reach `bytes`, interpolated; undefined if never. */
export function timeAt (samples: Array<[number, number]>, bytes: number): number | undefined {
  for (let i = 0; i < samples.length; i++) {
    const [t, b] = samples[i]
    if (b >= bytes) {
      if (i === 0) return t
      const [t0, b0] = samples[i - 1]
      return b === b0 ? t : t0 + (t - t0) * (bytes - b0) / (b - b0)
    }
  }
  return undefined
}

function median (values: number[]): number {
  return percentile(values.filter(Number.isFinite), 50)
}

export function breakdown (result: MeshResult): TimeBreakdown {
  const size = result.size
  const byIndex = new Map(result.nodes.map(node => [node.index, node]))
  const depths = [...new Set(result.nodes.map(node => node.depth))].sort((a, b) => a - b)
  const hops: HopFigures[] = depths.map(depth => {
    const nodes = result.nodes.filter(node => node.depth === depth)
    const lags: number[] = []
    const rates: number[] = []
    for (const node of nodes) {
      const from = timeAt(node.samples, 0.1 * size)
      const to = timeAt(node.samples, 0.9 * size)
      if (from != null && to != null && to > from) rates.push(0.8 * size / ((to - from) / 1000))
      const parent = byIndex.get(node.parent)
      if (parent != null) {
        const mine = timeAt(node.samples, 0.5 * size)
        const theirs = timeAt(parent.samples, 0.5 * size)
        if (mine != null && theirs != null) lags.push(mine - theirs)
      }
    }
    return {
      depth,
      nodes: nodes.length,
      startMs: median(nodes.map(node => node.receivingMs ?? NaN)),
      lagMs: median(lags),
      rate: median(rates)
    }
  })
  const lastByte = result.nodes.map(node => {
    const below = node.samples.filter(([, b]) => b < size).map(([t]) => t)
    return node.verifiedMs == null || below.length === 0 ? NaN : node.verifiedMs - Math.max(...below)
  })
  return {
    streamRate: result.plan?.streamRate ?? NaN,
    hops,
    lastByteToVerifiedMs: median(lastByte),
    verifiedToDoneMs: median(result.nodes.map(node => (node.doneMs ?? NaN) - (node.verifiedMs ?? NaN))),
    probeErrors: result.nodes.filter(node => node.measured != null).map(node => (node.measured?.uploadBps ?? 0) / node.caps.upload)
  }
}

/** The breakdown as a few lines of text. */
export function formatBreakdown (b: TimeBreakdown, formatRate: (bps: number) => string): string {
  const seconds = (ms: number): string => Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-'
  const lines = b.hops.map(h => `  depth ${h.depth} (${h.nodes} nodes): first offer accepted at ${seconds(h.startMs)}, ${Number.isFinite(h.lagMs) ? `${seconds(h.lagMs)} behind its parent mid-package, ` : ''}received at ${Number.isFinite(h.rate) ? formatRate(h.rate) : '-'} (plan: ${formatRate(b.streamRate)})`)
  const errors = b.probeErrors
  lines.push(`  last byte → verified ≤ ${seconds(b.lastByteToVerifiedMs)} (median; reports come every 0.5 s), verified → done ${seconds(b.verifiedToDoneMs)}`)
  if (errors.length > 0) {
    lines.push(`  probes: measured / configured upload from ${Math.min(...errors).toFixed(2)} to ${Math.max(...errors).toFixed(2)} (median ${percentile(errors, 50).toFixed(2)})`)
  }
  return lines.join('\n')
}
