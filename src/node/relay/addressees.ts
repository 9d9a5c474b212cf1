import { multiaddr } from '@multiformats/multiaddr'
import { MAX_ADDRESSEES, shareRefusal, sharesOverlap } from '../../protocols/push/index.js'
import { splitShares } from '../../tree/index.js'
import type { Addressee, Stripe } from '../../protocols/push/index.js'
import type { StripeSplit, TreeNode } from '../../tree/index.js'

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
  /** a direct child of the receiving node; with `share`, only those chunks of the stripe go to it (a split stripe-child) */
  target: { peerId: string, addrs: string[], share?: Stripe }
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

/** A stripe's split stripe-children (src/tree/split.ts): child → its helper and the helper's parts. */
export interface SplitStripe {
  stripe: Stripe
  helpers: ReadonlyMap<string, StripeSplit>
}

/**
 * The descendants of `node` as an addressee list, for the push offer to
 * `node`: each with the addresses its own parent may dial it on (none: the
 * child dials its parent instead, docs/internet.md). With `split`, a split
 * stripe-child (a leaf there: the caller passes only those) is named under
 * its parent once per class of the parent's share, and under its helper
 * once per class of the helper's (`splitShares`).
 */
export function subtreeOf (node: TreeNode, addrsOf: (peerId: string, parentId: string) => string[], split?: SplitStripe): Addressee[] {
  const list: Addressee[] = []
  const helped = new Map<string, string[]>()
  for (const [child, { helper }] of split?.helpers ?? []) helped.set(helper, [...(helped.get(helper) ?? []), child])
  const sharesOf = (child: string): ReturnType<typeof splitShares> | undefined => {
    const entry = split?.helpers.get(child)
    return split == null || entry == null ? undefined : splitShares(split.stripe.index, split.stripe.count, entry.parts)
  }
  const visit = (parent: TreeNode, parentIndex: number): void => {
    for (const child of parent.children) {
      const addrs = toBytes(addrsOf(child.id, parent.id))
      const shares = sharesOf(child.id)
      if (shares == null) {
        list.push({ peerId: child.id, addrs, parent: parentIndex })
        visit(child, list.length - 1)
      } else {
        for (const share of shares.parent) list.push({ peerId: child.id, addrs, parent: parentIndex, share })
      }
    }
    for (const child of helped.get(parent.id) ?? []) {
      const addrs = toBytes(addrsOf(child, parent.id))
      for (const share of sharesOf(child)?.helper ?? []) list.push({ peerId: child, addrs, parent: parentIndex, share })
    }
  }
  visit(node, -1)
  return list
}

/**
 * Checks a received list: bounded, well-ordered, no duplicates, not naming
 * ourselves, valid addresses (none at all: that child is behind NAT and
 * dials its parent, docs/internet.md). A split stripe-child (`share`) is the
 * one exception to "no duplicates": each of its entries carries a share of
 * `stripe`, no two of them overlap, and none has children of its own.
 */
export function validateAddressees (subtree: Addressee[], self: string, stripe?: Stripe): void {
  if (subtree.length > MAX_ADDRESSEES) {
    throw new InvalidAddresseeListError(`${subtree.length} addressees is more than ${MAX_ADDRESSEES}`)
  }
  // each peer named so far: its entries' shares, or null once an entry (or the receiver) has none
  const seen = new Map<string, Stripe[] | null>([[self, null]])
  subtree.forEach((entry, index) => {
    if (entry.parent < -1 || entry.parent >= index) {
      throw new InvalidAddresseeListError(`addressee ${index} names parent ${entry.parent}: parents must come first`)
    }
    if (entry.parent >= 0 && subtree[entry.parent].share != null) {
      throw new InvalidAddresseeListError(`addressee ${index} names a split stripe-child as its parent`)
    }
    const share = entry.share
    const refusal = shareRefusal(share, stripe)
    if (refusal != null) throw new InvalidAddresseeListError(`addressee ${entry.peerId}: ${refusal}`)
    const before = seen.get(entry.peerId)
    if (before !== undefined && (share == null || before == null || before.some(other => sharesOverlap(other, share)))) {
      throw new InvalidAddresseeListError(`addressee ${entry.peerId} appears twice (or is the receiver)`)
    }
    if (share == null) seen.set(entry.peerId, null)
    else if (before == null) seen.set(entry.peerId, [share])
    else before.push(share)
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
      const target = { peerId: entry.peerId, addrs: entry.addrs.map(addr => multiaddr(addr).toString()) }
      shares.push({ target: entry.share == null ? target : { ...target, share: entry.share }, subtree: [] })
      return
    }
    const share = shares[shareOf[entry.parent]]
    shareOf[index] = shareOf[entry.parent]
    indexInShare[index] = share.subtree.length
    share.subtree.push({ peerId: entry.peerId, addrs: entry.addrs, parent: indexInShare[entry.parent], ...(entry.share == null ? {} : { share: entry.share }) })
  })
  return shares
}
