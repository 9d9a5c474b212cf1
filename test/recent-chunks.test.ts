import assert from 'node:assert/strict'
import { Uint8ArrayList } from 'uint8arraylist'
import { RecentChunks } from '../src/node/package/recent-chunks.js'

describe('recent chunks', () => {
  const chunk = (byte: number, length = 100): Uint8Array => new Uint8Array(length).fill(byte)

  it('serves what it holds and drops the oldest beyond its bound of bytes', () => {
    const recent = new RecentChunks(300)
    recent.add(0, chunk(0))
    recent.add(1, chunk(1))
    recent.add(2, chunk(2))
    assert.equal(recent.byteLength, 300)
    assert.deepEqual(recent.get(0), chunk(0))
    recent.add(3, chunk(3))
    assert.equal(recent.get(0), undefined, 'the oldest went first')
    assert.deepEqual(recent.get(1), chunk(1))
    assert.deepEqual(recent.get(3), chunk(3))
    assert.equal(recent.byteLength, 300)
    // a larger one makes room for itself
    recent.add(4, chunk(4, 250))
    assert.equal(recent.get(1), undefined)
    assert.equal(recent.get(2), undefined)
    assert.equal(recent.get(3), undefined)
    assert.deepEqual(recent.get(4), chunk(4, 250))
    assert.equal(recent.byteLength, 250)
  })

  it('keeps nothing larger than its bound', () => {
    const recent = new RecentChunks(300)
    recent.add(0, chunk(0))
    recent.add(1, chunk(1, 301))
    assert.equal(recent.get(1), undefined)
    assert.deepEqual(recent.get(0), chunk(0))
    assert.equal(recent.byteLength, 100)
  })

  it('joins a chunk held in pieces once, on its first read', () => {
    const recent = new RecentChunks(1000)
    const whole = new Uint8Array(100).map((_, i) => i)
    const pieces = new Uint8ArrayList(whole.subarray(0, 30), whole.subarray(30))
    recent.add(7, pieces)
    // the caller's list consumed afterwards does not change what is held
    pieces.consume(pieces.byteLength)
    const first = recent.get(7)
    assert.deepEqual(first, whole)
    assert.equal(recent.get(7), first, 'the joined array is kept')
    assert.equal(recent.byteLength, 100)
  })

  it('replaces a chunk added again, and forgets on delete and clear', () => {
    const recent = new RecentChunks(1000)
    recent.add(0, chunk(0))
    recent.add(0, chunk(9))
    assert.deepEqual(recent.get(0), chunk(9))
    assert.equal(recent.byteLength, 100)
    recent.add(1, chunk(1))
    recent.delete(0)
    assert.equal(recent.get(0), undefined)
    assert.equal(recent.byteLength, 100)
    recent.clear()
    assert.equal(recent.get(1), undefined)
    assert.equal(recent.byteLength, 0)
  })
})
