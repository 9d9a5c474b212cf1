/**
 * What `cascade publish --json` prints, one JSON object a line: `granted`,
 * `upload`, `plan` (the order and the tree), `progress` (one node's state
 * and byte counts, stamped by the host), then the `summary`. This module
 * reads those lines back into per-node timelines.
 */
import { NodeState, hasReached, isTerminal, parseNodeState } from '../state/index.js'
import type { NodeProgress, PlannedNode } from '../protocols/publish/index.js'

/**
 * A PlannedNode as JSON: `parent` '' = the host; `stripeParents`, the parent in each stripe's tree,
 * empty or absent with one tree; `stripeHelpers`, a split stripe-child's helper in each stripe,
 * empty or absent when none (and in the lines of builds before it).
 */
export type PlannedNodeLine = Omit<PlannedNode, 'stripeParents' | 'stripeHelpers'> & { stripeParents?: string[], stripeHelpers?: string[] }

export interface PlanLine {
  nodes: PlannedNodeLine[]
  streamRate: number
  depth: number
  lowerBoundMs: number
  hostUploadBps: number
  /** trees the package is striped over; 0, 1 or absent = one tree */
  stripes?: number
}

/** A NodeProgress event as JSON: `at` is the host clock (ms since the epoch); `bytesDuplicate` only where the host reports it. */
export type ProgressLine = Omit<NodeProgress, 'bytesDuplicate'> & { bytesDuplicate?: number }

export interface SummaryLine {
  deploymentId: string
  version: string
  success: boolean
  hostBytesSent: number
  packageSize: number
  nodes: ProgressLine[]
  startedAt: number
  finishedAt: number
  lowerBoundMs: number
  hostChildren: number
  makespanMs: number
}

export interface PublishLog {
  plan?: PlanLine
  progress: ProgressLine[]
  summary?: SummaryLine
  /** lines that were not JSON (warnings, errors) */
  other: string[]
}

/** On the way to done (src/state/node-state.ts): not failed, rolled back or skipped. */
function onTheWay (state: NodeState | undefined): state is NodeState {
  return state != null && (!isTerminal(state) || state === NodeState.done)
}

export function parsePublishLines (lines: string[]): PublishLog {
  const log: PublishLog = { progress: [], other: [] }
  for (const line of lines) {
    let event: any
    try {
      event = JSON.parse(line)
    } catch {
      if (line.trim() !== '') log.other.push(line)
      continue
    }
    if (event == null || typeof event !== 'object') {
      log.other.push(line)
      continue
    }
    const { event: type, ...rest } = event
    if (type === 'plan') log.plan = rest as PlanLine
    else if (type === 'progress') log.progress.push(rest as ProgressLine)
    else if (type === 'summary') log.summary = rest as SummaryLine
  }
  return log
}

/** One node's deployment as the host saw it; times in ms since the deployment started. */
export interface NodeTimeline {
  peerId: string
  parent: string
  depth: number
  /** the host heard the node accepted its first push offer */
  receivingMs?: number
  /** first report with bytes received (reports come every 500 ms) */
  firstBytesMs?: number
  /** holds the whole package, verified */
  verifiedMs?: number
  /** installed, restarted and re-joined with the new version */
  doneMs?: number
  state: string
  reason: string
  bytesReceived: number
  bytesSent: number
  bytesDuplicate: number
  /** [ms, bytes received] from every progress report */
  samples: Array<[number, number]>
  /** when the host first heard of each state, ms */
  states: Record<string, number>
}

/** Timelines of every node in the summary (or the plan, if the run ended without one). */
export function nodeTimelines (log: PublishLog): NodeTimeline[] {
  const startedAt = log.summary?.startedAt ?? log.progress[0]?.at ?? 0
  const depthOf = new Map((log.plan?.nodes ?? []).map(node => [node.peerId, node]))
  const timelines = new Map<string, NodeTimeline>()
  const timelineOf = (peerId: string): NodeTimeline => {
    let timeline = timelines.get(peerId)
    if (timeline == null) {
      const planned = depthOf.get(peerId)
      timeline = { peerId, parent: planned?.parent ?? '', depth: planned?.depth ?? 0, state: NodeState.planned, reason: '', bytesReceived: 0, bytesSent: 0, bytesDuplicate: 0, samples: [], states: {} }
      timelines.set(peerId, timeline)
    }
    return timeline
  }
  for (const node of log.plan?.nodes ?? []) timelineOf(node.peerId)
  for (const progress of log.progress) {
    const timeline = timelineOf(progress.peerId)
    const ms = progress.at - startedAt
    const state = parseNodeState(progress.state)
    timeline.samples.push([ms, progress.bytesReceived])
    timeline.states[progress.state] ??= ms
    if (onTheWay(state) && hasReached(state, NodeState.receiving)) timeline.receivingMs ??= ms
    if (progress.bytesReceived > 0) timeline.firstBytesMs ??= ms
    if (onTheWay(state) && hasReached(state, NodeState.verified)) timeline.verifiedMs ??= ms
    if (state === NodeState.done) timeline.doneMs ??= ms
    timeline.state = progress.state
    timeline.reason = progress.reason
    timeline.bytesReceived = Math.max(timeline.bytesReceived, progress.bytesReceived)
    timeline.bytesSent = Math.max(timeline.bytesSent, progress.bytesSent)
    timeline.bytesDuplicate = Math.max(timeline.bytesDuplicate, progress.bytesDuplicate ?? 0)
  }
  for (const node of log.summary?.nodes ?? []) {
    const timeline = timelineOf(node.peerId)
    timeline.state = node.state
    timeline.reason = node.reason
    timeline.bytesReceived = Math.max(timeline.bytesReceived, node.bytesReceived)
    timeline.bytesSent = Math.max(timeline.bytesSent, node.bytesSent)
    timeline.bytesDuplicate = Math.max(timeline.bytesDuplicate, node.bytesDuplicate ?? 0)
    if (node.state === NodeState.done) timeline.doneMs ??= node.at - startedAt
  }
  return [...timelines.values()]
}
