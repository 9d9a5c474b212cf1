import cliProgress from 'cli-progress'
import { formatBytes, formatRate } from '../node/units.js'
import { NodeState } from '../state/index.js'
import type { PublishProgressEvent } from '../node/admin/publish.js'
import type { DeploymentPlan, DeploymentSummary, NodeProgress } from '../protocols/publish/index.js'

/** What the plan's figures mean (README, "cascade publish"; docs/update-flow.md). */
export const PLAN_LEGEND = '(stream rate: the rate every node receives at down the tree; T*: the shortest time any distribution could take with these uplinks, a lower bound)'

/**
 * Without a terminal (output piped to a file or a log), a plain progress line
 * this often between state changes, so a slow transfer still shows movement.
 */
export const PLAIN_PROGRESS_INTERVAL_MS = 5_000

/** Peer ids are long; the tail is what people tell apart. */
export function shortId (peerId: string): string {
  return peerId.length > 12 ? `…${peerId.slice(-8)}` : peerId
}

export function formatPlan (plan: DeploymentPlan): string {
  const lines = ['order (fastest first) and relay tree:']
  for (const node of plan.nodes) {
    const parent = node.parent === '' ? 'host' : shortId(node.parent)
    const parents = node.stripeParents.length > 1 ? node.stripeParents.map(id => id === '' ? 'host' : shortId(id)).join(' | ') : parent
    const helped = (node.stripeHelpers ?? []).flatMap((id, stripe) => id === '' ? [] : [`${shortId(id)} in tree ${stripe + 1}`])
    lines.push(`  ${String(node.rank + 1).padStart(3)}. ${shortId(node.peerId)}  ${formatRate(node.uploadBps).padStart(11)}  depth ${node.depth}  ← ${parents}${helped.length > 0 ? `  + ${helped.join(', ')}` : ''}`)
  }
  if (plan.stripes > 1) {
    lines.push(`striped over ${plan.stripes} trees: chunk i goes down tree i mod ${plan.stripes} (parents listed per tree)`)
  }
  if (plan.nodes.some(node => (node.stripeHelpers ?? []).some(id => id !== ''))) {
    lines.push('+ a helper: a member with upload to spare that sends part of that tree\'s chunks beside the parent')
  }
  lines.push(`stream rate ${formatRate(plan.streamRate)}, depth ${plan.depth}, host upload ${formatRate(plan.hostUploadBps)}, lower bound T* ${(plan.lowerBoundMs / 1000).toFixed(2)} s`)
  lines.push(PLAN_LEGEND)
  return lines.join('\n')
}

export function formatSummary (summary: DeploymentSummary): string {
  const makespan = (summary.finishedAt - summary.startedAt) / 1000
  // a member a site's own rules refused is named, but is no target (docs/hierarchy.md); nor is a site's late member caught up
  const targeted = summary.nodes.filter(node => node.refusedBySite !== true && node.catchUp !== true)
  const done = targeted.filter(node => node.state === NodeState.done)
  const inSites = targeted.filter(node => node.site != null && node.site !== '').length
  const lines = [
    summary.success
      ? `completion report: all ${targeted.length} nodes run ${summary.version}${inSites > 0 ? ` (${inSites} of them in sites)` : ''}`
      : `completion report: ${done.length} of ${targeted.length} nodes run ${summary.version}${summary.reason !== '' && !summary.reason.includes('12D3') ? ` (${summary.reason})` : ''}; could not:`
  ]
  const site = (node: NodeProgress): string => node.site != null && node.site !== '' ? ` (site ${node.site})` : ''
  for (const node of targeted.filter(node => node.state !== NodeState.done)) {
    lines.push(`  ${node.peerId}${site(node)}  ${node.state}${node.reason === '' ? '' : ` (${node.reason})`}`)
  }
  for (const node of summary.nodes.filter(node => node.refusedBySite === true)) {
    lines.push(`  ${node.peerId}  ${node.reason}`)
  }
  for (const node of summary.nodes.filter(node => node.catchUp === true)) {
    lines.push(`  ${node.peerId}${site(node)}  joined late, caught up apart: ${node.state}${node.reason === '' ? '' : ` (${node.reason})`}`)
  }
  if (inSites > 0) {
    lines.push(`  in sites: ${done.filter(node => site(node) !== '').map(node => `${shortId(node.peerId)}${site(node).replace(/site (\S+)/, (_, id: string) => `site ${shortId(id)}`)}`).join(', ')} run ${summary.version}`)
  }
  const hostCopies = summary.packageSize > 0 ? summary.hostBytesSent / summary.packageSize : 0
  lines.push(`makespan ${makespan.toFixed(2)} s (T* ${(summary.lowerBoundMs / 1000).toFixed(2)} s); host uploaded ${formatBytes(summary.hostBytesSent)} = ${hostCopies.toFixed(2)} × the package (the host has ${summary.hostChildren} ${summary.hostChildren === 1 ? "child" : "children"} in the tree; a star would upload ${summary.nodes.length} ×)`)
  return lines.join('\n')
}

/**
 * Shows a deployment to a person: the grant, the upload, the plan, then an
 * overall bar and one bar per node with its state (plain lines when stdout
 * is not a terminal), then the completion report.
 */
