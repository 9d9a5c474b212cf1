/**
 * Target (b), relaying: `validateAddressees` and `splitAddressees` with
 * hostile addressee lists (parents out of range or after their children,
 * cycles, duplicates, the receiver itself, no or too many addresses, bad
 * multiaddrs, huge lists). What is accepted must be a forest the split can
 * cut into shares that are themselves valid lists, losing no one.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { splitAddressees, validateAddressees } from '../node/relay/addressees.js'
import { MAX_ADDRESSEES, MAX_SHARE_COUNT, PushOffer } from '../protocols/push/index.js'
import { errorName } from './stats.js'
import { carryOn } from './target.js'
import type { Fixture } from './fixture.js'
import type { Rng } from './rng.js'
import type { FuzzTarget, TargetContext } from './target.js'
import type { Addressee, Stripe } from '../protocols/push/index.js'

const TARGET = 'validate addressees'
const MAX_ADDRS_PER_ADDRESSEE = 16

function hostileList (rng: Rng, fx: Fixture, self: string): Addressee[] {
  const length = rng.weighted([[40, rng.int(12)], [8, rng.range(12, 200)], [1, rng.range(1000, 3000)]])
  const validAddr = (): Uint8Array<ArrayBuffer> => multiaddr(rng.pick(fx.addrs)).bytes as Uint8Array<ArrayBuffer>
  // a valid forest first: unique ids, parents before children, 1 to 3 good addresses each
  const list: Addressee[] = Array.from({ length }, (_, index) => ({
    peerId: `${rng.pick(fx.peerIds)}-${index}`,
    addrs: Array.from({ length: rng.range(1, 3) }, validAddr),
    parent: index === 0 || rng.bool(0.3) ? -1 : rng.range(-1, index - 1)
  }))
  // a split stripe-child (docs/striping.md): a leaf named once more, each entry with its half of the stripe
  if (length >= 2 && rng.bool(0.3)) {
    const child = list[length - 1]
    child.share = { index: 0, count: 4 }
    list.push({ peerId: child.peerId, addrs: [validAddr()], parent: rng.range(-1, length - 1), share: { index: 2, count: 4 } })
  }
  if (length === 0 || rng.bool(0.4)) {
    return list
  }
  // then one to three defects
  const defects = rng.range(1, 3)
  for (let d = 0; d < defects; d++) {
    const index = rng.int(length)
    const entry = list[index]
    rng.weighted<() => void>([
      [2, () => { entry.parent = rng.pick([index, index + rng.range(1, 5), -2, -(2 ** 31), 2 ** 31 - 1, length]) }],
      [2, () => { entry.peerId = rng.bool() ? self : list[rng.int(length)].peerId }],
      [1, () => { entry.peerId = rng.pick(['', 'not-a-peer-id', '../../x', rng.string(rng.range(1, 300))]) }],
      [2, () => { entry.addrs = rng.bool() ? [] : Array.from({ length: rng.pick([16, 17, 100]) }, validAddr) }],
      [2, () => { entry.addrs[rng.int(entry.addrs.length)] = rng.bytes(rng.range(0, 12)) }],
      [2, () => { entry.share = { index: rng.pick([0, 1, 2, 3, 4, 8, 2 ** 31]), count: rng.pick([0, 1, 2, 3, 4, 8, 32, 2 ** 32 - 1]) } }]
    ])()
  }
  return list
}

/** Chunk indices enough to see any two shares' overlap by brute force: beyond every least common multiple of two counts up to MAX_SHARE_COUNT. */
const SPAN = 2 * MAX_SHARE_COUNT * MAX_SHARE_COUNT

/** The chunk indices below `span` in a share. */
function chunksOf (share: Stripe, span: number): Set<number> {
  const chunks = new Set<number>()
  for (let index = 0; index < span; index++) if (index % share.count === share.index) chunks.add(index)
  return chunks
}

/**
 * The rules, independently: bounded, parents first, unique (but a split
 * stripe-child's entries, each with a share of the stripe, none
 * overlapping, none a parent), not the receiver, 0 to 16 valid addresses
 * (0: the child dials its parent).
 */
function expectedRefusal (list: Addressee[], self: string, stripe?: Stripe): string | undefined {
  if (list.length > MAX_ADDRESSEES) {
    return 'too many'
  }
  const seen = new Map<string, Array<Stripe | undefined>>([[self, [undefined]]])
  for (let index = 0; index < list.length; index++) {
    const { peerId, addrs, parent, share } = list[index]
    if (!(parent >= -1 && parent < index)) {
      return 'parent'
    }
    if (parent >= 0 && list[parent].share != null) {
      return 'child of a split child'
    }
    if (share != null) {
      const inStripe = stripe != null && share.count >= 1 && share.count <= MAX_SHARE_COUNT && share.index < share.count &&
        [...chunksOf(share, SPAN)].every(chunk => chunk % stripe.count === stripe.index) && chunksOf(share, SPAN).size > 0
      if (!inStripe) return 'share'
    }
    const before = seen.get(peerId)
    if (before != null) {
      if (share == null || before.some(other => other == null || [...chunksOf(other, SPAN)].some(chunk => chunksOf(share, SPAN).has(chunk)))) {
        return 'duplicate'
      }
    }
    seen.set(peerId, [...(before ?? []), share])
    if (addrs.length > MAX_ADDRS_PER_ADDRESSEE) {
      return 'address count'
    }
    for (const addr of addrs) {
      try {
        multiaddr(addr)
      } catch {
        return 'bad address'
      }
    }
  }
  return undefined
}

