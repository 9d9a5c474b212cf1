/**
 * The bench's default network (docs/benchmarks.md, "Settings"): every link
 * a token bucket (`tc tbf`) in front of one drop-tail queue, as a DSL or
 * cable modem, a shop router or a cheap switch has, with segmentation and
 * receive offloads off so that the shaper sees and drops wire-size frames;
 * and the same one-way delay on every path (src/bench/delay). These are the
 * command lines it takes, built here so that they can be checked without
 * root.
 */

/** Queue of each shaped link, in full frames (a common home router's transmit queue). */
export const DEFAULT_QUEUE_FRAMES = 200

/** One-way delay added to every path by default, ms: a short access-network RTT (10 ms). */
export const DEFAULT_DELAY_MS = 5

/** A full Ethernet frame as tc counts it: 1500 bytes of IP packet and the 14-byte header. */
export const FRAME_BYTES = 1514

/** The bucket refills this long of traffic at most: short bursts, so the rate holds at the 10 ms scale. */
const BURST_SECONDS = 0.004
/** ... but never less than two full frames, or tbf cannot send a frame at all at low rates. */
const MIN_BURST_FRAMES = 2

/** The offloads turned off on both ends of every link: TCP segmentation, generic segmentation and receive. */
export const OFFLOADS = ['tso', 'gso', 'gro'] as const

/** tbf's bucket for `rate` bytes/s. */
export function burstBytes (rate: number): number {
  return Math.max(MIN_BURST_FRAMES * FRAME_BYTES, Math.round(rate * BURST_SECONDS))
}

/** The `tc -batch` line that shapes what leaves `dev` to `rate` bytes/s, with a drop-tail queue of `queueFrames` frames. */
export function tbfLine (dev: string, rate: number, queueFrames = DEFAULT_QUEUE_FRAMES): string {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`bad link rate ${rate}`)
  if (!Number.isInteger(queueFrames) || queueFrames < 1) throw new RangeError(`bad queue length ${queueFrames} frames`)
  return `qdisc add dev ${dev} root handle 10: tbf rate ${Math.max(8, Math.round(rate * 8))}bit burst ${burstBytes(rate)} limit ${queueFrames * FRAME_BYTES}`
}

/** `ethtool` arguments that turn the offloads off on `dev`. */
export function offloadArgs (dev: string): string[] {
  return ['-K', dev, ...OFFLOADS.flatMap(name => [name, 'off'])]
}

/**
 * `iptables` argument lists that send every IPv4 packet the hub namespace
 * bridges (FORWARD) or sends and receives itself (the tracker: OUTPUT,
 * INPUT) to NFQUEUE `queue`; with --queue-bypass packets pass undelayed if
 * no program listens.
 */
export function nfqueueRules (queue: number): string[][] {
  if (!Number.isInteger(queue) || queue < 0 || queue > 65535) throw new RangeError(`bad NFQUEUE number ${queue}`)
  return ['FORWARD', 'INPUT', 'OUTPUT'].map(chain => ['-t', 'mangle', '-A', chain, '-j', 'NFQUEUE', '--queue-num', String(queue), '--queue-bypass'])
}
