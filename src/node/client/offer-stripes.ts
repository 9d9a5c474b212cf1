/**
 * The stripes of one deployment's offers, as a node checks them
 * (docs/striping.md, "On the wire"): a stripe is one of 2 to MAX_STRIPES,
 * every offer of a deployment has the same count (fixed by the first
 * striped offer), and a share of a stripe (a split stripe-child's half) is
 * a class of that stripe.
 */
import { MAX_STRIPES, shareRefusal } from '../../protocols/push/index.js'
import type { Stripe } from '../../protocols/push/index.js'

export class OfferStripeError extends Error {
  static override readonly name = 'OfferStripeError'
  override readonly name = 'OfferStripeError'
}

export class OfferStripes {
  /** the stripe count of the offers (1 = not striped) */
  count = 1

  /** Takes an offer's stripe and share, or throws why not (and changes nothing). */
  check (stripe: Stripe | undefined, share?: Stripe): void {
    if (stripe != null) {
      if (stripe.count < 2 || stripe.count > MAX_STRIPES || stripe.index >= stripe.count) {
        throw new OfferStripeError(`stripe ${stripe.index} of ${stripe.count} is not a valid stripe (2 to ${MAX_STRIPES} stripes)`)
      }
      if (this.count !== 1 && this.count !== stripe.count) {
        throw new OfferStripeError(`stripe count ${stripe.count} differs from this deployment's ${this.count}`)
      }
    }
    const refusal = shareRefusal(share, stripe)
    if (refusal != null) throw new OfferStripeError(refusal)
    if (stripe != null) this.count = stripe.count
  }
}
