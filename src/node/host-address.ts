import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export class InvalidHostAddressError extends Error {
  static override readonly name = 'InvalidHostAddressError'
  override readonly name = 'InvalidHostAddressError'
}

/** Parses `--host`: it must name the host's peer id, which pins the host. */
export function parseHostAddress (text: string): { addr: Multiaddr, peerId: PeerId } {
  let addr: Multiaddr
  try {
    addr = multiaddr(text)
  } catch (err: any) {
    throw new InvalidHostAddressError(`--host "${text}" is not a multiaddr: ${err.message}`)
  }
  const peerIdText = addr.getComponents().findLast(component => component.name === 'p2p')?.value
  if (peerIdText == null) {
    throw new InvalidHostAddressError(`--host "${text}" must end in /p2p/<host peer id>, which pins the host`)
  }
  return { addr, peerId: peerIdFromString(peerIdText) }
}
