/** Order statistics for completion times. */

/**
 * The p-th percentile (0..100) of `values` by the nearest-rank method: the
 * smallest value with at least p % of the values at or below it, so p99 of
 * 32 nodes is the slowest node and p50 of 8 is the 4th. NaN when empty.
 */
export function percentile (values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p / 100 * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1]
}
