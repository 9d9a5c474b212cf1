import assert from 'node:assert/strict'
import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { chunkFrame } from '../src/node/relay/chunk-frame.js'
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
})
