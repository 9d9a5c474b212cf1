/**
 * Mutations of a valid encoding: the classic byte-level ones (bit flips,
 * truncation, extension, inserted and deleted runs) and protobuf-aware ones
 * that keep most of the message intact while lying about one part of it
 * (length prefixes that claim more or less than follows, repeated fields,
 * wrong wire types, huge field numbers, over-long varints, deep nesting).
 */
import { INTERESTING_NUMBERS } from './rng.js'
import { WIRE_LENGTH_DELIMITED, WIRE_START_GROUP, concat, overlongVarint, repeat, scanFields, tag, varint } from './wire.js'
import type { Rng } from './rng.js'
import type { WireField } from './wire.js'

export type Mutation = (rng: Rng, input: Uint8Array<ArrayBuffer>, maxLength: number) => Uint8Array<ArrayBuffer>

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x08, 0x1a, 0x22]

function copy (input: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(input)
}

function clamp (bytes: Uint8Array<ArrayBuffer>, maxLength: number): Uint8Array<ArrayBuffer> {
  return bytes.byteLength > maxLength ? bytes.subarray(0, maxLength) : bytes
}

function pickField (rng: Rng, input: Uint8Array, filter: (field: WireField) => boolean = () => true): WireField | undefined {
  const fields = scanFields(input).filter(filter)
  return fields.length === 0 ? undefined : rng.pick(fields)
}

export const flipBit: Mutation = (rng, input) => {
  if (input.byteLength === 0) {
    return input
  }
  const out = copy(input)
  const flips = rng.range(1, 4)
  for (let i = 0; i < flips; i++) {
    out[rng.int(out.byteLength)] ^= 1 << rng.int(8)
  }
  return out
}

export const setByte: Mutation = (rng, input) => {
  if (input.byteLength === 0) {
    return input
  }
  const out = copy(input)
  out[rng.int(out.byteLength)] = rng.bool(0.7) ? rng.pick(INTERESTING_BYTES) : rng.int(256)
  return out
}

export const truncate: Mutation = (rng, input) => input.subarray(0, rng.int(input.byteLength))

export const extend: Mutation = (rng, input, maxLength) => {
  const extra = rng.bool(0.8) ? rng.bytes(rng.size(64)) : repeat(Uint8Array.of(rng.int(256)), rng.size(4096))
  return clamp(concat([input, extra]), maxLength)
}

export const insertBytes: Mutation = (rng, input, maxLength) => {
  const at = rng.int(input.byteLength + 1)
  return clamp(concat([input.subarray(0, at), rng.bytes(rng.range(1, 16)), input.subarray(at)]), maxLength)
}

export const deleteRange: Mutation = (rng, input) => {
  if (input.byteLength === 0) {
    return input
  }
  const at = rng.int(input.byteLength)
  const length = rng.range(1, Math.min(32, input.byteLength - at))
  return concat([input.subarray(0, at), input.subarray(at + length)])
}

export const duplicateRange: Mutation = (rng, input, maxLength) => {
  if (input.byteLength === 0) {
    return input
  }
  const at = rng.int(input.byteLength)
  const length = rng.range(1, Math.min(64, input.byteLength - at))
  const run = input.subarray(at, at + length)
  return clamp(concat([input.subarray(0, at + length), repeat(run, rng.range(1, 8)), input.subarray(at + length)]), maxLength)
}

/** A field appears again, up to many times: last-wins for singular fields, long lists for repeated ones. */
export const repeatField: Mutation = (rng, input, maxLength) => {
  const field = pickField(rng, input)
  if (field == null) {
    return extend(rng, input, maxLength)
  }
  const body = input.subarray(field.start, field.end)
  const count = rng.weighted([[6, rng.range(1, 4)], [3, rng.range(5, 200)], [1, rng.range(200, 5000)]])
  const copies = repeat(body, Math.max(1, Math.min(count, Math.floor((maxLength - input.byteLength) / Math.max(1, body.byteLength)))))
  return clamp(concat([input.subarray(0, field.end), copies, input.subarray(field.end)]), maxLength)
}

/** A length prefix inside the message that claims more, less, or absurdly more than follows. */
export const lieLength: Mutation = (rng, input, maxLength) => {
  const field = pickField(rng, input, f => f.wireType === WIRE_LENGTH_DELIMITED)
  if (field == null) {
    return flipBit(rng, input, maxLength)
  }
  const actual = field.end - field.valueAt
  const claimed = rng.weighted<number | bigint>([
    [3, actual + rng.range(1, 16)],
    [3, Math.max(0, actual - rng.range(1, 16))],
    [1, 0],
    [2, rng.pick(INTERESTING_NUMBERS)],
    [1, 2n ** 64n - 1n]
  ])
  return concat([input.subarray(0, field.lengthAt), varint(claimed), input.subarray(field.valueAt)])
}

