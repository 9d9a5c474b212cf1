import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Manifest {
  name: string
  version: string
  size: number
  chunkSize: number
  chunkHashes: Uint8Array<ArrayBuffer>[]
  packageHash: Uint8Array<ArrayBuffer>
  publisher: Uint8Array<ArrayBuffer>
  fileName: string
  createdAt: number
  rollback: boolean
}

export namespace Manifest {
  let _codec: Codec<Manifest>

  export const codec = (): Codec<Manifest> => {
    if (_codec == null) {
      _codec = message<Manifest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(18)
          w.string(obj.version)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.size)
        }

        if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
          w.uint32(32)
          w.uint32(obj.chunkSize)
        }

        if (obj.chunkHashes != null && obj.chunkHashes.length > 0) {
          for (const value of obj.chunkHashes) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.packageHash != null && obj.packageHash.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.packageHash)
        }

        if ((obj.publisher != null && obj.publisher.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.publisher)
        }

        if ((obj.fileName != null && obj.fileName !== '')) {
          w.uint32(66)
          w.string(obj.fileName)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.createdAt)
        }

        if ((obj.rollback != null && obj.rollback !== false)) {
          w.uint32(80)
          w.bool(obj.rollback)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          version: '',
          size: 0,
          chunkSize: 0,
          chunkHashes: [],
          packageHash: uint8ArrayAlloc(0),
          publisher: uint8ArrayAlloc(0),
          fileName: '',
          createdAt: 0,
          rollback: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.version = reader.string()
              break
            }
            case 3: {
              obj.size = reader.uint64Number()
              break
            }
            case 4: {
              obj.chunkSize = reader.uint32()
              break
            }
            case 5: {
              if (opts.limits?.chunkHashes != null && obj.chunkHashes.length === opts.limits.chunkHashes) {
                throw new MaxLengthError('Decode error - repeated field "chunkHashes" had too many elements')
              }

              if (obj.chunkHashes.length === 16384) {
                throw new MaxLengthError('Decode error - repeated field "chunkHashes" had too many elements')
              }

              obj.chunkHashes.push(reader.bytes())
              break
            }
            case 6: {
              obj.packageHash = reader.bytes()
              break
            }
            case 7: {
              obj.publisher = reader.bytes()
              break
            }
            case 8: {
              obj.fileName = reader.string()
              break
            }
            case 9: {
              obj.createdAt = reader.uint64Number()
              break
            }
            case 10: {
              obj.rollback = reader.bool()
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
          chunkHashes: 16384
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.chunkSize`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              if (opts.limits?.chunkHashes != null && obj.chunkHashes === opts.limits.chunkHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "chunkHashes" had too many elements')
              }

              if (obj.chunkHashes === 16384) {
                throw new MaxLengthError('Streaming decode error - repeated field "chunkHashes" had too many elements')
              }

              yield {
                field: `${prefix}.chunkHashes[]`,
                index: obj.chunkHashes,
                value: reader.bytes()
              }

              obj.chunkHashes++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.packageHash`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.publisher`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.fileName`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.rollback`,
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

  export interface ManifestNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ManifestVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface ManifestSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface ManifestChunkSizeFieldEvent {
    field: '$.chunkSize'
    value: number
  }

  export interface ManifestChunkHashesFieldEvent {
    field: '$.chunkHashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ManifestPackageHashFieldEvent {
    field: '$.packageHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ManifestPublisherFieldEvent {
    field: '$.publisher'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ManifestFileNameFieldEvent {
    field: '$.fileName'
    value: string
  }

  export interface ManifestCreatedAtFieldEvent {
    field: '$.createdAt'
    value: number
  }

  export interface ManifestRollbackFieldEvent {
    field: '$.rollback'
    value: boolean
  }

  export function encode (obj: Partial<Manifest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Manifest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Manifest>): Manifest {
    return decodeMessage(buf, Manifest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Manifest>): Generator<ManifestNameFieldEvent | ManifestVersionFieldEvent | ManifestSizeFieldEvent | ManifestChunkSizeFieldEvent | ManifestChunkHashesFieldEvent | ManifestPackageHashFieldEvent | ManifestPublisherFieldEvent | ManifestFileNameFieldEvent | ManifestCreatedAtFieldEvent | ManifestRollbackFieldEvent> {
    return streamMessage(buf, Manifest.codec(), opts)
  }
}

export interface SignedManifest {
  manifest: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
  release?: Uint8Array<ArrayBuffer>
}

export namespace SignedManifest {
  let _codec: Codec<SignedManifest>

  export const codec = (): Codec<SignedManifest> => {
    if (_codec == null) {
      _codec = message<SignedManifest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.manifest != null && obj.manifest.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.manifest)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (obj.release != null) {
          w.uint32(26)
          w.bytes(obj.release)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          manifest: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.manifest = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.release = reader.bytes()
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
                field: `${prefix}.manifest`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.release`,
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

  export interface SignedManifestManifestFieldEvent {
    field: '$.manifest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedManifestSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedManifestReleaseFieldEvent {
    field: '$.release'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedManifest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedManifest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedManifest>): SignedManifest {
    return decodeMessage(buf, SignedManifest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedManifest>): Generator<SignedManifestManifestFieldEvent | SignedManifestSignatureFieldEvent | SignedManifestReleaseFieldEvent> {
    return streamMessage(buf, SignedManifest.codec(), opts)
  }
}
