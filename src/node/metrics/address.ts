/**
 * `--http ADDR` (host) and `--metrics ADDR` (node): where a read-only HTTP
 * listener binds, as HOST:PORT (`127.0.0.1:8080`, `[::1]:9464`,
 * `0.0.0.0:0` for any free port). Nothing else is accepted: a bind address
 * must be explicit, so a dashboard is never exposed by accident.
 */
import { isIP } from 'node:net'

export interface HttpAddress {
  /** an IP address, or `localhost` */
  host: string
  /** 0 = any free port */
  port: number
}

/** The largest TCP port. */
const MAX_PORT = 65_535

/** A bind address that is not HOST:PORT. */
export class InvalidHttpAddressError extends Error {
  static override readonly name = 'InvalidHttpAddressError'
  override readonly name = 'InvalidHttpAddressError'
}

/** Parses HOST:PORT; throws InvalidHttpAddressError naming what is wrong. */
export function parseHttpAddress (value: string): HttpAddress {
  const shown = `"${value.slice(0, 64)}"`
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value)
  if (match == null) {
    throw new InvalidHttpAddressError(`${shown} is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)`)
  }
  const host = match[1] ?? match[2]
  const port = Number(match[3])
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new InvalidHttpAddressError(`${shown}: "${host.slice(0, 64)}" is not an IP address or localhost`)
  }
  if (match[1] != null && isIP(host) !== 6) {
    throw new InvalidHttpAddressError(`${shown}: only an IPv6 address goes in brackets`)
  }
  if (port > MAX_PORT) {
    throw new InvalidHttpAddressError(`${shown}: port ${port} is above ${MAX_PORT}`)
  }
  return { host, port }
}

/** `value` itself when it is HOST:PORT (a CLI option keeps the string); throws InvalidHttpAddressError. */
export function checkHttpAddress (value: string): string {
  parseHttpAddress(value)
  return value
}
