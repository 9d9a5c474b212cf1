/**
 * A split stripe-child on the wire (src/node/relay/addressees.ts,
 * docs/striping.md): the addressee list names it under its parent with one
 * share of the stripe and under its helper with the other; every other
 * duplicate is still refused.
 */
import assert from 'node:assert/strict'
import { splitAddressees, subtreeOf, validateAddressees } from '../src/node/relay/addressees.js'
import { isShareOf, sharesOverlap } from '../src/protocols/push/index.js'
import { node } from './drawn-plan.js'
import type { Addressee } from '../src/protocols/push/index.js'

const STRIPE = { index: 1, count: 4 }
const none = (): string[] => []

describe('split stripe-children in addressee lists (src/node/relay/addressees.ts)', () => {
  // the host's push to root r in stripe 1 of 4: r feeds a (a relay) and c; a feeds h; h helps c
  const root = node('r', node('a', node('h')), node('c'))
  const split = { stripe: STRIPE, helpers: new Map([['c', { helper: 'h', parts: 2 }]]) }

  it('names the split child under its parent and under its helper, each with its half (two parts of four)', () => {
    const list = subtreeOf(root, none, split)
    assert.deepEqual(list.map(entry => [entry.peerId, entry.parent, entry.share]), [
      ['a', -1, undefined],
      ['h', 0, undefined],
      ['c', 1, { index: 5, count: 8 }],
      ['c', -1, { index: 1, count: 8 }]
    ])
    validateAddressees(list, 'r', STRIPE)
    // r's children: a with its share (h, and c under h), and c with the parent's half
    const shares = splitAddressees(list)
    assert.deepEqual(shares.map(share => [share.target.peerId, share.target.share, share.subtree.map(entry => [entry.peerId, entry.parent, entry.share])]), [
      ['a', undefined, [['h', -1, undefined], ['c', 0, { index: 5, count: 8 }]]],
      ['c', { index: 1, count: 8 }, []]
    ])
    for (const share of shares) validateAddressees(share.subtree, share.target.peerId, STRIPE)
    // h receives the list naming c alone, with the helper's half
    assert.deepEqual(splitAddressees(shares[0].subtree)[0].subtree, [{ peerId: 'c', addrs: [], parent: -1, share: { index: 5, count: 8 } }])
  })

  it('a helper with one part of four: the parent\'s three are a half and a quarter, each its own entry', () => {
    const list = subtreeOf(root, none, { stripe: STRIPE, helpers: new Map([['c', { helper: 'h', parts: 1 }]]) })
    assert.deepEqual(list.map(entry => [entry.peerId, entry.parent, entry.share]), [
      ['a', -1, undefined],
      ['h', 0, undefined],
      ['c', 1, { index: 13, count: 16 }],
      ['c', -1, { index: 1, count: 8 }],
      ['c', -1, { index: 5, count: 16 }]
    ])
    validateAddressees(list, 'r', STRIPE)
    const shares = splitAddressees(list)
    assert.deepEqual(shares.map(share => [share.target.peerId, share.target.share]), [['a', undefined], ['c', { index: 1, count: 8 }], ['c', { index: 5, count: 16 }]])
  })

  it('without a split the list is as before', () => {
    assert.deepEqual(subtreeOf(root, none).map(entry => [entry.peerId, entry.parent, entry.share]), [['a', -1, undefined], ['h', 0, undefined], ['c', -1, undefined]])
  })

  const entry = (peerId: string, parent: number, share?: { index: number, count: number }): Addressee => ({ peerId, addrs: [], parent, ...(share == null ? {} : { share }) })

  for (const [what, list, stripe, pattern] of [
    ['a peer twice without shares', [entry('c', -1), entry('c', -1)], STRIPE, /appears twice/],
    ['a peer twice, one without a share', [entry('c', -1, { index: 1, count: 8 }), entry('c', -1)], STRIPE, /appears twice/],
    ['two shares that overlap', [entry('c', -1, { index: 1, count: 8 }), entry('c', -1, { index: 1, count: 4 })], STRIPE, /appears twice/],
    ['a share outside the stripe', [entry('c', -1, { index: 2, count: 8 })], STRIPE, /not part of stripe 1 of 4/],
    ['a share finer than any plan', [entry('c', -1, { index: 1, count: 64 })], STRIPE, /not part of stripe/],
    ['the same share twice', [entry('c', -1, { index: 1, count: 8 }), entry('c', -1, { index: 1, count: 8 })], STRIPE, /appears twice/],
    ['a share of no stripe', [entry('c', -1, { index: 1, count: 8 })], undefined, /not part of a striped push/],
    ['a child under a split child', [entry('c', -1, { index: 1, count: 8 }), entry('d', 0)], STRIPE, /names a split stripe-child as its parent/],
    ['the receiver with a share', [entry('r', -1, { index: 1, count: 8 })], STRIPE, /appears twice/]
  ] as Array<[string, Addressee[], typeof STRIPE | undefined, RegExp]>) {
    it(`refuses ${what}`, () => {
      assert.throws(() => { validateAddressees(list, 'r', stripe) }, (err: Error) => err.name === 'InvalidAddresseeListError' && pattern.test(err.message))
    })
  }

  it('shares: classes of the stripe, and their overlaps', () => {
    assert.ok(isShareOf({ index: 1, count: 8 }, STRIPE))
    assert.ok(isShareOf({ index: 5, count: 8 }, STRIPE))
    assert.ok(isShareOf({ index: 1, count: 4 }, STRIPE))
    assert.ok(!isShareOf({ index: 3, count: 8 }, STRIPE))
    assert.ok(!isShareOf({ index: 1, count: 6 }, STRIPE))
    assert.ok(!isShareOf({ index: 9, count: 8 }, STRIPE))
    assert.ok(!sharesOverlap({ index: 1, count: 8 }, { index: 5, count: 8 }))
    assert.ok(sharesOverlap({ index: 1, count: 8 }, { index: 1, count: 16 }))
    assert.ok(sharesOverlap({ index: 1, count: 8 }, { index: 9, count: 16 }))
    assert.ok(!sharesOverlap({ index: 1, count: 8 }, { index: 13, count: 16 }))
  })
})
