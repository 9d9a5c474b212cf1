import assert from 'node:assert/strict'
import { PushAllowance, PushOverrunError } from '../src/node/client/push-allowance.js'
import { bitmapLength, setBit } from '../src/node/package/bitmap.js'
import { chunksToSend } from '../src/node/relay/push-sender.js'
import { Rng } from '../src/fuzz/rng.js'
import type { Stripe } from '../src/protocols/push/index.js'

describe('push allowance: what one push may send after its offer', () => {
  it('allows exactly what an honest sender sends (chunksToSend), each once, in any order, and nothing more', () => {
    const rng = new Rng(15)
    for (let round = 0; round < 200; round++) {
      const chunkCount = 1 + rng.int(70)
      const have = new Uint8Array(bitmapLength(chunkCount))
      for (let i = 0; i < chunkCount; i++) if (rng.bool(0.3)) setBit(have, i)
      const count = 2 + rng.int(7)
      const stripe: Stripe | undefined = rng.bool(0.5) ? { index: rng.int(count), count } : undefined
      const owed = chunksToSend(chunkCount, have, stripe)
      const allowance = new PushAllowance(chunkCount, have, stripe)
      const order = rng.bool(0.5) ? [...owed].reverse() : owed
      // what it still owes (and a receiver's skip notice may name) is exactly what it may send
      for (let index = 0; index < chunkCount + 3; index++) assert.equal(allowance.owes(index), owed.includes(index), `owes chunk ${index}`)
      for (const index of order) allowance.take(index)
      assert.ok(owed.every(index => !allowance.owes(index)), 'a chunk sent is owed no more')
      // past what it owed, every index is refused: repeats, held chunks, other stripes, past the end
      for (let index = 0; index < chunkCount + 3; index++) {
        assert.throws(() => { allowance.take(index) }, PushOverrunError, `chunk ${index} of ${chunkCount} after the push sent all it owed`)
      }
    }
  })

  it('names what was too much', () => {
    const have = new Uint8Array([0b0001])
    const allowance = new PushAllowance(4, have, { index: 1, count: 2 })
    assert.throws(() => { allowance.take(4) }, /chunk 4 is beyond the package's 4 chunks/)
    assert.throws(() => { allowance.take(2) }, /chunk 2 is not in stripe 1 of 2/)
    allowance.take(1)
    assert.throws(() => { allowance.take(1) }, /chunk 1 sent again/)
    const unstriped = new PushAllowance(4, have)
    assert.throws(() => { unstriped.take(0) }, /chunk 0 was held here before the push began/)
    // the allowance keeps the bitmap it was given as it was: the store's own goes on changing
    setBit(have, 1)
    unstriped.take(1)
  })
})
