/**
 * Just enough of the protobuf wire format (and of the unsigned-varint length
 * prefix every Cascade protocol puts before a frame) to build and take apart
 * hostile encodings: fields with lying lengths, repeated fields, odd wire
 * types, over-long varints.
 */

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LENGTH_DELIMITED = 2
export const WIRE_START_GROUP = 3
export const WIRE_END_GROUP = 4
export const WIRE_FIXED32 = 5

/** An unsigned varint of any size (numbers above 2^53 as bigint). */
export function varint (value: number | bigint): Uint8Array<ArrayBuffer> {
  let v = BigInt(value)
  if (v < 0n) {
    v = BigInt.asUintN(64, v)
  }
  const out: number[] = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) {
      byte |= 0x80
    }
    out.push(byte)
  } while (v > 0n)
  return Uint8Array.from(out)
}

/** The same value as {@link varint}, padded with `extra` redundant continuation bytes. */
export function overlongVarint (value: number | bigint, extra: number): Uint8Array<ArrayBuffer> {
  const minimal = Array.from(varint(value))
  minimal[minimal.length - 1] |= 0x80
  for (let i = 1; i < extra; i++) {
    minimal.push(0x80)
  }
  minimal.push(0x00)
  return Uint8Array.from(minimal)
}

export function concat (parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0)
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

export function tag (field: number, wireType: number): Uint8Array<ArrayBuffer> {
  return varint(BigInt(field) * 8n + BigInt(wireType))
}

/** A length-delimited field: tag, length, payload. */
export function ldField (field: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat([tag(field, WIRE_LENGTH_DELIMITED), varint(payload.byteLength), payload])
}

/** `count` copies of `part`, without building an intermediate array of copies. */
export function repeat (part: Uint8Array, count: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(part.byteLength * count)
  for (let i = 0; i < count; i++) {
    out.set(part, i * part.byteLength)
  }
  return out
}

/** A frame as the protocols send it: varint length prefix, then the payload. */
export function frame (payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat([varint(payload.byteLength), payload])
}

/** One field found in an encoding, with where its parts are. */
export interface WireField {
  field: number
  wireType: number
  /** offset of the tag */
  start: number
  /** offset of the length varint (length-delimited fields only) */
  lengthAt: number
  /** offset of the value (the payload, for length-delimited fields) */
  valueAt: number
  /** offset just past the field */
  end: number
  /** nesting depth: 0 for top-level fields */
  depth: number
}

function readVarint (bytes: Uint8Array, pos: number): { value: number, next: number } | undefined {
  let value = 0
  let scale = 1
  for (let i = 0; i < 10; i++) {
    if (pos + i >= bytes.byteLength) {
      return undefined
    }
    const byte = bytes[pos + i]
    value += (byte & 0x7f) * scale
    scale *= 128
    if ((byte & 0x80) === 0) {
      return { value, next: pos + i + 1 }
    }
  }
  return undefined
}

/**
 * The fields of a well-formed encoding, including those inside
 * length-delimited payloads that themselves parse as messages (a guess: a
 * string can parse as a message too, which only makes the mutations
 * more varied). Returns what it could parse before the first malformed byte.
 */
export function scanFields (bytes: Uint8Array, start = 0, end = bytes.byteLength, depth = 0, out: WireField[] = []): WireField[] {
  let pos = start
  while (pos < end && depth < 8) {
    const key = readVarint(bytes, pos)
    if (key == null || key.next > end) {
      break
    }
    const field = Math.floor(key.value / 8)
    const wireType = key.value % 8
    if (field === 0) {
      break
    }
    let lengthAt = key.next
    let valueAt = key.next
    let next: number
    if (wireType === WIRE_VARINT) {
      const value = readVarint(bytes, key.next)
      if (value == null) {
        break
      }
      next = value.next
    } else if (wireType === WIRE_FIXED64) {
      next = key.next + 8
    } else if (wireType === WIRE_FIXED32) {
      next = key.next + 4
    } else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = readVarint(bytes, key.next)
      if (length == null) {
        break
      }
      lengthAt = key.next
      valueAt = length.next
      next = length.next + length.value
    } else {
      break
    }
    if (next > end) {
      break
    }
    const entry: WireField = { field, wireType, start: pos, lengthAt, valueAt, end: next, depth }
    out.push(entry)
    if (wireType === WIRE_LENGTH_DELIMITED && next > valueAt) {
      const before = out.length
      scanFields(bytes, valueAt, next, depth + 1, out)
      const nested = out.slice(before)
      // keep nested fields only when they tile the payload exactly (it really was a message)
      if (nested.filter(f => f.depth === depth + 1).reduce((at, f) => at === f.start ? f.end : -1, valueAt) !== next) {
        out.length = before
      }
    }
    pos = next
  }
  return out
}
