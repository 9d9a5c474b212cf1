/**
 * What one push to us may carry after its offer (docs/security.md, "endless
 * data"): chunk frames only, each a chunk of the package (of the offer's
 * stripe, if it has one) that we did not hold when we accepted the push, and
 * each once. That is exactly what an honest parent sends: `chunksToSend` in
 * src/node/relay/push-sender.ts picks the chunks our accept's bitmap lacks and
 * sends each once, in order. So a push carries at most the manifest's chunks,
 * and a sender that goes on (repeating chunks that each verify, or past the
 * last one) is cut off at its first frame too many, whatever the credit
 * window or the hashes say. Duplicates that two honest senders make between
 * them (the endgame, docs/update-flow.md) are each sent once by their own
 * push, so they never count here.
 */
import { bitmapLength, hasBit, setBit } from '../package/bitmap.js'
import type { Stripe } from '../../protocols/push/index.js'

/** A push sent more than the manifest allows; a sender of a chunk too many is reported like a corrupt relay. */
export class PushOverrunError extends Error {
  static override readonly name = 'PushOverrunError'
  override readonly name = 'PushOverrunError'
}

export class PushAllowance {
  private readonly chunkCount: number
  /** what we held when we accepted: the bitmap our accept carried (not to be changed) */
  private readonly held: Uint8Array
  private readonly sent: Uint8Array
  private readonly stripe?: Stripe

  /** `held`: the bitmap sent in the accept (kept as it is: a copy is taken). */
  constructor (chunkCount: number, held: Uint8Array, stripe?: Stripe) {
    this.chunkCount = chunkCount
    this.held = held.slice()
    this.sent = new Uint8Array(bitmapLength(chunkCount))
    this.stripe = stripe
  }

  /** Whether this push may still send chunk `index`: of its stripe, not held at the accept, not sent yet. */
  owes (index: number): boolean {
    const { stripe } = this
    return index < this.chunkCount && (stripe == null || index % stripe.count === stripe.index) && !hasBit(this.held, index) && !hasBit(this.sent, index)
  }

  /** Records chunk `index` as sent on this push; throws {@link PushOverrunError} when it may not be. */
  take (index: number): void {
    const { stripe } = this
    if (index >= this.chunkCount) {
      throw new PushOverrunError(`chunk ${index} is beyond the package's ${this.chunkCount} chunks`)
    }
    if (stripe != null && index % stripe.count !== stripe.index) {
      throw new PushOverrunError(`chunk ${index} is not in stripe ${stripe.index} of ${stripe.count}`)
    }
    if (hasBit(this.held, index)) {
      throw new PushOverrunError(`chunk ${index} was held here before the push began`)
    }
    if (hasBit(this.sent, index)) {
      throw new PushOverrunError(`chunk ${index} sent again`)
    }
    setBit(this.sent, index)
  }
}

/** The refusal a push gets for a frame after its offer that is not a chunk: it ends the push (with no chunk to name, it is not reported). */
export function notAChunk (): PushOverrunError {
  return new PushOverrunError('a frame that is not a chunk, after the offer')
}
