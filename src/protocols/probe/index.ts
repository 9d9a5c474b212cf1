/**
 * `/cascade/probe/1.0.0`: the host measures a member's throughput (seed 000,
 * claim 4: measure the connection speed to each client before uploading).
 * The host opens the stream and sends a ProbeRequest; then filler frames flow
 * one way for `durationMs`; the receiver times them from the first frame to
 * the last.
 */
export { ProbeRequest, ProbeResult } from './probe.js'
export { measureUpload, measureDownload, answerProbe } from './probe-exchange.js'
export type { ProbeMeasurement } from './probe-exchange.js'

export const PROBE_PROTOCOL = '/cascade/probe/1.0.0'
