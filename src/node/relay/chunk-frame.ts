import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'

/**
 * A push's chunk frame as it goes on the wire: the varint length prefix
 * (@libp2p/utils lpStream) and `PushFrame { chunk: Chunk { index, data } }`
 * (src/protocols/push/push.proto), byte for byte what
 * `pbStream.write({ chunk }, PushFrame)` sends, but with `data` as its own
 * piece instead of copied into a new buffer by the protobuf encoder: a relay
 * sends every byte it receives, and that copy (and its garbage) was a
 * measurable share of its CPU (docs/benchmarks.md, "CPU per MiB").
 */

/** Field tags (field number << 3 | wire type) of push.proto: PushFrame.chunk, Chunk.index, Chunk.data. */
const FRAME_CHUNK_TAG = (2 << 3) | 2
const CHUNK_INDEX_TAG = (1 << 3) | 0
const CHUNK_DATA_TAG = (2 << 3) | 2

/** The frame for chunk `index` holding `data`; `data` is referenced, not copied. */
export function chunkFrame (index: number, data: Uint8Array): Uint8ArrayList {
  // proto3 leaves out fields at their default (index 0, empty data), as protons does
  const indexBytes = index === 0 ? 0 : 1 + varint.encodingLength(index)
  const dataBytes = data.byteLength === 0 ? 0 : 1 + varint.encodingLength(data.byteLength) + data.byteLength
  const chunkBytes = indexBytes + dataBytes
  const frameBytes = 1 + varint.encodingLength(chunkBytes) + chunkBytes
  const header = new Uint8Array(varint.encodingLength(frameBytes) + frameBytes - data.byteLength)
  let offset = 0
  const put = (value: number): void => {
    varint.encode(value, header, offset)
    offset += varint.encodingLength(value)
  }
  put(frameBytes)
  header[offset++] = FRAME_CHUNK_TAG
  put(chunkBytes)
  if (index !== 0) {
    header[offset++] = CHUNK_INDEX_TAG
    put(index)
  }
  if (data.byteLength === 0) {
    return new Uint8ArrayList(header)
  }
  header[offset++] = CHUNK_DATA_TAG
  put(data.byteLength)
  return new Uint8ArrayList(header, data)
}
