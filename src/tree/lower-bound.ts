import type { PlanPeer } from './types.js'

/**
 * T*, the time no schedule can beat (docs/benchmarks.md, "The tree against T*"):
 *
 *   T* = max( S / U_h,  S / min D_i,  N·S / (U_h + Σ U_i) )
 *
 * the host must send the package at least once; the slowest downloader must
 * receive all of it; N copies must cross the fleet's total upload. Peers
 * without a measured download do not enter the middle term. No clients:
 * nothing to send, 0.
 */
export function lowerBound (size: number, hostUpload: number, peers: PlanPeer[]): number {
  if (peers.length === 0 || size === 0) return 0
  let totalUpload = hostUpload
  let minDownload = Infinity
  for (const peer of peers) {
    totalUpload += peer.upload
    if (peer.download !== undefined) minDownload = Math.min(minDownload, peer.download)
  }
  return Math.max(size / hostUpload, size / minDownload, peers.length * size / totalUpload)
}
