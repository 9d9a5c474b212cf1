/**
 * Speed measurements of members (one at a time, see prober.ts), recorded in
 * the registry and announced as `member:measured`.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { Prober } from './prober.js'
import type { CoreComponents } from './components.js'
import type { Measurement } from './database.js'
import type { PeerId } from '@libp2p/interface'

const log = logger('cascade:host:measurements')

export interface MeasurementsEvents {
  'member:measured': [{ peerId: string } & Measurement]
}

export class Measurements extends EventEmitter<MeasurementsEvents> {
  private readonly components: Pick<CoreComponents, 'database' | 'channels'>
  private readonly prober: Prober

  constructor (components: Pick<CoreComponents, 'libp2p' | 'limiter' | 'database' | 'channels'>, probeDurationMs?: number) {
    super()
    this.components = components
    this.prober = new Prober({ libp2p: components.libp2p, limiter: components.limiter, durationMs: probeDurationMs })
  }

  /** Measures one member and records the result. */
  async measure (peer: PeerId): Promise<Measurement> {
    try {
      const measurement = await this.prober.measure(peer)
      if (this.components.database.db.isOpen) {
        this.components.database.setMeasurement(peer.toString(), measurement)
      }
      this.emit('member:measured', { peerId: peer.toString(), ...measurement })
      return measurement
    } catch (err: any) {
      log.error('measuring %p failed: %e', peer, err)
      throw err
    }
  }

  /** Measures every online member again, one at a time. */
  async remeasure (): Promise<void> {
    await Promise.allSettled(this.components.channels.peers().map(async peer => this.measure(peer)))
  }
}
