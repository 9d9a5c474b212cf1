/**
 * Seed 004 limits how many peers any client relays to, so relaying is not
 * noticeable to its user. Four keeps each child's share of a relay's upload
 * at a quarter or more and the tree shallow: 100,000 clients fit in 9 levels.
 */
export const DEFAULT_MAX_FANOUT = 4

/**
 * floor(U / r) for a candidate rate r = U / k must give k back, but the
 * division can land a hair below k. This slack (relative to a fan-out of a
 * few units) is far below any bandwidth measurement's precision.
 */
export const SLOT_EPSILON = 1e-9

/**
 * Resolution of the rate-for-depth search: candidate rates 2^(1/16) (~4.4 %)
 * apart, finer than a bandwidth probe is accurate. The best sample is then
 * refined exactly, so this only bounds how many trees are tried.
 */
export const RATE_STEPS_PER_OCTAVE = 16
