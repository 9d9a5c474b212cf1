/**
 * Parsing and formatting of the rates and sizes people type on the command
 * line (`--upload-limit 2MiB/s`, `--size 1GiB`).
 */

export class InvalidQuantityError extends Error {
  static override readonly name = 'InvalidQuantityError'
  override readonly name = 'InvalidQuantityError'
}

/** Byte multipliers: SI (k = 1000) and IEC (Ki = 1024) prefixes. */
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4
}

/** Bit-rate units as network people write them (`16mbit`, `40Mbps`), in bytes. */
const BIT_UNITS: Record<string, number> = {
  bit: 1 / 8,
  kbit: 1e3 / 8,
  mbit: 1e6 / 8,
  gbit: 1e9 / 8,
  kbps: 1e3 / 8,
  mbps: 1e6 / 8,
  gbps: 1e9 / 8
}

const QUANTITY = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i

function parseQuantity (text: string, units: Record<string, number>, what: string): number {
  const match = QUANTITY.exec(text)
  if (match == null) {
    throw new InvalidQuantityError(`invalid ${what} "${text}"`)
  }
  const unit = match[2].toLowerCase()
  const multiplier = unit === '' ? 1 : units[unit]
  if (multiplier == null) {
    throw new InvalidQuantityError(`unknown unit "${match[2]}" in ${what} "${text}"`)
  }
  const value = Number(match[1]) * multiplier
  if (!Number.isFinite(value)) {
    throw new InvalidQuantityError(`invalid ${what} "${text}"`)
  }
  return value
}

/**
 * Bytes per second from `2MiB/s`, `500KB/s`, `16mbit`, `40mbps` or a plain
 * number of bytes/s. `bps` units are bits, as network people write them.
 */
export function parseRate (text: string): number {
  const perSecondStripped = text.trim().replace(/\/s$/i, '')
  const rate = parseQuantity(perSecondStripped, { ...BYTE_UNITS, ...BIT_UNITS }, 'rate')
  if (rate <= 0) {
    throw new InvalidQuantityError(`rate must be positive: "${text}"`)
  }
  return Math.round(rate)
}

/** Bytes from `1GiB`, `64MiB`, `10MB`, `4096`. */
export function parseSize (text: string): number {
  return Math.round(parseQuantity(text, BYTE_UNITS, 'size'))
}

export function formatBytes (n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`
}

export function formatRate (bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}
