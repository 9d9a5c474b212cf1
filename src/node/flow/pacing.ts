/**
 * Pacing (docs/benchmarks.md, "Pacing"): everything a node relays in a
 * deployment, and everything the host pushes, leaves at a little less than
 * what the uplink delivers. A home router's uplink is one drop-tail queue:
 * filled by our bulk data, it also delays the TCP acknowledgements of what
 * the node downloads (and its credits and reports), by up to the queue's
 * length (200 frames: 2.4 s on a 1 Mbit/s uplink), and the node's own
 * download collapses. Kept a few percent below the link, the queue stays
 * nearly empty.
 */
import { createUploadLimiter } from '../upload-limiter.js'
import type { UploadLimiter } from '../upload-limiter.js'

/**
 * The share of a measured upload (TCP goodput over the host's probe) that
 * pushes may fill. Above the planner's share (PLAN_UPLOAD_SHARE, 0.9 in
 * src/node/host/deployment/plan-adapter.ts), so that the plan's rates fit
 * under the pace; below 1 by what rides on the same uplink beside our data:
 * the acknowledgements of a download at the fleet's stream rate (about 1.5 %
 * of it: up to 7 % of a 1 Mbit/s uplink fed at 5 Mbit/s), credits, reports,
 * heartbeats. Chosen on the reference testbed (docs/benchmarks.md).
 */
export const PACE_SHARE = Number(process.env.CASCADE_EXP_PACE ?? 0.92)

/**
 * A measured upload within this share of the sender's own cap (`--upload-limit`)
 * measured the cap, not the link: the cap's token bucket paces already.
 */
const CAP_MEASURED_SHARE = 0.9

/**
 * bytes/s to pace a sender at, from its measured upload and its own cap
 * (0 = none); undefined when nothing was measured or the cap paces it.
 */
export function paceFor (measured: { uploadBps: number, uploadLimit?: number }): number | undefined {
  const { uploadBps, uploadLimit = 0 } = measured
  if (!(uploadBps > 0) || (uploadLimit > 0 && uploadBps >= uploadLimit * CAP_MEASURED_SHARE)) {
    return undefined
  }
  return Math.round(uploadBps * PACE_SHARE)
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
