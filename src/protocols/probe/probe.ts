import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ProbeRequest {
  direction: ProbeRequest.Direction
  durationMs: number
}

export namespace ProbeRequest {
  export enum Direction {
    UPLOAD = 'UPLOAD',
    DOWNLOAD = 'DOWNLOAD'
  }

  enum __DirectionValues {
    UPLOAD = 0,
    DOWNLOAD = 1
  }

  export namespace Direction {
    export const codec = (): Codec<Direction> => {
      return enumeration<Direction>(__DirectionValues)
    }
  }

  let _codec: Codec<ProbeRequest>

  export const codec = (): Codec<ProbeRequest> => {
    if (_codec == null) {
      _codec = message<ProbeRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.direction != null && __DirectionValues[obj.direction] !== 0) {
          w.uint32(8)
          ProbeRequest.Direction.codec().encode(obj.direction, w)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0)) {
          w.uint32(16)
          w.uint32(obj.durationMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          direction: Direction.UPLOAD,
          durationMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.direction = ProbeRequest.Direction.codec().decode(reader)
              break
            }
            case 2: {
              obj.durationMs = reader.uint32()
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
                field: `${prefix}.direction`,
                value: ProbeRequest.Direction.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.durationMs`,
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

  export interface ProbeRequestDirectionFieldEvent {
    field: '$.direction'
    value: ProbeRequest.Direction
  }

  export interface ProbeRequestDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export function encode (obj: Partial<ProbeRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProbeRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeRequest>): ProbeRequest {
    return decodeMessage(buf, ProbeRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeRequest>): Generator<ProbeRequestDirectionFieldEvent | ProbeRequestDurationMsFieldEvent> {
    return streamMessage(buf, ProbeRequest.codec(), opts)
  }
}

export interface ProbeResult {
  bytes: number
  elapsedMs: number
  firstFrameBytes: number
}

export namespace ProbeResult {
  let _codec: Codec<ProbeResult>

  export const codec = (): Codec<ProbeResult> => {
    if (_codec == null) {
      _codec = message<ProbeResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.bytes != null && obj.bytes !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.bytes)
        }

        if ((obj.elapsedMs != null && obj.elapsedMs !== 0)) {
          w.uint32(16)
          w.uint32(obj.elapsedMs)
        }

        if ((obj.firstFrameBytes != null && obj.firstFrameBytes !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.firstFrameBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          bytes: 0,
          elapsedMs: 0,
          firstFrameBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.bytes = reader.uint64Number()
              break
            }
            case 2: {
              obj.elapsedMs = reader.uint32()
              break
            }
            case 3: {
              obj.firstFrameBytes = reader.uint64Number()
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
                field: `${prefix}.bytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.elapsedMs`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.firstFrameBytes`,
                value: reader.uint64Number()
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

  export interface ProbeResultBytesFieldEvent {
    field: '$.bytes'
    value: number
  }

  export interface ProbeResultElapsedMsFieldEvent {
    field: '$.elapsedMs'
    value: number
  }

  export interface ProbeResultFirstFrameBytesFieldEvent {
    field: '$.firstFrameBytes'
    value: number
  }

  export function encode (obj: Partial<ProbeResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProbeResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeResult>): ProbeResult {
    return decodeMessage(buf, ProbeResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeResult>): Generator<ProbeResultBytesFieldEvent | ProbeResultElapsedMsFieldEvent | ProbeResultFirstFrameBytesFieldEvent> {
    return streamMessage(buf, ProbeResult.codec(), opts)
  }
}
