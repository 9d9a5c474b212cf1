import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface TrustRequest {
  rootVersion: number
  stale?: boolean
}

export namespace TrustRequest {
  let _codec: Codec<TrustRequest>

  export const codec = (): Codec<TrustRequest> => {
    if (_codec == null) {
      _codec = message<TrustRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rootVersion != null && obj.rootVersion !== 0)) {
          w.uint32(8)
          w.uint32(obj.rootVersion)
        }

        if (obj.stale != null) {
          w.uint32(16)
          w.bool(obj.stale)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rootVersion: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.rootVersion = reader.uint32()
              break
            }
            case 2: {
              obj.stale = reader.bool()
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
                field: `${prefix}.rootVersion`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.stale`,
                value: reader.bool()
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

  export interface TrustRequestRootVersionFieldEvent {
    field: '$.rootVersion'
    value: number
  }

  export interface TrustRequestStaleFieldEvent {
    field: '$.stale'
    value: boolean
  }

  export function encode (obj: Partial<TrustRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TrustRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TrustRequest>): TrustRequest {
    return decodeMessage(buf, TrustRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TrustRequest>): Generator<TrustRequestRootVersionFieldEvent | TrustRequestStaleFieldEvent> {
    return streamMessage(buf, TrustRequest.codec(), opts)
  }
}

export interface TrustResponse {
  roots: Uint8Array<ArrayBuffer>[]
  timestamp?: Uint8Array<ArrayBuffer>
}

export namespace TrustResponse {
  let _codec: Codec<TrustResponse>

  export const codec = (): Codec<TrustResponse> => {
    if (_codec == null) {
      _codec = message<TrustResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.roots != null && obj.roots.length > 0) {
          for (const value of obj.roots) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (obj.timestamp != null) {
          w.uint32(18)
          w.bytes(obj.timestamp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          roots: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.roots != null && obj.roots.length === opts.limits.roots) {
                throw new MaxLengthError('Decode error - repeated field "roots" had too many elements')
              }

              if (obj.roots.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "roots" had too many elements')
              }

              obj.roots.push(reader.bytes())
              break
            }
            case 2: {
              obj.timestamp = reader.bytes()
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
          roots: 64
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.roots != null && obj.roots === opts.limits.roots) {
                throw new MaxLengthError('Streaming decode error - repeated field "roots" had too many elements')
              }

              if (obj.roots === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "roots" had too many elements')
              }

              yield {
                field: `${prefix}.roots[]`,
                index: obj.roots,
                value: reader.bytes()
              }

              obj.roots++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.timestamp`,
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

  export interface TrustResponseRootsFieldEvent {
    field: '$.roots[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface TrustResponseTimestampFieldEvent {
    field: '$.timestamp'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TrustResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TrustResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TrustResponse>): TrustResponse {
    return decodeMessage(buf, TrustResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TrustResponse>): Generator<TrustResponseRootsFieldEvent | TrustResponseTimestampFieldEvent> {
    return streamMessage(buf, TrustResponse.codec(), opts)
  }
}