/** A tag rewritten with another wire type (including groups, which protobuf 3 no longer uses). */
export const changeWireType: Mutation = (rng, input, maxLength) => {
  const field = pickField(rng, input)
  if (field == null) {
    return flipBit(rng, input, maxLength)
  }
  const keyEnd = field.wireType === WIRE_LENGTH_DELIMITED ? field.lengthAt : field.valueAt
  return concat([input.subarray(0, field.start), tag(field.field, rng.int(8)), input.subarray(keyEnd)])
}

/** An unknown field, with a field number anywhere up to the largest protobuf allows (and beyond). */
export const unknownField: Mutation = (rng, input, maxLength) => {
  const number = rng.weighted([[4, rng.range(1, 40)], [2, rng.range(2 ** 15, 2 ** 29 - 1)], [1, 2 ** 29 + rng.int(1000)], [1, 0]])
  const wireType = rng.int(6)
  let value: Uint8Array
  if (wireType === WIRE_LENGTH_DELIMITED) {
    const payload = rng.bytes(rng.size(64))
    value = concat([varint(payload.byteLength), payload])
  } else if (wireType === 1) {
    value = rng.bytes(8)
  } else if (wireType === 5) {
    value = rng.bytes(4)
  } else if (wireType === 0) {
    value = varint(rng.pick(INTERESTING_NUMBERS))
  } else {
    value = new Uint8Array()
  }
  const at = rng.bool() ? input.byteLength : (pickField(rng, input)?.end ?? input.byteLength)
  return clamp(concat([input.subarray(0, at), tag(number, wireType), value, input.subarray(at)]), maxLength)
}

/** A varint (tag, length or value) padded with redundant continuation bytes, sometimes past 10 bytes. */
export const overlong: Mutation = (rng, input, maxLength) => {
  const field = pickField(rng, input)
  if (field == null) {
    return flipBit(rng, input, maxLength)
  }
  const keyEnd = field.wireType === WIRE_LENGTH_DELIMITED ? field.lengthAt : field.valueAt
  const extra = rng.weighted([[3, rng.range(1, 3)], [1, rng.range(8, 12)]])
  return concat([input.subarray(0, field.start), overlongVarint(field.field * 8 + field.wireType, extra), input.subarray(keyEnd)])
}

/** A field replaced by the same field with an interesting varint value. */
export const interestingValue: Mutation = (rng, input, maxLength) => {
  const field = pickField(rng, input, f => f.wireType === 0)
  if (field == null) {
    return unknownField(rng, input, maxLength)
  }
  const value = rng.bool(0.8) ? BigInt(rng.pick(INTERESTING_NUMBERS)) : 2n ** 64n - BigInt(rng.range(1, 3))
  return concat([input.subarray(0, field.valueAt), varint(value), input.subarray(field.end)])
}

/** Nested start-group markers: a decoder that recurses to skip them must not blow its stack. */
export const deepGroups: Mutation = (rng, input, maxLength) => {
  const depth = rng.weighted([[3, rng.range(1, 64)], [1, rng.range(1000, 20000)]])
  return clamp(concat([input, repeat(tag(rng.range(1, 30), WIRE_START_GROUP), depth)]), maxLength)
}

export const MUTATIONS: ReadonlyArray<readonly [number, Mutation]> = [
  [4, flipBit],
  [2, setByte],
  [3, truncate],
  [2, extend],
  [1, insertBytes],
  [1, deleteRange],
  [1, duplicateRange],
  [3, repeatField],
  [4, lieLength],
  [2, changeWireType],
  [2, unknownField],
  [1, overlong],
  [2, interestingValue],
  [1, deepGroups]
]

/** One to four stacked mutations of `input`, never longer than `maxLength`. */
export function mutate (rng: Rng, input: Uint8Array<ArrayBuffer>, maxLength: number, others: readonly Uint8Array<ArrayBuffer>[] = []): Uint8Array<ArrayBuffer> {
  let out = input
  const rounds = rng.weighted([[6, 1], [3, 2], [1, rng.range(3, 4)]])
  for (let i = 0; i < rounds; i++) {
    if (others.length > 0 && rng.bool(0.05)) {
      // protobuf concatenation is a merge: splice in another valid message
      const other = rng.pick(others)
      out = clamp(rng.bool() ? concat([out, other]) : concat([out.subarray(0, rng.int(out.byteLength + 1)), other.subarray(rng.int(other.byteLength + 1))]), maxLength)
      continue
    }
    out = rng.weighted(MUTATIONS)(rng, out, maxLength)
  }
  return out
}