/** Every entry's descendants (peer ids), from the list as given. */
function descendants (list: Addressee[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>()
  for (let index = list.length - 1; index >= 0; index--) {
    const mine = out.get(index) ?? new Set<string>()
    out.set(index, mine)
    const parent = list[index].parent
    if (parent >= 0) {
      const theirs = out.get(parent) ?? new Set<string>()
      theirs.add(list[index].peerId)
      for (const id of mine) {
        theirs.add(id)
      }
      out.set(parent, theirs)
    }
  }
  return out
}

export function checkAddressees (ctx: TargetContext, list: Addressee[], self: string, iteration: number, stripe?: Stripe): void {
  ctx.stats.input(TARGET)
  const expected = expectedRefusal(list, self, stripe)
  const fail = (message: string): void => { ctx.stats.fail({ target: TARGET, kind: 'invariant', message: `${message} (list of ${list.length}, seed input ${iteration})`, iteration }) }
  try {
    validateAddressees(list, self, stripe)
  } catch (err: any) {
    ctx.stats.outcome(TARGET, errorName(err))
    if (err?.name !== 'InvalidAddresseeListError') {
      ctx.stats.fail({ target: TARGET, kind: 'crash', message: `validateAddressees threw ${errorName(err)}: ${err?.message}`, iteration })
    } else if (expected == null) {
      fail(`a valid addressee list was refused: ${err.message}`)
    }
    return
  }
  ctx.stats.outcome(TARGET, 'accepted')
  if (expected != null) {
    fail(`accepted an addressee list that breaks the rules (${expected})`)
    return
  }
  let shares
  try {
    shares = splitAddressees(list)
  } catch (err: any) {
    ctx.stats.fail({ target: TARGET, kind: 'crash', message: `splitAddressees threw ${errorName(err)} on a validated list: ${err?.message}`, iteration })
    return
  }
  const below = descendants(list)
  const roots = list.map((entry, index) => ({ entry, index })).filter(({ entry }) => entry.parent === -1)
  if (shares.length !== roots.length) {
    fail(`split into ${shares.length} shares, the list has ${roots.length} direct children`)
    return
  }
  let total = 0
  shares.forEach((share, i) => {
    const root = roots[i]
    total += 1 + share.subtree.length
    if (share.target.peerId !== root.entry.peerId) {
      fail(`share ${i} goes to ${share.target.peerId}, expected ${root.entry.peerId}`)
    }
    const ids = new Set(share.subtree.map(entry => entry.peerId))
    const want = below.get(root.index) ?? new Set()
    if (ids.size !== want.size || [...want].some(id => !ids.has(id))) {
      fail(`share of ${root.entry.peerId} does not hold exactly its descendants`)
    }
    try {
      validateAddressees(share.subtree, share.target.peerId, stripe)
    } catch (err: any) {
      fail(`the share for ${share.target.peerId} is not itself a valid list: ${err.message}`)
    }
  })
  if (total !== list.length) {
    fail(`shares hold ${total} addressees, the list ${list.length}`)
  }
}

export const addresseesValidatorTarget: FuzzTarget = {
  name: 'validate-addressees',
  weight: 5,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    const rng = ctx.rng
    for (let i = 0; i < iterations; i++) {
      if (i % 32 === 0 && !await carryOn(ctx)) {
        break
      }
      const self = rng.pick(ctx.fx.peerIds)
      if (i % 2000 === 1999) {
        // one past the bound: must be refused on the count, before any entry is looked at
        const entry: Addressee = { peerId: 'x', addrs: [], parent: 5 }
        checkAddressees(ctx, new Array<Addressee>(MAX_ADDRESSEES + 1).fill(entry), self, i)
        continue
      }
      let list = hostileList(rng, ctx.fx, self)
      // a list of a striped push (stripe 0 of 2, whose halves are 0 and 2 of 4), or of a whole package
      const stripe = rng.bool(0.7) ? { index: 0, count: 2 } : undefined
      if (rng.bool(0.3)) {
        // as a node receives it: through the wire codec, whose limits may refuse it first
        try {
          list = PushOffer.decode(PushOffer.encode({ deploymentId: 'd', signedManifest: new Uint8Array(0), subtree: list, stripe })).subtree
        } catch (err) {
          ctx.stats.input(TARGET)
          ctx.stats.outcome(TARGET, `refused by the codec (${errorName(err)})`)
          continue
        }
      }
      checkAddressees(ctx, list, self, i, stripe)
    }
  }
}
