import assert from 'node:assert/strict'
import { Registry } from 'prom-client'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { CHUNK_WIRE_OVERHEAD, MAX_CHUNKS, NOISE_MAX_PLAINTEXT, WIRE_CHUNK_UNIT, chooseChunkSize } from '../src/node/package/index.js'
import { chunkFrame } from '../src/node/relay/chunk-frame.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'

const PROTOCOL = '/cascade-test/wire-chunks/1.0.0'
/** chunks sent one at a time in each case */
const CHUNKS = 24
/** a yamux frame's header (the yamux spec) */
const YAMUX_HEADER_BYTES = 12
const MiB = 1024 * 1024

/** Noise messages `node` has encrypted so far (libp2p's own counter). */
async function encryptedPackets (registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('libp2p_noise_encrypted_packets_total')?.get()
  return metric?.values.reduce((sum, value) => sum + value.value, 0) ?? 0
}

describe('default chunks fill whole Noise messages (src/node/package/manifest.ts)', function () {
  this.timeout(60_000)
  let sender: CascadeLibp2p | undefined
  let receiver: CascadeLibp2p | undefined

  afterEach(async () => {
    await sender?.stop()
    await receiver?.stop()
  })

  it('leaves room in every message for the frame around the chunk', () => {
    for (const size of [1, 16 * MiB, 16 * MiB + 1, 32 * MiB + 1, 64 * MiB, 1024 * MiB, MAX_CHUNKS * 256 * 1024 + 1]) {
      const chunkSize = chooseChunkSize(size)
      const units = chunkSize / WIRE_CHUNK_UNIT
      assert.ok(Number.isInteger(units), `${size} bytes: a chunk of ${chunkSize} is whole units`)
      assert.ok(Math.ceil(size / chunkSize) <= MAX_CHUNKS, `${size} bytes in ${chunkSize}-byte chunks`)
      // the largest header the frame can have: the last index a manifest allows
      const wire = chunkFrame(MAX_CHUNKS - 1, new Uint8Array(chunkSize)).byteLength + YAMUX_HEADER_BYTES
      assert.ok(wire - chunkSize <= CHUNK_WIRE_OVERHEAD, `${wire - chunkSize} bytes of framing`)
      assert.ok(wire <= units * NOISE_MAX_PLAINTEXT, `${size} bytes: a ${chunkSize}-byte chunk is ${wire} bytes on the wire, over ${units} Noise messages`)
    }
  })

  it('a chunk of the default size crosses a real connection (TCP, Noise, yamux) in one Noise message per unit; a 64 KiB chunk took two', async () => {
    const registry = new Registry()
    receiver = await createCascadeLibp2p({ privateKey: await generateKey(), listen: ['/ip4/127.0.0.1/tcp/0'] })
    sender = await createCascadeLibp2p({ privateKey: await generateKey(), metrics: registry })
    let received = 0
    let arrived: (() => void) | undefined
    await receiver.handle(PROTOCOL, async (stream) => {
      for await (const data of stream) {
        received += data.byteLength
        arrived?.()
      }
    })
    const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0], PROTOCOL)

    /** Noise messages the sender needed for each chunk of `chunkSize`, each sent once the one before arrived whole. */
    const messagesPerChunk = async (chunkSize: number): Promise<number> => {
      const data = new Uint8Array(chunkSize).fill(7)
      const before = await encryptedPackets(registry)
      for (let index = 0; index < CHUNKS; index++) {
        const frame = chunkFrame(index, data)
        const until = received + frame.byteLength
        const whole = new Promise<void>(resolve => { arrived = () => { if (received >= until) resolve() } })
        if (!stream.send(frame)) await stream.onDrain()
        await whole
      }
      return (await encryptedPackets(registry) - before) / CHUNKS
    }

    const single = await messagesPerChunk(chooseChunkSize(16 * MiB))
    const quad = await messagesPerChunk(chooseChunkSize(64 * MiB))
    const old = await messagesPerChunk(64 * 1024)
    await stream.close()
    // a message more now and then, where yamux's send window cut a frame short
    assert.ok(single >= 1 && single <= 1.1, `${single} Noise messages per ${chooseChunkSize(16 * MiB)}-byte chunk`)
    assert.ok(quad >= 4 && quad <= 4.1, `${quad} Noise messages per ${chooseChunkSize(64 * MiB)}-byte chunk`)
    assert.ok(old >= 2, `${old} Noise messages per 64 KiB chunk`)
  })
})
