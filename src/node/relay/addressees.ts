import { multiaddr } from '@multiformats/multiaddr'
import { MAX_ADDRESSEES } from '../../protocols/push/index.js'
import type { Addressee } from '../../protocols/push/index.js'
import type { TreeNode } from '../../tree/index.js'

/**
 * The addressee list on the wire (src/protocols/push/push.proto): a flat list in which each entry
 * names its parent by index (-1 = the node receiving the list). Parents come
 * before their children, so the list can never describe a cycle.
 */

export class InvalidAddresseeListError extends Error {
  static override readonly name = 'InvalidAddresseeListError'
  override readonly name = 'InvalidAddresseeListError'
}

export interface AddresseeShare {
  /** a direct child of the receiving node */
  target: { peerId: string, addrs: string[] }
  /** that child's own share of the list */
  subtree: Addressee[]
}

/** Addresses as bytes; one that does not parse is left out rather than failing the whole list. */
export function toBytes (addrs: string[]): Uint8Array<ArrayBuffer>[] {
  const bytes: Uint8Array<ArrayBuffer>[] = []
  for (const addr of addrs) {
    try {
      bytes.push(multiaddr(addr).bytes as Uint8Array<ArrayBuffer>)
    } catch {}
  }
  return bytes
}

/**
 * The descendants of `node` as an addressee list, for the push offer to
 * `node`: each with the addresses its own parent may dial it on (none: the
 * child dials its parent instead, docs/internet.md).
 */
export function subtreeOf (node: TreeNode, addrsOf: (peerId: string, parentId: string) => string[]): Addressee[] {
  const list: Addressee[] = []
  const visit = (parent: TreeNode, parentIndex: number): void => {
    for (const child of parent.children) {
      list.push({ peerId: child.id, addrs: toBytes(addrsOf(child.id, parent.id)), parent: parentIndex })
      visit(child, list.length - 1)
    }
  }
  visit(node, -1)
  return list
}

/**
 * Checks a received list: bounded, well-ordered, no duplicates, not naming
 * ourselves, valid addresses (none at all: that child is behind NAT and
 * dials its parent, docs/internet.md).
 */
export function validateAddressees (subtree: Addressee[], self: string): void {
  if (subtree.length > MAX_ADDRESSEES) {
    throw new InvalidAddresseeListError(`${subtree.length} addressees is more than ${MAX_ADDRESSEES}`)
  }
  const seen = new Set<string>([self])
  subtree.forEach((entry, index) => {
    if (entry.parent < -1 || entry.parent >= index) {
      throw new InvalidAddresseeListError(`addressee ${index} names parent ${entry.parent}: parents must come first`)
    }
    if (seen.has(entry.peerId)) {
      throw new InvalidAddresseeListError(`addressee ${entry.peerId} appears twice (or is the receiver)`)
    }
    seen.add(entry.peerId)
    if (entry.addrs.length > 16) {
      throw new InvalidAddresseeListError(`addressee ${entry.peerId} has more than 16 addresses`)
    }
    for (const addr of entry.addrs) {
      try {
        multiaddr(addr)
      } catch {
        throw new InvalidAddresseeListError(`addressee ${entry.peerId} has an invalid address`)
      }
    }
  })
}

/** Splits a received list into our direct children, each with its share. */
export function splitAddressees (subtree: Addressee[]): AddresseeShare[] {
  // new index of every entry inside its share, and which share it belongs to
  const shareOf = new Array<number>(subtree.length)
  const indexInShare = new Array<number>(subtree.length)
  const shares: AddresseeShare[] = []
  subtree.forEach((entry, index) => {
    if (entry.parent === -1) {
      shareOf[index] = shares.length
      indexInShare[index] = -1
      shares.push({ target: { peerId: entry.peerId, addrs: entry.addrs.map(addr => multiaddr(addr).toString()) }, subtree: [] })
      return
    }
    const share = shares[shareOf[entry.parent]]
    shareOf[index] = shareOf[entry.parent]
    indexInShare[index] = share.subtree.length
    share.subtree.push({ peerId: entry.peerId, addrs: entry.addrs, parent: indexInShare[entry.parent] })
  })
  return shares
}