export class PublishView {
  private bars?: cliProgress.MultiBar
  private overall?: cliProgress.SingleBar
  private readonly nodeBars = new Map<string, cliProgress.SingleBar>()
  private readonly states = new Map<string, string>()
  private readonly received = new Map<string, number>()
  private packageSize = 0
  private lastPlainProgress = 0
  private readonly tty: boolean
  private readonly out: NodeJS.WriteStream

  constructor (out: NodeJS.WriteStream = process.stdout) {
    this.out = out
    this.tty = out.isTTY === true
  }

  private line (text: string): void {
    if (this.bars != null) {
      this.bars.log(`${text}\n`)
    } else {
      this.out.write(`${text}\n`)
    }
  }

  handle (event: PublishProgressEvent): void {
    switch (event.type) {
      case 'granted':
        this.line(`granted: deployment ${event.decision.deploymentId}; uploading to the host`)
        break
      case 'upload':
        this.packageSize = event.total
        if (event.bytes === event.total) {
          this.line(`uploaded ${formatBytes(event.total)} to the host (it seeds each chunk as it arrives)`)
        }
        break
      case 'plan':
        this.line(formatPlan(event.plan))
        this.startBars(event.plan)
        break
      case 'progress':
        this.onProgress(event.progress)
        break
      case 'summary':
        this.stopBars()
        this.line(formatSummary(event.summary))
        break
    }
  }

  private startBars (plan: DeploymentPlan): void {
    for (const node of plan.nodes) {
      this.states.set(node.peerId, NodeState.planned)
    }
    if (!this.tty) {
      this.lastPlainProgress = Date.now()
      return
    }
    if (this.bars != null) {
      // the next wave: its nodes get bars below the others
      for (const node of plan.nodes) {
        if (!this.nodeBars.has(node.peerId)) {
          this.nodeBars.set(node.peerId, this.bars.create(Math.max(1, this.packageSize), 0, { name: shortId(node.peerId).padEnd(14), state: NodeState.planned }))
        }
      }
      this.overall?.setTotal(this.states.size * Math.max(1, this.packageSize))
      return
    }
    this.bars = new cliProgress.MultiBar({
      format: '{name} [{bar}] {percentage}% {state}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      stream: this.out
    }, cliProgress.Presets.shades_classic)
    this.overall = this.bars.create(plan.nodes.length * Math.max(1, this.packageSize), 0, { name: 'all nodes     ', state: '' })
    for (const node of plan.nodes) {
      this.nodeBars.set(node.peerId, this.bars.create(Math.max(1, this.packageSize), 0, { name: shortId(node.peerId).padEnd(14), state: NodeState.planned }))
    }
  }

  private onProgress (progress: NodeProgress): void {
    this.received.set(progress.peerId, progress.bytesReceived)
    const before = this.states.get(progress.peerId)
    this.states.set(progress.peerId, progress.state)
    const state = progress.reason === '' ? progress.state : `${progress.state} (${progress.reason})`
    if (this.bars != null) {
      this.nodeBars.get(progress.peerId)?.update(progress.bytesReceived, { state: `${state}, relayed ${formatBytes(progress.bytesSent)}` })
      this.overall?.update(this.totalReceived(), { state: `${this.doneCount()}/${this.states.size} done` })
    } else if (before !== progress.state) {
      const site = progress.site != null && progress.site !== '' ? ` (site ${shortId(progress.site)})` : ''
      this.line(`  ${shortId(progress.peerId)}${site}  ${state}  received ${formatBytes(progress.bytesReceived)}, relayed ${formatBytes(progress.bytesSent)}`)
    } else if (Date.now() - this.lastPlainProgress >= PLAIN_PROGRESS_INTERVAL_MS) {
      this.line(this.plainProgress())
    }
  }

  /** `  all nodes 42% (80 MiB of 192 MiB received), 3/12 done` */
  private plainProgress (): string {
    this.lastPlainProgress = Date.now()
    const received = this.totalReceived()
    const total = this.states.size * this.packageSize
    const percent = total > 0 ? Math.floor(100 * received / total) : 0
    return `  all nodes ${percent}% (${formatBytes(received)} of ${formatBytes(total)} received), ${this.doneCount()}/${this.states.size} done`
  }

  private totalReceived (): number {
    let total = 0
    for (const bytes of this.received.values()) {
      total += bytes
    }
    return total
  }

  private doneCount (): number {
    return [...this.states.values()].filter(s => s === NodeState.done).length
  }

  private stopBars (): void {
    this.bars?.stop()
    this.bars = undefined
  }
}

/** `--json`: one object per line, then the summary as the last line. */
export function jsonLine (event: PublishProgressEvent): string {
  const replacer = (_key: string, value: unknown): unknown => value instanceof Uint8Array ? undefined : value
  switch (event.type) {
    case 'granted':
      return JSON.stringify({ event: 'granted', deploymentId: event.decision.deploymentId })
    case 'upload':
      return JSON.stringify({ event: 'upload', bytes: event.bytes, total: event.total })
    case 'plan':
      return JSON.stringify({ event: 'plan', ...event.plan }, replacer)
    case 'progress':
      return JSON.stringify({ event: 'progress', ...event.progress })
    case 'summary':
      return JSON.stringify({ event: 'summary', ...event.summary, makespanMs: event.summary.finishedAt - event.summary.startedAt })
  }
}
