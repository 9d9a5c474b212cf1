/**
 * Warm edges (docs/update-flow.md, "Start-up"): between rollouts the host
 * plans the rollout it would start now (every online, measured member, the
 * planner's own choice of stripes, the last package's shape) and asks each
 * planned edge's dialler to open its connection, as a rollout's preconnect
 * does at its start. A publish then finds the tree's connections open.
 *
 * Opened at the start instead, the tree's TCP + Noise + Yamux handshakes
 * (60 of them at N = 16, four stripes) all land in the same second, while
 * the stripe roots should already be taking the host's first chunks: on the
 * reference testbed the host's uplink sent its first 200 kB 1.0–1.5 s after
 * a rollout started, and 0.4–0.5 s with the edges warm (docs/benchmarks.md,
 * "Start-up").
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { chooseChunkSize } from '../package/index.js'
import { askToConnect, plannedEdges } from './connect-request.js'
import { fleetMaxFanout, hostUpload, onlineMembers } from './components.js'
import { planWave } from './deployment/plan-adapter.js'
import type { CoreComponents } from './components.js'
import type { Deployment } from './deployment/index.js'

const log = logger('cascade:host:warm-edges')

/**
 * The package a fleet that never had one is planned for: 64 MiB. The plan
 * (its stripe count and its edges) is the same for every size from 16 MiB
 * up on the testbed's recorded probes (test/warm-edges.test.ts); a smaller
 * package may plan fewer stripes, and its start dials the edges it lacks.
 */
export const WARM_PACKAGE_SIZE = 64 * 2 ** 20

/**
 * How long the host waits after the last change (a member measured, joined
 * or gone) before it plans: a burst of joins is planned once. Probes run one
 * at a time (src/node/host/prober.ts), and while one runs the warm waits for
 * it, so that the handshakes do not load the member being measured.
 */
export const WARM_DELAY_MS = 250

export interface WarmEdgesEvents {
  /** the planned edges not asked for before were asked for */
  'edges:warmed': [{ asked: number, members: number, stripes: number }]
}

export interface WarmEdgesComponents extends Pick<CoreComponents, 'database' | 'channels' | 'limiter' | 'config' | 'failedPairs'> {
  /** the host's deployments: the rollout under way, if any, and the last one */
  deployments: { readonly running?: Deployment, readonly active?: Deployment }
  /** true while a probe runs: the warm waits */
  probing(): boolean
}

export class WarmEdges extends EventEmitter<WarmEdgesEvents> {
  private readonly components: WarmEdgesComponents
  /** edges asked for, `parent>child`: a connection is one sender's own (src/node/relay/own-connection.ts) */
  private readonly asked = new Set<string>()
  private timer?: ReturnType<typeof setTimeout>
  private stopped = false

  constructor (components: WarmEdgesComponents) {
    super()
    this.components = components
  }

  /** Plans again soon (debounced). */
  schedule (): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => { this.warm() }, WARM_DELAY_MS)
    this.timer.unref()
  }

  /** A member re-joined or left: its connections may be gone, so its edges are asked for again. */
  forget (peerId: string): void {
    for (const edge of [...this.asked]) {
      const [parent, child] = edge.split('>')
      if (parent === peerId || child === peerId) this.asked.delete(edge)
    }
    this.schedule()
  }

  stop (): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  private warm (): void {
    if (this.stopped) return
    if (this.components.probing()) {
      this.schedule()
      return
    }
    // a rollout dials its own tree at its start; the next warm comes with the next change
    if (this.components.deployments.running != null) return
    const members = onlineMembers(this.components).filter(member => member.measuredAt > 0)
    if (members.length < 2) return
    const targets = new Map(members.map(member => [member.peerId, member]))
    const last = this.components.deployments.active?.manifest.fields
    const size = last?.size ?? WARM_PACKAGE_SIZE
    let plan
    try {
      plan = planWave(targets, [...targets.keys()], {
        hostUpload: hostUpload(this.components),
        maxFanout: fleetMaxFanout(this.components),
        size,
        chunkSize: last?.chunkSize ?? chooseChunkSize(size),
        strategy: 'tree',
        singleTree: false,
        exclude: new Set(),
        failedPairs: this.components.failedPairs
      })
    } catch (err) {
      log.error('cannot plan the warm edges: %e', err)
      return
    }
    let asked = 0
    for (const edge of plannedEdges(plan.stripes)) {
      const child = targets.get(edge.child)
      const parent = targets.get(edge.parent)
      if (this.asked.has(edge.key) || child == null || parent == null) continue
      this.asked.add(edge.key)
      if (askToConnect(this.components.channels, child, parent, '')) asked++
    }
    if (asked > 0) {
      log('asked for %d planned edges (%d members, %d stripes)', asked, members.length, plan.stripes.length)
      this.emit('edges:warmed', { asked, members: members.length, stripes: plan.stripes.length })
    }
  }
}
