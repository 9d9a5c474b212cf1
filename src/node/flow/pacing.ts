/**
 * Pacing (`cascade host --pace SHARE`, docs/update-flow.md "Pacing"): what a
 * node relays in a deployment, and what the host pushes, leaves at a share of
 * what its uplink delivered to the host's probe. A home router's uplink is
 * one drop-tail queue: filled by our bulk data, it also delays the TCP
 * acknowledgements of what the node downloads (and its credits and reports),
 * by up to the queue's length (200 frames: 2.4 s on a 1 Mbit/s uplink); kept
 * below the link, the queue stays short, and the device's own traffic gets
 * through too.
 */
import { createUploadLimiter } from '../upload-limiter.js'
import type { UploadLimiter } from '../upload-limiter.js'

/**
 * The shares `--pace` accepts: up to 1 (the measured goodput, itself about
 * 95 % of the link); a share below the planner's (PLAN_UPLOAD_SHARE, 0.9 in
 * src/node/host/deployment/plan-adapter.ts) holds relays below their plan,
 * which then takes longer, but leaves the rest of the uplink to the device. Off by default: on the reference testbed every
 * pace tried cost makespan (docs/benchmarks.md, "Pacing").
 */
export const MIN_PACE_SHARE = 0.5
export const MAX_PACE_SHARE = 1

/**
 * A measured upload within this share of the sender's own cap (`--upload-limit`)
 * measured the cap, not the link: the cap's token bucket paces already.
 */
const CAP_MEASURED_SHARE = 0.9

/**
 * bytes/s to pace a sender at: `share` of its measured upload; undefined
 * without a share, when nothing was measured, or when its own cap (0 = none)
 * paces it already.
 */
export function paceFor (measured: { uploadBps: number, uploadLimit?: number }, share: number | undefined): number | undefined {
  const { uploadBps, uploadLimit = 0 } = measured
  if (share == null || !(uploadBps > 0) || (uploadLimit > 0 && uploadBps >= uploadLimit * CAP_MEASURED_SHARE)) {
    return undefined
  }
  return Math.round(uploadBps * share)
}

/**
 * `base` (the `--upload-limit` every protocol shares) and, when `paceBps` is
 * given, a pace of its own for the pushes of one deployment: a push waits for
 * both.
 */
export function pacedLimiter (base: UploadLimiter, paceBps: number | undefined): UploadLimiter {
  if (paceBps == null || paceBps <= 0 || (base.rate != null && base.rate <= paceBps)) {
    return base
  }
  const pace = createUploadLimiter(paceBps)
  return {
    rate: paceBps,
    async take (bytes, signal) {
      await pace.take(bytes, signal)
      await base.take(bytes, signal)
    }
  }
}
