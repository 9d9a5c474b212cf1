/**
 * The pushes to a node that run now, by what they carry: every chunk ('all')
 * or one stripe. A newer push of the same kind replaces an older one: the host
 * takes a stripe over from a relay it stopped as slow (docs/reliability.md,
 * "A relay that falls behind"), and that relay's own stop would reach us only
 * behind what fills its uplink. An endgame push (last chunk first,
 * docs/update-flow.md) runs beside the others and replaces none.
 *
 * The replaced push's connection is reset too when no other Cascade stream
 * runs on it (a relay's pushes ride connections it opened:
 * src/node/relay/own-connection.ts; libp2p's pings do not count:
 * src/node/cascade-streams.ts).
 * Aborting the stream stops the relay writing more, but what it wrote already
 * sits in its kernel's send buffer and would drain through its collapsed
 * uplink for tens of seconds, ahead of the acknowledgements of its own
 * download; the reset (an RST) makes its kernel drop it. The relay resets
 * such a link itself too, once its last push on it ends early
 * (`dropUnsent` in src/node/relay/push-sender.ts), and every link to its
 * children once the host's stop reaches it (src/node/relay/reset-links.ts),
 * but that stop can wait behind the host's own push in the same connection.
 */
import { runsOtherCascadeStream } from '../cascade-streams.js'
import type { Connection, Stream } from '@libp2p/interface'
import type { Stripe } from '../../protocols/push/index.js'

/** What is kept of the connection a push rides: enough to reset it when nothing else uses it. */
export type PushConnection = Pick<Connection, 'streams' | 'abort'>

export type Carries = number | 'all'

export class PushReplacedError extends Error {
  static override readonly name = 'PushReplacedError'
  override readonly name = 'PushReplacedError'
}

interface Running {
  stream: Stream
  endgame: boolean
  connection?: PushConnection
  /** tells this push's sender it need not send `index` (./push-replies.ts) */
  skip?: (index: number) => void
  /** the class of the stripe's chunks it carries (a split stripe-child's, src/tree/split.ts); absent = the whole stripe */
  share?: Stripe
}

const sameShare = (a?: Stripe, b?: Stripe): boolean => a?.index === b?.index && a?.count === b?.count

/** Whether `push` carries chunk `index`: a push of the whole stripe (or package), or one whose share holds it. */
function brings (push: Pick<Running, 'share'>, index: number): boolean {
  return push.share == null || index % push.share.count === push.share.index
}

export class IncomingPushes {
  private readonly running = new Map<Carries, Running[]>()

  /**
   * Adds a push; an older push of the same stripe and share (not an endgame)
   * is aborted, with its connection when no other Cascade stream is open on
   * it. The two halves of a split stripe-child's stripe run side by side.
   */
  add (carries: Carries, stream: Stream, endgame: boolean, connection?: PushConnection, skip?: (index: number) => void, share?: Stripe): void {
    const pushes = this.running.get(carries) ?? []
    const replaced = endgame ? [] : pushes.filter(push => !push.endgame && sameShare(push.share, share))
    for (const older of replaced) {
      const error = new PushReplacedError(`a newer push of ${carries === 'all' ? 'the package' : `stripe ${carries}`} replaces this one`)
      older.stream.abort(error)
      const link = older.connection
      if (link != null && link !== connection && !runsOtherCascadeStream(link, older.stream)) {
        link.abort(error)
      }
    }
    this.running.set(carries, [...pushes.filter(push => !replaced.includes(push)), { stream, endgame, connection, skip, share }])
  }

  /**
   * Chunk `index` (of `stripeCount` stripes) is stored: every push that
   * could carry it is told, and each that still owes it passes it over (an
   * endgame's or a helper's push and the parents' meet without sending the
   * same chunks twice; the push that brought it owes it no more).
   */
  arrived (index: number, stripeCount: number): void {
    for (const [carries, pushes] of this.running) {
      if (carries !== 'all' && index % stripeCount !== carries) continue
      for (const push of pushes) {
        if (brings(push, index)) push.skip?.(index)
      }
    }
  }

  remove (carries: Carries, stream: Stream): void {
    this.running.set(carries, (this.running.get(carries) ?? []).filter(push => push.stream !== stream))
  }

  /** Whether a running push brings chunk `index` of `carries`: one of the whole stripe (or package), or one whose share holds it. */
  covers (carries: Carries, index: number): boolean {
    return (this.running.get(carries) ?? []).some(push => brings(push, index))
  }

  count (carries: Carries): number {
    return this.running.get(carries)?.length ?? 0
  }
}
