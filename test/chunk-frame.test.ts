import assert from 'node:assert/strict'
import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { chunkFrame, pushFrameDecoder } from '../src/node/relay/chunk-frame.js'
import { PushFrame } from '../src/protocols/push/index.js'

describe('chunk frame', () => {
  it('is byte for byte the length-prefixed PushFrame the protobuf encoder writes', () => {
    for (const index of [0, 1, 127, 128, 300, 2 ** 20, 2 ** 32 - 1]) {
      for (const length of [0, 1, 127, 128, 65_536, 262_144]) {
        const data = new Uint8Array(length).fill(index & 0xff)
        const encoded = PushFrame.encode({ chunk: { index, data } })
        const expected = new Uint8ArrayList(varint.encode(encoded.byteLength), encoded).subarray()
        assert.deepEqual(chunkFrame(index, data).subarray(), expected, `index ${index}, ${length} bytes`)
      }
    }
  })

  it('references the chunk instead of copying it', () => {
    const data = new Uint8Array(1000).fill(9)
    const frame = chunkFrame(5, data)
    assert.equal([...frame].at(-1), data)
    const length = varint.decode(frame.subarray())
    assert.equal(frame.byteLength, varint.encodingLength(length) + length)
    assert.equal(PushFrame.decode(frame.sublist(varint.encodingLength(length))).chunk?.index, 5)
  })

  it('decodes a chunk frame in pieces as PushFrame.decode does, keeping the pieces', () => {
    for (const index of [0, 1, 300, 2 ** 32 - 1]) {
      for (const length of [0, 1, 200, 70_000]) {
        const data = new Uint8Array(length).fill(index & 0xff)
        const whole = PushFrame.encode({ chunk: { index, data } })
        // as it arrives: split into pieces of 4096 bytes
        const pieces = new Uint8ArrayList()
        for (let at = 0; at < whole.byteLength; at += 4096) pieces.append(whole.subarray(at, at + 4096))
        const decoded = pushFrameDecoder.decode(pieces)
        assert.equal(decoded.chunk?.index, index)
        assert.deepEqual(decoded.chunk?.data.subarray(), PushFrame.decode(whole).chunk?.data)
      }
    }
  })

  it('leaves every other frame to PushFrame.decode: offers, extra fields, malformed frames', () => {
    const offer = PushFrame.encode({ offer: { deploymentId: 'd', signedManifest: new Uint8Array(3), subtree: [], storeAndForward: false } })
    assert.equal(pushFrameDecoder.decode(offer).chunk, undefined)
    assert.deepEqual(pushFrameDecoder.decode(offer), PushFrame.decode(offer))
    // a chunk followed by an offer field: not the fast path, decoded in full
    const both = new Uint8ArrayList(PushFrame.encode({ chunk: { index: 3, data: new Uint8Array([1, 2]) } }), offer).subarray()
    assert.deepEqual(pushFrameDecoder.decode(both), PushFrame.decode(both))
    // a chunk whose data runs past the frame: refused as PushFrame.decode refuses it
    const truncated = PushFrame.encode({ chunk: { index: 3, data: new Uint8Array(10) } }).subarray(0, 8)
    assert.throws(() => pushFrameDecoder.decode(truncated))
    assert.throws(() => PushFrame.decode(truncated))
  })
})
