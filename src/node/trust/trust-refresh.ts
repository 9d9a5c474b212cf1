/**
 * A node asks its host for newer roots and the newest timestamp every
 * `--trust-refresh` ms (and once right away), applies what verifies, and
 * says when its metadata turns stale: the host may be withholding updates
 * (TUF's freeze attack, docs/security.md).
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { Gauge } from 'prom-client'
import { lpStream } from '@libp2p/utils'
import { MAX_TRUST_RESPONSE_BYTES, TRUST_PROTOCOL, decodeTrustResponse, encodeTrustRequest } from '../../protocols/trust/index.js'
import { TrustError } from './errors.js'
import type { NodeTrust } from './node-trust.js'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Registry } from 'prom-client'
import type { Metadata, Root } from '@tufjs/models'

const log = logger('cascade:node:trust')

/** A minute: a new root or timestamp reaches the fleet within one, at one small request per node. */
export const DEFAULT_TRUST_REFRESH_MS = 60_000

export interface TrustRefreshInit {
  trust: NodeTrust
  libp2p: Libp2p
  hostPeerId: PeerId
  refreshMs?: number
  /** the node's /metrics registry, for `cascade_trust_metadata_stale` */
  registry?: Registry
}

export interface TrustRefreshEvents {
  notice: [{ message: string }]
  /** the root this node trusts: once at start, then each newer version as it is accepted (a site serves them: src/node/site/site-trust.ts) */
  root: [{ root: Metadata<Root> }]
  /** timestamp metadata from the host that verified here (a site passes it down to its own members) */
  timestamp: [{ timestamp: Uint8Array }]
}

/** One request may take this long. */
const REQUEST_TIMEOUT_MS = 10_000

export class TrustRefresh extends EventEmitter<TrustRefreshEvents> {
  private readonly init: TrustRefreshInit
  private timer?: ReturnType<typeof setTimeout>
  private reportedStale = false
  private stopped = false
  private lastRefusal?: string

  constructor (init: TrustRefreshInit) {
    super()
    this.init = init
    if (init.registry != null) {
      const trust = init.trust
      // eslint-disable-next-line no-new
      new Gauge({
        name: 'cascade_trust_metadata_stale',
        help: '1 when this node\'s newest timestamp metadata has expired (its host may be withholding updates)',
        registers: [init.registry],
        collect () { this.set(trust.stale() ? 1 : 0) }
      })
    }
  }

  start (): void {
    this.emit('root', { root: this.init.trust.root })
    void this.tick()
  }

  stop (): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  private async tick (): Promise<void> {
    await this.fetch().catch((err: Error) => {
      if (err instanceof TrustError && err.message !== this.lastRefusal) {
        // metadata that does not verify is news (a misconfigured or a hostile host): said once
        this.emit('notice', { message: `refused trust metadata from the host: ${err.message}` })
        this.lastRefusal = err.message
      }
      log('could not refresh trust metadata from the host: %e', err)
    })
    this.checkStale()
    if (!this.stopped) {
      const untilExpiry = (this.init.trust.timestampExpires ?? Infinity) - Date.now()
      const next = Math.min(this.init.refreshMs ?? DEFAULT_TRUST_REFRESH_MS, untilExpiry > 0 ? untilExpiry + 1 : Infinity)
      this.timer = setTimeout(() => { void this.tick() }, next)
      this.timer.unref()
    }
  }

  private checkStale (): void {
    const stale = this.init.trust.stale()
    if (stale && !this.reportedStale) {
      const expires = this.init.trust.timestampExpires
      this.emit('notice', { message: `trust metadata is stale: ${expires == null ? 'no timestamp from the host yet' : `the host's timestamp expired at ${new Date(expires).toISOString()}`} (the host may be withholding updates)` })
    } else if (!stale && this.reportedStale) {
      this.emit('notice', { message: 'trust metadata is fresh again' })
    }
    this.reportedStale = stale
  }

  private async fetch (): Promise<void> {
    const { libp2p, hostPeerId, trust } = this.init
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    const stream = await libp2p.dialProtocol(hostPeerId, TRUST_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_TRUST_RESPONSE_BYTES })
    await lp.write(encodeTrustRequest({ rootVersion: trust.root.signed.version, stale: trust.stale() }), { signal })
    const response = decodeTrustResponse((await lp.read({ signal })).subarray())
    await stream.close().catch(() => {})
    for (const root of await trust.updateRoots(response.roots)) {
      this.emit('notice', { message: `trusting root version ${root.signed.version} now` })
      this.emit('root', { root })
    }
    if (response.timestamp != null) {
      await trust.updateTimestamp(response.timestamp)
      this.emit('timestamp', { timestamp: response.timestamp })
    }
  }
}
