import assert from 'node:assert/strict'
import { IncomingPushes, PushReplacedError } from '../src/node/client/incoming-pushes.js'
import { JOIN_PROTOCOL } from '../src/protocols/join/index.js'
import { PUSH_PROTOCOL } from '../src/protocols/push/index.js'
import type { PushConnection } from '../src/node/client/incoming-pushes.js'
import type { Stream } from '@libp2p/interface'

/** A stream of `protocol` that records its abort, as libp2p's does: its status leaves 'open'. */
function stream (protocol = PUSH_PROTOCOL): Stream & { aborted?: Error } {
  const s = { protocol, status: 'open', aborted: undefined as Error | undefined, abort (err: Error) { s.aborted = err; s.status = 'aborted' } }
  return s as unknown as Stream & { aborted?: Error }
}

/** A connection carrying `streams`, which records its abort. */
function connection (...streams: Stream[]): PushConnection & { aborted?: Error } {
  const c = { streams, aborted: undefined as Error | undefined, abort (err: Error) { c.aborted = err } }
  return c as unknown as PushConnection & { aborted?: Error }
}

describe('the pushes a node receives (src/node/client/incoming-pushes.ts)', () => {
  it('replaces a stripe\'s push by a newer one and resets the older push\'s connection, which carries nothing else', () => {
    const pushes = new IncomingPushes()
    const old = stream()
    const oldLink = connection(old)
    pushes.add(0, old, false, oldLink)
    const fresh = stream()
    pushes.add(0, fresh, false, connection(fresh))
    assert.ok(old.aborted instanceof PushReplacedError)
    assert.ok(oldLink.aborted instanceof PushReplacedError, 'the stopped relay\'s kernel drops what it queued for us')
    assert.equal(fresh.aborted, undefined)
    assert.equal(pushes.count(0), 1)
  })

  it('keeps the older push\'s connection while another stream runs on it: the relay\'s push of another stripe, or the host\'s control channel', () => {
    const pushes = new IncomingPushes()
    const old = stream()
    const other = stream()
    const link = connection(old, other)
    pushes.add(0, old, false, link)
    pushes.add(1, other, false, link)
    pushes.add(0, stream(), false, connection())
    assert.ok(old.aborted instanceof PushReplacedError)
    assert.equal(link.aborted, undefined)
    assert.equal(other.aborted, undefined)
    // once the other stripe is replaced too, nothing runs on it any more
    pushes.add(1, stream(), false, connection())
    assert.ok((link.aborted as Error | undefined) instanceof PushReplacedError)
  })

  it('resets it though libp2p\'s ping waits on it (its connection monitor pings every connection), but keeps the host\'s, which carries the control channel', () => {
    const pushes = new IncomingPushes()
    const old = stream()
    const link = connection(old, stream('/ipfs/ping/1.0.0'))
    pushes.add(0, old, false, link)
    const fromHost = stream()
    const hostLink = connection(fromHost, stream(JOIN_PROTOCOL))
    pushes.add(1, fromHost, false, hostLink)
    pushes.add(0, stream(), false, connection())
    pushes.add(1, stream(), false, connection())
    assert.ok(link.aborted instanceof PushReplacedError)
    assert.ok(fromHost.aborted instanceof PushReplacedError)
    assert.equal(hostLink.aborted, undefined)
  })

  it('keeps the connection when the newer push rides the same one', () => {
    const pushes = new IncomingPushes()
    const old = stream()
    const fresh = stream()
    const link = connection(old, fresh)
    pushes.add('all', old, false, link)
    pushes.add('all', fresh, false, link)
    assert.ok(old.aborted instanceof PushReplacedError)
    assert.equal(link.aborted, undefined)
  })

  it('runs an endgame push beside the others, replacing none', () => {
    const pushes = new IncomingPushes()
    const old = stream()
    const link = connection(old)
    pushes.add(2, old, false, link)
    pushes.add(2, stream(), true, connection())
    assert.equal(old.aborted, undefined)
    assert.equal(link.aborted, undefined)
    assert.equal(pushes.count(2), 2)
  })

  it('runs a split stripe-child\'s two shares side by side; a newer push of one share replaces that one only; each is told only of its own chunks', () => {
    const pushes = new IncomingPushes()
    const skipped: Record<string, number[]> = { parent: [], helper: [] }
    const fromParent = stream()
    const fromHelper = stream()
    // stripe 1 of 4, split in halves: the parent's chunks are 1 mod 8, the helper's 5 mod 8
    pushes.add(1, fromParent, false, connection(fromParent), index => { skipped.parent.push(index) }, { index: 1, count: 8 })
    pushes.add(1, fromHelper, false, connection(fromHelper), index => { skipped.helper.push(index) }, { index: 5, count: 8 })
    assert.equal(fromParent.aborted, undefined)
    assert.equal(pushes.count(1), 2)
    for (const index of [1, 5, 9, 13]) pushes.arrived(index, 4)
    assert.deepEqual(skipped, { parent: [1, 9], helper: [5, 13] })
    assert.ok(pushes.covers(1, 9) && pushes.covers(1, 13) && !pushes.covers(2, 2))
    // the helper's share ends: its chunks are no longer covered, the parent's are
    pushes.remove(1, fromHelper)
    assert.ok(pushes.covers(1, 9) && !pushes.covers(1, 13))
    const again = stream()
    pushes.add(1, again, false, connection(again), undefined, { index: 1, count: 8 })
    assert.ok((fromParent.aborted as Error | undefined) instanceof PushReplacedError)
  })
})
