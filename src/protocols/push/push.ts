import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PushFrame {
  offer?: PushOffer
  chunk?: Chunk
}

export namespace PushFrame {
  let _codec: Codec<PushFrame>

  export const codec = (): Codec<PushFrame> => {
    if (_codec == null) {
      _codec = message<PushFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.offer != null) {
          w.uint32(10)
          PushOffer.codec().encode(obj.offer, w)
        }

        if (obj.chunk != null) {
          w.uint32(18)
          Chunk.codec().encode(obj.chunk, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.offer = PushOffer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.offer
              })
              break
            }
            case 2: {
              obj.chunk = Chunk.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.chunk
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PushOffer.codec().stream(reader, reader.uint32(), `${prefix}.offer`, {
                limits: opts.limits?.offer
              })

              break
            }
            case 2: {
              yield * Chunk.codec().stream(reader, reader.uint32(), `${prefix}.chunk`, {
                limits: opts.limits?.chunk
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushFrameOfferDeploymentIdFieldEvent {
    field: '$.offer.deploymentId'
    value: string
  }

  export interface PushFrameOfferSignedManifestFieldEvent {
    field: '$.offer.signedManifest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushFrameOfferSubtreePeerIdFieldEvent {
    field: '$.offer.subtree[].peerId'
    value: string
    index: number
  }

  export interface PushFrameOfferSubtreeAddrsFieldEvent {
    field: '$.offer.subtree[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushFrameOfferSubtreeParentFieldEvent {
    field: '$.offer.subtree[].parent'
    value: number
    index: number
  }

  export interface PushFrameOfferSubtreeShareIndexFieldEvent {
    field: '$.offer.subtree[].share.index'
    value: number
    index: number
  }

  export interface PushFrameOfferSubtreeShareCountFieldEvent {
    field: '$.offer.subtree[].share.count'
    value: number
    index: number
  }

  export interface PushFrameOfferStoreAndForwardFieldEvent {
    field: '$.offer.storeAndForward'
    value: boolean
  }

  export interface PushFrameOfferStripeIndexFieldEvent {
    field: '$.offer.stripe.index'
    value: number
  }

  export interface PushFrameOfferStripeCountFieldEvent {
    field: '$.offer.stripe.count'
    value: number
  }

  export interface PushFrameOfferRateFieldEvent {
    field: '$.offer.rate'
    value: number
  }

  export interface PushFrameOfferDescendingFieldEvent {
    field: '$.offer.descending'
    value: boolean
  }

  export interface PushFrameOfferShareIndexFieldEvent {
    field: '$.offer.share.index'
    value: number
  }

  export interface PushFrameOfferShareCountFieldEvent {
    field: '$.offer.share.count'
    value: number
  }

  export interface PushFrameChunkIndexFieldEvent {
    field: '$.chunk.index'
    value: number
  }

  export interface PushFrameChunkDataFieldEvent {
    field: '$.chunk.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PushFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushFrame>): PushFrame {
    return decodeMessage(buf, PushFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushFrame>): Generator<PushFrameOfferDeploymentIdFieldEvent | PushFrameOfferSignedManifestFieldEvent | PushFrameOfferSubtreePeerIdFieldEvent | PushFrameOfferSubtreeAddrsFieldEvent | PushFrameOfferSubtreeParentFieldEvent | PushFrameOfferSubtreeShareIndexFieldEvent | PushFrameOfferSubtreeShareCountFieldEvent | PushFrameOfferStoreAndForwardFieldEvent | PushFrameOfferStripeIndexFieldEvent | PushFrameOfferStripeCountFieldEvent | PushFrameOfferRateFieldEvent | PushFrameOfferDescendingFieldEvent | PushFrameOfferShareIndexFieldEvent | PushFrameOfferShareCountFieldEvent | PushFrameChunkIndexFieldEvent | PushFrameChunkDataFieldEvent> {
    return streamMessage(buf, PushFrame.codec(), opts)
  }
}

export interface PushOffer {
  deploymentId: string
  signedManifest: Uint8Array<ArrayBuffer>
  subtree: Addressee[]
  storeAndForward: boolean
  stripe?: Stripe
  rate?: number
  descending?: boolean
  share?: Stripe
}

export namespace PushOffer {
  let _codec: Codec<PushOffer>

  export const codec = (): Codec<PushOffer> => {
    if (_codec == null) {
      _codec = message<PushOffer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.signedManifest != null && obj.signedManifest.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signedManifest)
        }

        if (obj.subtree != null && obj.subtree.length > 0) {
          for (const value of obj.subtree) {
            w.uint32(26)
            Addressee.codec().encode(value, w)
          }
        }

        if ((obj.storeAndForward != null && obj.storeAndForward !== false)) {
          w.uint32(32)
          w.bool(obj.storeAndForward)
        }

        if (obj.stripe != null) {
          w.uint32(42)
          Stripe.codec().encode(obj.stripe, w)
        }

        if (obj.rate != null) {
          w.uint32(48)
          w.uint64Number(obj.rate)
        }

        if (obj.descending != null) {
          w.uint32(56)
          w.bool(obj.descending)
        }

        if (obj.share != null) {
          w.uint32(66)
          Stripe.codec().encode(obj.share, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          signedManifest: uint8ArrayAlloc(0),
          subtree: [],
          storeAndForward: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deploymentId = reader.string()
              break
            }
            case 2: {
              obj.signedManifest = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.subtree != null && obj.subtree.length === opts.limits.subtree) {
                throw new MaxLengthError('Decode error - repeated field "subtree" had too many elements')
              }

              if (obj.subtree.length === 200000) {
                throw new MaxLengthError('Decode error - repeated field "subtree" had too many elements')
              }

              obj.subtree.push(Addressee.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.subtree$
              }))
              break
            }
            case 4: {
              obj.storeAndForward = reader.bool()
              break
            }
            case 5: {
              obj.stripe = Stripe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.stripe
              })
              break
            }
            case 6: {
              obj.rate = reader.uint64Number()
              break
            }
            case 7: {
              obj.descending = reader.bool()
              break
            }
            case 8: {
              obj.share = Stripe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.share
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          subtree: 200000
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signedManifest`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.subtree != null && obj.subtree === opts.limits.subtree) {
                throw new MaxLengthError('Streaming decode error - repeated field "subtree" had too many elements')
              }

              if (obj.subtree === 200000) {
                throw new MaxLengthError('Streaming decode error - repeated field "subtree" had too many elements')
              }

              for (const evt of Addressee.codec().stream(reader, reader.uint32(), `${prefix}.subtree[]`, {
                limits: opts.limits?.subtree$
              })) {
                yield {
                  ...evt,
                  index: obj.subtree
                }
              }

              obj.subtree++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.storeAndForward`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield * Stripe.codec().stream(reader, reader.uint32(), `${prefix}.stripe`, {
                limits: opts.limits?.stripe
              })

              break
            }
            case 6: {
              yield {
                field: `${prefix}.rate`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.descending`,
                value: reader.bool()
              }
              break
            }
            case 8: {
              yield * Stripe.codec().stream(reader, reader.uint32(), `${prefix}.share`, {
                limits: opts.limits?.share
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushOfferDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface PushOfferSignedManifestFieldEvent {
    field: '$.signedManifest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushOfferSubtreePeerIdFieldEvent {
    field: '$.subtree[].peerId'
    value: string
    index: number
  }

  export interface PushOfferSubtreeAddrsFieldEvent {
    field: '$.subtree[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushOfferSubtreeParentFieldEvent {
    field: '$.subtree[].parent'
    value: number
    index: number
  }

  export interface PushOfferSubtreeShareIndexFieldEvent {
    field: '$.subtree[].share.index'
    value: number
    index: number
  }

  export interface PushOfferSubtreeShareCountFieldEvent {
    field: '$.subtree[].share.count'
    value: number
    index: number
  }

  export interface PushOfferStoreAndForwardFieldEvent {
    field: '$.storeAndForward'
    value: boolean
  }

  export interface PushOfferStripeIndexFieldEvent {
    field: '$.stripe.index'
    value: number
  }

  export interface PushOfferStripeCountFieldEvent {
    field: '$.stripe.count'
    value: number
  }

  export interface PushOfferRateFieldEvent {
    field: '$.rate'
    value: number
  }

  export interface PushOfferDescendingFieldEvent {
    field: '$.descending'
    value: boolean
  }

  export interface PushOfferShareIndexFieldEvent {
    field: '$.share.index'
    value: number
  }

  export interface PushOfferShareCountFieldEvent {
    field: '$.share.count'
    value: number
  }

  export function encode (obj: Partial<PushOffer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushOffer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushOffer>): PushOffer {
    return decodeMessage(buf, PushOffer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushOffer>): Generator<PushOfferDeploymentIdFieldEvent | PushOfferSignedManifestFieldEvent | PushOfferSubtreePeerIdFieldEvent | PushOfferSubtreeAddrsFieldEvent | PushOfferSubtreeParentFieldEvent | PushOfferSubtreeShareIndexFieldEvent | PushOfferSubtreeShareCountFieldEvent | PushOfferStoreAndForwardFieldEvent | PushOfferStripeIndexFieldEvent | PushOfferStripeCountFieldEvent | PushOfferRateFieldEvent | PushOfferDescendingFieldEvent | PushOfferShareIndexFieldEvent | PushOfferShareCountFieldEvent> {
    return streamMessage(buf, PushOffer.codec(), opts)
  }
}

export interface Stripe {
  index: number
  count: number
}

export namespace Stripe {
  let _codec: Codec<Stripe>

  export const codec = (): Codec<Stripe> => {
    if (_codec == null) {
      _codec = message<Stripe>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(8)
          w.uint32(obj.index)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(16)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          index: 0,
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.index = reader.uint32()
              break
            }
            case 2: {
              obj.count = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StripeIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface StripeCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<Stripe>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Stripe.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Stripe>): Stripe {
    return decodeMessage(buf, Stripe.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Stripe>): Generator<StripeIndexFieldEvent | StripeCountFieldEvent> {
    return streamMessage(buf, Stripe.codec(), opts)
  }
}

export interface Addressee {
  peerId: string
  addrs: Uint8Array<ArrayBuffer>[]
  parent: number
  share?: Stripe
}

export namespace Addressee {
  let _codec: Codec<Addressee>

  export const codec = (): Codec<Addressee> => {
    if (_codec == null) {
      _codec = message<Addressee>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.parent != null && obj.parent !== 0)) {
          w.uint32(24)
          w.sint32(obj.parent)
        }

        if (obj.share != null) {
          w.uint32(34)
          Stripe.codec().encode(obj.share, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          addrs: [],
          parent: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
              break
            }
            case 3: {
              obj.parent = reader.sint32()
              break
            }
            case 4: {
              obj.share = Stripe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.share
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          addrs: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.bytes()
              }

              obj.addrs++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.parent`,
                value: reader.sint32()
              }
              break
            }
            case 4: {
              yield * Stripe.codec().stream(reader, reader.uint32(), `${prefix}.share`, {
                limits: opts.limits?.share
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AddresseePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface AddresseeAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface AddresseeParentFieldEvent {
    field: '$.parent'
    value: number
  }

  export interface AddresseeShareIndexFieldEvent {
    field: '$.share.index'
    value: number
  }

  export interface AddresseeShareCountFieldEvent {
    field: '$.share.count'
    value: number
  }

  export function encode (obj: Partial<Addressee>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Addressee.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Addressee>): Addressee {
    return decodeMessage(buf, Addressee.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Addressee>): Generator<AddresseePeerIdFieldEvent | AddresseeAddrsFieldEvent | AddresseeParentFieldEvent | AddresseeShareIndexFieldEvent | AddresseeShareCountFieldEvent> {
    return streamMessage(buf, Addressee.codec(), opts)
  }
}

export interface Chunk {
  index: number
  data: Uint8Array<ArrayBuffer>
}

export namespace Chunk {
  let _codec: Codec<Chunk>

  export const codec = (): Codec<Chunk> => {
    if (_codec == null) {
      _codec = message<Chunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(8)
          w.uint32(obj.index)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          index: 0,
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.index = reader.uint32()
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ChunkIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface ChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Chunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Chunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Chunk>): Chunk {
    return decodeMessage(buf, Chunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Chunk>): Generator<ChunkIndexFieldEvent | ChunkDataFieldEvent> {
    return streamMessage(buf, Chunk.codec(), opts)
  }
}

export interface PushReply {
  accept?: PushAccept
  credit?: PushCredit
  refusal?: PushRefusal
  skip?: PushSkip
}

export namespace PushReply {
  let _codec: Codec<PushReply>

  export const codec = (): Codec<PushReply> => {
    if (_codec == null) {
      _codec = message<PushReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.accept != null) {
          w.uint32(10)
          PushAccept.codec().encode(obj.accept, w)
        }

        if (obj.credit != null) {
          w.uint32(18)
          PushCredit.codec().encode(obj.credit, w)
        }

        if (obj.refusal != null) {
          w.uint32(26)
          PushRefusal.codec().encode(obj.refusal, w)
        }

        if (obj.skip != null) {
          w.uint32(34)
          PushSkip.codec().encode(obj.skip, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.accept = PushAccept.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.accept
              })
              break
            }
            case 2: {
              obj.credit = PushCredit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.credit
              })
              break
            }
            case 3: {
              obj.refusal = PushRefusal.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.refusal
              })
              break
            }
            case 4: {
              obj.skip = PushSkip.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.skip
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PushAccept.codec().stream(reader, reader.uint32(), `${prefix}.accept`, {
                limits: opts.limits?.accept
              })

              break
            }
            case 2: {
              yield * PushCredit.codec().stream(reader, reader.uint32(), `${prefix}.credit`, {
                limits: opts.limits?.credit
              })

              break
            }
            case 3: {
              yield * PushRefusal.codec().stream(reader, reader.uint32(), `${prefix}.refusal`, {
                limits: opts.limits?.refusal
              })

              break
            }
            case 4: {
              yield * PushSkip.codec().stream(reader, reader.uint32(), `${prefix}.skip`, {
                limits: opts.limits?.skip
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushReplyAcceptHaveFieldEvent {
    field: '$.accept.have'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushReplyCreditChunksFieldEvent {
    field: '$.credit.chunks'
    value: number
  }

  export interface PushReplyRefusalReasonFieldEvent {
    field: '$.refusal.reason'
    value: string
  }

  export interface PushReplySkipChunksFieldEvent {
    field: '$.skip.chunks[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<PushReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushReply>): PushReply {
    return decodeMessage(buf, PushReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushReply>): Generator<PushReplyAcceptHaveFieldEvent | PushReplyCreditChunksFieldEvent | PushReplyRefusalReasonFieldEvent | PushReplySkipChunksFieldEvent> {
    return streamMessage(buf, PushReply.codec(), opts)
  }
}

export interface PushAccept {
  have: Uint8Array<ArrayBuffer>
}

export namespace PushAccept {
  let _codec: Codec<PushAccept>

  export const codec = (): Codec<PushAccept> => {
    if (_codec == null) {
      _codec = message<PushAccept>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.have != null && obj.have.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.have)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          have: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.have = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.have`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushAcceptHaveFieldEvent {
    field: '$.have'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PushAccept>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushAccept.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushAccept>): PushAccept {
    return decodeMessage(buf, PushAccept.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushAccept>): Generator<PushAcceptHaveFieldEvent> {
    return streamMessage(buf, PushAccept.codec(), opts)
  }
}

export interface PushCredit {
  chunks: number
}

export namespace PushCredit {
  let _codec: Codec<PushCredit>

  export const codec = (): Codec<PushCredit> => {
    if (_codec == null) {
      _codec = message<PushCredit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.chunks != null && obj.chunks !== 0)) {
          w.uint32(8)
          w.uint32(obj.chunks)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          chunks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.chunks = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.chunks`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushCreditChunksFieldEvent {
    field: '$.chunks'
    value: number
  }

  export function encode (obj: Partial<PushCredit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushCredit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushCredit>): PushCredit {
    return decodeMessage(buf, PushCredit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushCredit>): Generator<PushCreditChunksFieldEvent> {
    return streamMessage(buf, PushCredit.codec(), opts)
  }
}

export interface PushSkip {
  chunks: number[]
}

export namespace PushSkip {
  let _codec: Codec<PushSkip>

  export const codec = (): Codec<PushSkip> => {
    if (_codec == null) {
      _codec = message<PushSkip>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.chunks != null && obj.chunks.length > 0) {
          for (const value of obj.chunks) {
            w.uint32(8)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          chunks: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.chunks != null && obj.chunks.length === opts.limits.chunks) {
                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements')
              }

              if (obj.chunks.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements')
              }

              obj.chunks.push(reader.uint32())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          chunks: 1024
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.chunks != null && obj.chunks === opts.limits.chunks) {
                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements')
              }

              if (obj.chunks === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements')
              }

              yield {
                field: `${prefix}.chunks[]`,
                index: obj.chunks,
                value: reader.uint32()
              }

              obj.chunks++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushSkipChunksFieldEvent {
    field: '$.chunks[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<PushSkip>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushSkip.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushSkip>): PushSkip {
    return decodeMessage(buf, PushSkip.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushSkip>): Generator<PushSkipChunksFieldEvent> {
    return streamMessage(buf, PushSkip.codec(), opts)
  }
}

export interface PushRefusal {
  reason: string
}

export namespace PushRefusal {
  let _codec: Codec<PushRefusal>

  export const codec = (): Codec<PushRefusal> => {
    if (_codec == null) {
      _codec = message<PushRefusal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(10)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reason = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushRefusalReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<PushRefusal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushRefusal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushRefusal>): PushRefusal {
    return decodeMessage(buf, PushRefusal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushRefusal>): Generator<PushRefusalReasonFieldEvent> {
    return streamMessage(buf, PushRefusal.codec(), opts)
  }
}
