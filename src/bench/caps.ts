import { generateFleet } from '../sim/index.js'
import { parseRate } from '../node/units.js'
import type { FleetClass } from '../sim/index.js'

/**
 * A mesh's link caps: `40mbit:0.25,16mbit:0.5,4mbit:0.25` gives each class
 * of node an upload rate and its share of the mesh; `40mbit/100mbit:0.25`
 * adds a download rate (without one the download is not capped).
 */

export class InvalidCapSpecError extends Error {
  static override readonly name = 'InvalidCapSpecError'
  override readonly name = 'InvalidCapSpecError'
}

/** The default heterogeneous mesh: a quarter fast, half middling, a quarter slow uplinks. */
export const DEFAULT_CAP_SPEC = '40mbit:0.25,16mbit:0.5,4mbit:0.25'

/** One node's caps, bytes/s; download undefined = not capped. */
export interface NodeCaps {
  upload: number
  download?: number
}

export function parseCapSpec (spec: string): FleetClass[] {
  const classes = spec.split(',').filter(part => part.trim() !== '').map(part => {
    const split = part.lastIndexOf(':')
    const fraction = split === -1 ? 1 : Number(part.slice(split + 1))
    if (!(fraction > 0) || !Number.isFinite(fraction)) {
      throw new InvalidCapSpecError(`bad fraction in "${part}" (want RATE[/RATE]:FRACTION)`)
    }
    // `/` separates upload from download, except in a `/s` suffix (`16MiB/s/100MiB/s`)
    const rates: string[] = []
    for (const token of (split === -1 ? part : part.slice(0, split)).split('/')) {
      if (token.trim().toLowerCase() === 's' && rates.length > 0) rates[rates.length - 1] += '/s'
      else rates.push(token)
    }
    const [up, down, extra] = rates
    if (extra !== undefined) {
      throw new InvalidCapSpecError(`"${part}": at most an upload and a download rate`)
    }
    try {
      return { upload: parseRate(up), ...(down === undefined || down === '' ? {} : { download: parseRate(down) }), fraction }
    } catch (err: any) {
      throw new InvalidCapSpecError(`"${part}": ${err.message}`)
    }
  })
  if (classes.length === 0) {
    throw new InvalidCapSpecError(`no classes in "${spec}"`)
  }
  return classes
}

/**
 * Caps of nodes 0..count-1. The simulator's `generateFleet` does the
 * assignment (class sizes by largest remainder, order shuffled with `seed`),
 * so node i of a mesh and peer-i of a simulation have the same caps.
 */
export function assignCaps (count: number, classes: FleetClass[], seed: number): NodeCaps[] {
  return generateFleet(count, classes, seed).map(peer => ({ upload: peer.upload, ...(peer.download === undefined ? {} : { download: peer.download }) }))
}

/**
 * Caps of nodes 0..count-1 taken in turn from `classes` (node i gets class
 * i mod the number of classes; fractions are ignored): `10mbit,4mbit,1mbit,4mbit`
 * with `npm run bench -- --cycle` gives a quarter of the nodes 10 Mbit/s, half
 * 4 and a quarter 1, in a fixed order rather than shuffled by a seed.
 * `download` fills in a class without a download rate.
 */
export function cycleCaps (count: number, classes: FleetClass[], download?: number): NodeCaps[] {
  if (classes.length === 0) throw new RangeError('no cap classes to cycle')
  return Array.from({ length: count }, (_, i) => withDownload(classes[i % classes.length], download))
}

/** `caps` with `download` where a class gave none. */
export function withDownload (caps: NodeCaps, download?: number): NodeCaps {
  const down = caps.download ?? download
  return { upload: caps.upload, ...(down === undefined ? {} : { download: down }) }
}
