import { lpStream } from '@libp2p/utils'
import { ProbeRequest, ProbeResult } from './probe.js'
import type { UploadLimiter } from '../../node/upload-limiter.js'
import type { AbortOptions, Stream } from '@libp2p/interface'

/** Filler travels in 64 KiB frames, the size of a Yamux window update step. */
const FILLER_FRAME_BYTES = 64 * 1024

/** A frame is filler or a small message; anything larger is a protocol violation. */
const MAX_FRAME_BYTES = FILLER_FRAME_BYTES

/** Bounds how long a peer can make us send or receive filler. */
export const MAX_PROBE_DURATION_MS = 10_000

export interface ProbeMeasurement {
  /** bytes/s */
  rate: number
  bytes: number
  elapsedMs: number
}

export class ProbeError extends Error {
  static override readonly name = 'ProbeError'
  override readonly name = 'ProbeError'
}

const FILLER = new Uint8Array(FILLER_FRAME_BYTES)

function toMeasurement (bytes: number, elapsedMs: number): ProbeMeasurement {
  if (elapsedMs <= 0 || bytes <= 0) {
    throw new ProbeError(`probe too short to measure (${bytes} bytes in ${elapsedMs} ms)`)
  }
  return { rate: bytes * 1000 / elapsedMs, bytes, elapsedMs }
}

/**
 * Counts filler until the sender closes. The clock starts when the first
 * piece arrives, so connection set-up and the first piece's transit are not
 * counted, and that first piece's bytes are left out too. The filler is
 * counted as it arrives, not read as frames: the sender is not held back by
 * any window the reader grants (yamux credits on receipt), so frames queued
 * for a reader that lags a few tens of milliseconds overflowed its buffer at
 * the speeds of 127.0.0.1 (4 MiB at 70 MB/s).
 */
async function receiveFiller (stream: Stream, options?: AbortOptions): Promise<{ bytes: number, elapsedMs: number, firstFrameBytes: number }> {
  let firstAt: number | undefined
  let lastAt = 0
  let bytes = 0
  let firstFrameBytes = 0
  // a sender that stalls is cut off when the caller gives up, not when the stream idles out
  const signal = options?.signal
  const giveUp = (): void => { stream.abort(signal?.reason ?? new ProbeError('probe aborted')) }
  signal?.throwIfAborted()
  signal?.addEventListener('abort', giveUp, { once: true })
  try {
    for await (const piece of stream) {
      const now = performance.now()
      if (firstAt == null) {
        firstAt = now
        firstFrameBytes = piece.byteLength
      } else {
        bytes += piece.byteLength
      }
      lastAt = now
    }
  } finally {
    signal?.removeEventListener('abort', giveUp)
  }
  return { bytes, elapsedMs: firstAt == null ? 0 : lastAt - firstAt, firstFrameBytes }
}

async function sendFiller (lp: ReturnType<typeof lpStream>, durationMs: number, limiter: UploadLimiter, options?: AbortOptions): Promise<void> {
  const end = performance.now() + Math.min(durationMs, MAX_PROBE_DURATION_MS)
  while (performance.now() < end) {
    await limiter.take(FILLER_FRAME_BYTES + 4, options?.signal)
    await lp.write(FILLER, options)
  }
}

/** Host side: how fast can the node behind `stream` send to us? */
export async function measureUpload (stream: Stream, durationMs: number, options?: AbortOptions): Promise<ProbeMeasurement> {
  const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
  await lp.write(ProbeRequest.encode({ direction: ProbeRequest.Direction.UPLOAD, durationMs }), options)
  await stream.close(options)
  const received = await receiveFiller(lp.unwrap(), options)
  return toMeasurement(received.bytes, received.elapsedMs)
}

/** Host side: how fast can we send to the node behind `stream`? It reports what it received. */
export async function measureDownload (stream: Stream, durationMs: number, limiter: UploadLimiter, options?: AbortOptions): Promise<ProbeMeasurement> {
  const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
  await lp.write(ProbeRequest.encode({ direction: ProbeRequest.Direction.DOWNLOAD, durationMs }), options)
  await sendFiller(lp, durationMs, limiter, options)
  await stream.close(options)
  const result = ProbeResult.decode(await lp.read(options))
  return toMeasurement(result.bytes, result.elapsedMs)
}

/** Node side: answer one probe from the host, sending through the node's upload cap. */
export async function answerProbe (stream: Stream, limiter: UploadLimiter, options?: AbortOptions): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
  const request = ProbeRequest.decode(await lp.read(options))
  if (request.durationMs <= 0 || request.durationMs > MAX_PROBE_DURATION_MS) {
    throw new ProbeError(`probe duration ${request.durationMs} ms is outside 1..${MAX_PROBE_DURATION_MS}`)
  }
  if (request.direction === ProbeRequest.Direction.UPLOAD) {
    await sendFiller(lp, request.durationMs, limiter, options)
    await stream.close(options)
    return
  }
  const received = await receiveFiller(lp.unwrap(), options)
  await lpStream(stream, { maxDataLength: MAX_FRAME_BYTES }).write(ProbeResult.encode({
    bytes: received.bytes,
    elapsedMs: Math.round(received.elapsedMs),
    firstFrameBytes: received.firstFrameBytes
  }), options)
  await stream.close(options)
}
