import { InvalidSimInputError } from './errors.js'
import type { PlanPeer } from '../tree/index.js'

/** One class of device in a fleet: its upload (and download), and its share of the fleet. */
export interface FleetClass {
  upload: number
  download?: number
  fraction: number
}

/**
 * A small, fast, seedable PRNG (mulberry32) returning floats in [0, 1):
 * the same seed gives the same fleet on every machine.
 */
export function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * `count` peers named peer-0..: each class gets round(fraction · count)
 * members (the remainder going to the largest fractions), then the join
 * order is shuffled with the seed, so classes are interleaved as real
 * joins would be but the outcome is reproducible.
 */
export function generateFleet (count: number, classes: FleetClass[], seed: number): PlanPeer[] {
  const total = classes.reduce((sum, c) => sum + c.fraction, 0)
  if (classes.length === 0 || !(total > 0)) throw new InvalidSimInputError('a fleet needs classes with positive fractions')
  const exact = classes.map(c => c.fraction / total * count)
  const counts = exact.map(Math.floor)
  const byRemainder = exact.map((value, i) => ({ i, rest: value - counts[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  const deficit = count - counts.reduce((a, b) => a + b, 0)
  for (let k = 0; k < deficit; k++) counts[byRemainder[k].i]++
  const members: FleetClass[] = []
  classes.forEach((c, i) => { for (let k = 0; k < counts[i]; k++) members.push(c) })
  const random = seededRandom(seed)
  for (let i = members.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = members[i]
    members[i] = members[j]
    members[j] = swap
  }
  return members.map((c, i) => ({ id: `peer-${i}`, upload: c.upload, ...(c.download === undefined ? {} : { download: c.download }) }))
}
