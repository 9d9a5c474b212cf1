import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { PushFrame } from '../../protocols/push/index.js'

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

/** Longest varint a uint32 takes (protobuf encoding). */
const MAX_UINT32_VARINT_BYTES = 5

/** A PushFrame whose chunk's data may still be the pieces it arrived in. */
export interface ReceivedPushFrame {
  chunk?: { index: number, data: Uint8Array | Uint8ArrayList }
}

/**
 * Decodes a PushFrame as `PushFrame.decode` does, except that a frame holding
 * just a chunk (what a parent sends, see {@link chunkFrame}) keeps its data
 * as the pieces it arrived in, instead of copied into one buffer: the
 * receiver hashes and writes the pieces. Anything else (an offer, unknown or
 * repeated fields, a malformed frame) goes to `PushFrame.decode`, so it is
 * refused or accepted exactly as before.
 */
export const pushFrameDecoder = {
  decode (buf: Uint8Array | Uint8ArrayList): ReceivedPushFrame {
    return decodeChunkOnly(buf) ?? PushFrame.decode(buf)
  }
}

function decodeChunkOnly (buf: Uint8Array | Uint8ArrayList): ReceivedPushFrame | undefined {
  const list = buf instanceof Uint8Array ? new Uint8ArrayList(buf) : buf
  const end = list.byteLength
  const varintAt = (at: number): { value: number, next: number } | undefined => {
    let value = 0
    for (let i = 0; i < MAX_UINT32_VARINT_BYTES && at + i < end; i++) {
      const byte = list.get(at + i)
      value += (byte & 0x7f) * 2 ** (7 * i)
      if (byte < 0x80) return value <= 0xffffffff ? { value, next: at + i + 1 } : undefined
    }
    return undefined
  }
  if (end < 2 || list.get(0) !== FRAME_CHUNK_TAG) return undefined
  const chunk = varintAt(1)
  if (chunk == null || chunk.next + chunk.value !== end) return undefined
  let at = chunk.next
  let index = 0
  if (at < end && list.get(at) === CHUNK_INDEX_TAG) {
    const read = varintAt(at + 1)
    if (read == null) return undefined
    index = read.value
    at = read.next
  }
  if (at === end) return { chunk: { index, data: new Uint8Array(0) } }
  if (list.get(at) !== CHUNK_DATA_TAG) return undefined
  const data = varintAt(at + 1)
  if (data == null || data.next + data.value !== end) return undefined
  return { chunk: { index, data: list.sublist(data.next, end) } }
}
