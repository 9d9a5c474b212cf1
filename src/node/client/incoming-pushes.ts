/**
 * The pushes to a node that run now, by what they carry: every chunk ('all')
 * or one stripe. A newer push of the same kind replaces an older one: the host
 * takes a stripe over from a relay it stopped as slow (docs/reliability.md,
 * "A relay that falls behind"), and that relay's own stop would reach us only
 * behind what fills its uplink. An endgame push (last chunk first,
 * docs/update-flow.md) runs beside the others and replaces none.
 */
import type { Stream } from '@libp2p/interface'

export type Carries = number | 'all'

export class PushReplacedError extends Error {
  static override readonly name = 'PushReplacedError'
  override readonly name = 'PushReplacedError'
}

interface Running { stream: Stream, endgame: boolean }

export class IncomingPushes {
  private readonly running = new Map<Carries, Running[]>()

  /** Adds a push; an older push of the same stripe (not an endgame) is aborted. */
  add (carries: Carries, stream: Stream, endgame: boolean): void {
    const pushes = this.running.get(carries) ?? []
    if (!endgame) {
      for (const older of pushes.filter(push => !push.endgame)) {
        older.stream.abort(new PushReplacedError(`a newer push of ${carries === 'all' ? 'the package' : `stripe ${carries}`} replaces this one`))
      }
    }
    this.running.set(carries, [...pushes.filter(push => endgame || push.endgame), { stream, endgame }])
  }

  remove (carries: Carries, stream: Stream): void {
    this.running.set(carries, (this.running.get(carries) ?? []).filter(push => push.stream !== stream))
  }

  count (carries: Carries): number {
    return this.running.get(carries)?.length ?? 0
  }
}
