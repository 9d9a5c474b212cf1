/**
 * `/cascade/probe/1.0.0`: the host measures a member's throughput before it
 * orders the members for an upload (docs/update-flow.md, "Order and tree").
 * The host opens the stream and sends a ProbeRequest; then filler frames flow
 * one way for `durationMs`; the receiver times them from the first frame to
 * the last.
 */
export { ProbeRequest, ProbeResult } from './probe.js'
export { measureUpload, measureDownload, answerProbe, ProbeError, MAX_PROBE_DURATION_MS } from './probe-exchange.js'
export type { ProbeMeasurement } from './probe-exchange.js'

export const PROBE_PROTOCOL = '/cascade/probe/1.0.0'
