import assert from 'node:assert/strict'
import { Socket } from 'node:net'
import { concat } from 'uint8arrays/concat'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'

const PROTOCOL = '/cascade-test/corked/1.0.0'
/** small messages sent in one turn of the event loop: a credit or a report each */
const MESSAGES = 200

describe('TCP writes gathered per turn of the event loop (src/node/corked-tcp.ts)', function () {
  this.timeout(30_000)
  let sender: CascadeLibp2p | undefined
  let receiver: CascadeLibp2p | undefined
  const socketProto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>
  const original = { _write: socketProto._write, _writev: socketProto._writev }

  afterEach(async () => {
    socketProto._write = original._write
    socketProto._writev = original._writev
    await sender?.stop()
    await receiver?.stop()
  })

  it('delivers many small messages sent in one turn intact, in order, in a few writes to the socket instead of two per message', async () => {
    receiver = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    sender = await createCascadeLibp2p({ privateKey: await generateKey() })
    const received: Uint8Array[] = []
    const done = new Promise<void>((resolve, reject) => {
      void receiver?.handle(PROTOCOL, async (stream) => {
        try {
          for await (const chunk of stream) received.push(chunk.subarray())
          resolve()
        } catch (err) { reject(err) }
      })
    })
    const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0], PROTOCOL)
    await new Promise(resolve => setTimeout(resolve, 100))

    let writes = 0
    socketProto._write = function (this: Socket, ...args: unknown[]) { writes++; return original._write.apply(this, args) }
    socketProto._writev = function (this: Socket, ...args: unknown[]) { writes++; return original._writev.apply(this, args) }
    const messages = Array.from({ length: MESSAGES }, (_, i) => new TextEncoder().encode(`message ${i};`))
    for (const message of messages) stream.send(message)
    await new Promise(resolve => setImmediate(resolve))
    const burst = writes
    socketProto._write = original._write
    socketProto._writev = original._writev

    await stream.close()
    await done
    assert.deepEqual(concat(received), concat(messages))
    // one Noise message per yamux frame, each written as its length and its ciphertext:
    // 2 × MESSAGES writes without the cork; with it, one per turn of the event loop
    assert.ok(burst >= 1 && burst <= 4, `${burst} writes to the socket for ${MESSAGES} messages sent in one turn`)
  })
})
