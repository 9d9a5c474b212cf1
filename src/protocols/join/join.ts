import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Label {
  key: string
  value: string
}

export namespace Label {
  let _codec: Codec<Label>

  export const codec = (): Codec<Label> => {
    if (_codec == null) {
      _codec = message<Label>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(10)
          w.string(obj.key)
        }

        if ((obj.value != null && obj.value !== '')) {
          w.uint32(18)
          w.string(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: '',
          value: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.string()
              break
            }
            case 2: {
              obj.value = reader.string()
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
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.value`,
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

  export interface LabelKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface LabelValueFieldEvent {
    field: '$.value'
    value: string
  }

  export function encode (obj: Partial<Label>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Label.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Label>): Label {
    return decodeMessage(buf, Label.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Label>): Generator<LabelKeyFieldEvent | LabelValueFieldEvent> {
    return streamMessage(buf, Label.codec(), opts)
  }
}

export interface JoinRequest {
  version: string
  listenAddrs: Uint8Array<ArrayBuffer>[]
  labels: Label[]
  uploadLimit: number
  joinToken: string
  site?: boolean
  reachability?: string
}

export namespace JoinRequest {
  let _codec: Codec<JoinRequest>

  export const codec = (): Codec<JoinRequest> => {
    if (_codec == null) {
      _codec = message<JoinRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(10)
          w.string(obj.version)
        }

        if (obj.listenAddrs != null && obj.listenAddrs.length > 0) {
          for (const value of obj.listenAddrs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.labels != null && obj.labels.length > 0) {
          for (const value of obj.labels) {
            w.uint32(26)
            Label.codec().encode(value, w)
          }
        }

        if ((obj.uploadLimit != null && obj.uploadLimit !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.uploadLimit)
        }

        if ((obj.joinToken != null && obj.joinToken !== '')) {
          w.uint32(42)
          w.string(obj.joinToken)
        }

        if (obj.site != null) {
          w.uint32(48)
          w.bool(obj.site)
        }

        if (obj.reachability != null) {
          w.uint32(58)
          w.string(obj.reachability)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: '',
          listenAddrs: [],
          labels: [],
          uploadLimit: 0,
          joinToken: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.listenAddrs != null && obj.listenAddrs.length === opts.limits.listenAddrs) {
                throw new MaxLengthError('Decode error - repeated field "listenAddrs" had too many elements')
              }

              if (obj.listenAddrs.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "listenAddrs" had too many elements')
              }

              obj.listenAddrs.push(reader.bytes())
              break
            }
            case 3: {
              if (opts.limits?.labels != null && obj.labels.length === opts.limits.labels) {
                throw new MaxLengthError('Decode error - repeated field "labels" had too many elements')
              }

              if (obj.labels.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "labels" had too many elements')
              }

              obj.labels.push(Label.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.labels$
              }))
              break
            }
            case 4: {
              obj.uploadLimit = reader.uint64Number()
              break
            }
            case 5: {
              obj.joinToken = reader.string()
              break
            }
            case 6: {
              obj.site = reader.bool()
              break
            }
            case 7: {
              obj.reachability = reader.string()
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
          listenAddrs: 16,
          labels: 64
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.listenAddrs != null && obj.listenAddrs === opts.limits.listenAddrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "listenAddrs" had too many elements')
              }

              if (obj.listenAddrs === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "listenAddrs" had too many elements')
              }

              yield {
                field: `${prefix}.listenAddrs[]`,
                index: obj.listenAddrs,
                value: reader.bytes()
              }

              obj.listenAddrs++

              break
            }
            case 3: {
              if (opts.limits?.labels != null && obj.labels === opts.limits.labels) {
                throw new MaxLengthError('Streaming decode error - repeated field "labels" had too many elements')
              }

              if (obj.labels === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "labels" had too many elements')
              }

              for (const evt of Label.codec().stream(reader, reader.uint32(), `${prefix}.labels[]`, {
                limits: opts.limits?.labels$
              })) {
                yield {
                  ...evt,
                  index: obj.labels
                }
              }

              obj.labels++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.uploadLimit`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.joinToken`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.site`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.reachability`,
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

  export interface JoinRequestVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface JoinRequestListenAddrsFieldEvent {
    field: '$.listenAddrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinRequestLabelsKeyFieldEvent {
    field: '$.labels[].key'
    value: string
    index: number
  }

  export interface JoinRequestLabelsValueFieldEvent {
    field: '$.labels[].value'
    value: string
    index: number
  }

  export interface JoinRequestUploadLimitFieldEvent {
    field: '$.uploadLimit'
    value: number
  }

  export interface JoinRequestJoinTokenFieldEvent {
    field: '$.joinToken'
    value: string
  }

  export interface JoinRequestSiteFieldEvent {
    field: '$.site'
    value: boolean
  }

  export interface JoinRequestReachabilityFieldEvent {
    field: '$.reachability'
    value: string
  }

  export function encode (obj: Partial<JoinRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequest>): JoinRequest {
    return decodeMessage(buf, JoinRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequest>): Generator<JoinRequestVersionFieldEvent | JoinRequestListenAddrsFieldEvent | JoinRequestLabelsKeyFieldEvent | JoinRequestLabelsValueFieldEvent | JoinRequestUploadLimitFieldEvent | JoinRequestJoinTokenFieldEvent | JoinRequestSiteFieldEvent | JoinRequestReachabilityFieldEvent> {
    return streamMessage(buf, JoinRequest.codec(), opts)
  }
}

export interface JoinResponse {
  accepted: boolean
  reason: string
  permanent?: boolean
}

export namespace JoinResponse {
  let _codec: Codec<JoinResponse>

  export const codec = (): Codec<JoinResponse> => {
    if (_codec == null) {
      _codec = message<JoinResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.accepted != null && obj.accepted !== false)) {
          w.uint32(8)
          w.bool(obj.accepted)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (obj.permanent != null) {
          w.uint32(24)
          w.bool(obj.permanent)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          accepted: false,
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.accepted = reader.bool()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.permanent = reader.bool()
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
                field: `${prefix}.accepted`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.permanent`,
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

  export interface JoinResponseAcceptedFieldEvent {
    field: '$.accepted'
    value: boolean
  }

  export interface JoinResponseReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface JoinResponsePermanentFieldEvent {
    field: '$.permanent'
    value: boolean
  }

  export function encode (obj: Partial<JoinResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinResponse>): JoinResponse {
    return decodeMessage(buf, JoinResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinResponse>): Generator<JoinResponseAcceptedFieldEvent | JoinResponseReasonFieldEvent | JoinResponsePermanentFieldEvent> {
    return streamMessage(buf, JoinResponse.codec(), opts)
  }
}

export interface HostMessage {
  heartbeat?: Heartbeat
  deploy?: DeploymentNotice
  authorization?: InstallAuthorization
  cancel?: DeploymentCancel
  stopRelaying?: StopRelaying
  relay?: RelayRequest
  connect?: ConnectRequest
}

export namespace HostMessage {
  let _codec: Codec<HostMessage>

  export const codec = (): Codec<HostMessage> => {
    if (_codec == null) {
      _codec = message<HostMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.heartbeat != null) {
          w.uint32(10)
          Heartbeat.codec().encode(obj.heartbeat, w)
        }

        if (obj.deploy != null) {
          w.uint32(18)
          DeploymentNotice.codec().encode(obj.deploy, w)
        }

        if (obj.authorization != null) {
          w.uint32(26)
          InstallAuthorization.codec().encode(obj.authorization, w)
        }

        if (obj.cancel != null) {
          w.uint32(34)
          DeploymentCancel.codec().encode(obj.cancel, w)
        }

        if (obj.stopRelaying != null) {
          w.uint32(42)
          StopRelaying.codec().encode(obj.stopRelaying, w)
        }

        if (obj.relay != null) {
          w.uint32(50)
          RelayRequest.codec().encode(obj.relay, w)
        }

        if (obj.connect != null) {
          w.uint32(58)
          ConnectRequest.codec().encode(obj.connect, w)
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
              obj.heartbeat = Heartbeat.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.heartbeat
              })
              break
            }
            case 2: {
              obj.deploy = DeploymentNotice.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deploy
              })
              break
            }
            case 3: {
              obj.authorization = InstallAuthorization.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.authorization
              })
              break
            }
            case 4: {
              obj.cancel = DeploymentCancel.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.cancel
              })
              break
            }
            case 5: {
              obj.stopRelaying = StopRelaying.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.stopRelaying
              })
              break
            }
            case 6: {
              obj.relay = RelayRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.relay
              })
              break
            }
            case 7: {
              obj.connect = ConnectRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.connect
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
              yield * Heartbeat.codec().stream(reader, reader.uint32(), `${prefix}.heartbeat`, {
                limits: opts.limits?.heartbeat
              })

              break
            }
            case 2: {
              yield * DeploymentNotice.codec().stream(reader, reader.uint32(), `${prefix}.deploy`, {
                limits: opts.limits?.deploy
              })

              break
            }
            case 3: {
              yield * InstallAuthorization.codec().stream(reader, reader.uint32(), `${prefix}.authorization`, {
                limits: opts.limits?.authorization
              })

              break
            }
            case 4: {
              yield * DeploymentCancel.codec().stream(reader, reader.uint32(), `${prefix}.cancel`, {
                limits: opts.limits?.cancel
              })

              break
            }
            case 5: {
              yield * StopRelaying.codec().stream(reader, reader.uint32(), `${prefix}.stopRelaying`, {
                limits: opts.limits?.stopRelaying
              })

              break
            }
            case 6: {
              yield * RelayRequest.codec().stream(reader, reader.uint32(), `${prefix}.relay`, {
                limits: opts.limits?.relay
              })

              break
            }
            case 7: {
              yield * ConnectRequest.codec().stream(reader, reader.uint32(), `${prefix}.connect`, {
                limits: opts.limits?.connect
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

  export interface HostMessageHeartbeatSentAtFieldEvent {
    field: '$.heartbeat.sentAt'
    value: number
  }

  export interface HostMessageDeployDeploymentIdFieldEvent {
    field: '$.deploy.deploymentId'
    value: string
  }

  export interface HostMessageDeployManifestIdFieldEvent {
    field: '$.deploy.manifestId'
    value: string
  }

  export interface HostMessageDeployPaceFieldEvent {
    field: '$.deploy.pace'
    value: number
  }

  export interface HostMessageAuthorizationPayloadFieldEvent {
    field: '$.authorization.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HostMessageAuthorizationSignatureFieldEvent {
    field: '$.authorization.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HostMessageCancelDeploymentIdFieldEvent {
    field: '$.cancel.deploymentId'
    value: string
  }

  export interface HostMessageCancelReasonFieldEvent {
    field: '$.cancel.reason'
    value: string
  }

  export interface HostMessageStopRelayingDeploymentIdFieldEvent {
    field: '$.stopRelaying.deploymentId'
    value: string
  }

  export interface HostMessageStopRelayingReasonFieldEvent {
    field: '$.stopRelaying.reason'
    value: string
  }

  export interface HostMessageRelayDeploymentIdFieldEvent {
    field: '$.relay.deploymentId'
    value: string
  }

  export interface HostMessageRelayManifestIdFieldEvent {
    field: '$.relay.manifestId'
    value: string
  }

  export interface HostMessageRelayTargetsPeerIdFieldEvent {
    field: '$.relay.targets[].peerId'
    value: string
    index: number
  }

  export interface HostMessageRelayTargetsAddrsFieldEvent {
    field: '$.relay.targets[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface HostMessageRelayTargetsParentFieldEvent {
    field: '$.relay.targets[].parent'
    value: number
    index: number
  }

  export interface HostMessageRelayStripeIndexFieldEvent {
    field: '$.relay.stripeIndex'
    value: number
  }

  export interface HostMessageRelayStripeCountFieldEvent {
    field: '$.relay.stripeCount'
    value: number
  }

  export interface HostMessageRelayRateFieldEvent {
    field: '$.relay.rate'
    value: number
  }

  export interface HostMessageRelayDescendingFieldEvent {
    field: '$.relay.descending'
    value: boolean
  }

  export interface HostMessageConnectDeploymentIdFieldEvent {
    field: '$.connect.deploymentId'
    value: string
  }

  export interface HostMessageConnectPeerIdFieldEvent {
    field: '$.connect.peerId'
    value: string
  }

  export interface HostMessageConnectAddrsFieldEvent {
    field: '$.connect.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<HostMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HostMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HostMessage>): HostMessage {
    return decodeMessage(buf, HostMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HostMessage>): Generator<HostMessageHeartbeatSentAtFieldEvent | HostMessageDeployDeploymentIdFieldEvent | HostMessageDeployManifestIdFieldEvent | HostMessageDeployPaceFieldEvent | HostMessageAuthorizationPayloadFieldEvent | HostMessageAuthorizationSignatureFieldEvent | HostMessageCancelDeploymentIdFieldEvent | HostMessageCancelReasonFieldEvent | HostMessageStopRelayingDeploymentIdFieldEvent | HostMessageStopRelayingReasonFieldEvent | HostMessageRelayDeploymentIdFieldEvent | HostMessageRelayManifestIdFieldEvent | HostMessageRelayTargetsPeerIdFieldEvent | HostMessageRelayTargetsAddrsFieldEvent | HostMessageRelayTargetsParentFieldEvent | HostMessageRelayStripeIndexFieldEvent | HostMessageRelayStripeCountFieldEvent | HostMessageRelayRateFieldEvent | HostMessageRelayDescendingFieldEvent | HostMessageConnectDeploymentIdFieldEvent | HostMessageConnectPeerIdFieldEvent | HostMessageConnectAddrsFieldEvent> {
    return streamMessage(buf, HostMessage.codec(), opts)
  }
}

export interface ConnectRequest {
  deploymentId: string
  peerId: string
  addrs: Uint8Array<ArrayBuffer>[]
}

export namespace ConnectRequest {
  let _codec: Codec<ConnectRequest>

  export const codec = (): Codec<ConnectRequest> => {
    if (_codec == null) {
      _codec = message<ConnectRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(18)
          w.string(obj.peerId)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          peerId: '',
          addrs: []
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
              obj.peerId = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 3: {
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

  export interface ConnectRequestDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface ConnectRequestPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface ConnectRequestAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ConnectRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ConnectRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConnectRequest>): ConnectRequest {
    return decodeMessage(buf, ConnectRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConnectRequest>): Generator<ConnectRequestDeploymentIdFieldEvent | ConnectRequestPeerIdFieldEvent | ConnectRequestAddrsFieldEvent> {
    return streamMessage(buf, ConnectRequest.codec(), opts)
  }
}

export interface RelayRequest {
  deploymentId: string
  manifestId: string
  targets: RelayTarget[]
  stripeIndex?: number
  stripeCount?: number
  rate?: number
  descending?: boolean
}

export namespace RelayRequest {
  let _codec: Codec<RelayRequest>

  export const codec = (): Codec<RelayRequest> => {
    if (_codec == null) {
      _codec = message<RelayRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.manifestId != null && obj.manifestId !== '')) {
          w.uint32(18)
          w.string(obj.manifestId)
        }

        if (obj.targets != null && obj.targets.length > 0) {
          for (const value of obj.targets) {
            w.uint32(26)
            RelayTarget.codec().encode(value, w)
          }
        }

        if (obj.stripeIndex != null) {
          w.uint32(32)
          w.uint32(obj.stripeIndex)
        }

        if (obj.stripeCount != null) {
          w.uint32(40)
          w.uint32(obj.stripeCount)
        }

        if (obj.rate != null) {
          w.uint32(48)
          w.uint64Number(obj.rate)
        }

        if (obj.descending != null) {
          w.uint32(56)
          w.bool(obj.descending)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          manifestId: '',
          targets: []
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
              obj.manifestId = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.targets != null && obj.targets.length === opts.limits.targets) {
                throw new MaxLengthError('Decode error - repeated field "targets" had too many elements')
              }

              if (obj.targets.length === 200000) {
                throw new MaxLengthError('Decode error - repeated field "targets" had too many elements')
              }

              obj.targets.push(RelayTarget.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.targets$
              }))
              break
            }
            case 4: {
              obj.stripeIndex = reader.uint32()
              break
            }
            case 5: {
              obj.stripeCount = reader.uint32()
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
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          targets: 200000
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
                field: `${prefix}.manifestId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.targets != null && obj.targets === opts.limits.targets) {
                throw new MaxLengthError('Streaming decode error - repeated field "targets" had too many elements')
              }

              if (obj.targets === 200000) {
                throw new MaxLengthError('Streaming decode error - repeated field "targets" had too many elements')
              }

              for (const evt of RelayTarget.codec().stream(reader, reader.uint32(), `${prefix}.targets[]`, {
                limits: opts.limits?.targets$
              })) {
                yield {
                  ...evt,
                  index: obj.targets
                }
              }

              obj.targets++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.stripeIndex`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.stripeCount`,
                value: reader.uint32()
              }
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

  export interface RelayRequestDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface RelayRequestManifestIdFieldEvent {
    field: '$.manifestId'
    value: string
  }

  export interface RelayRequestTargetsPeerIdFieldEvent {
    field: '$.targets[].peerId'
    value: string
    index: number
  }

  export interface RelayRequestTargetsAddrsFieldEvent {
    field: '$.targets[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RelayRequestTargetsParentFieldEvent {
    field: '$.targets[].parent'
    value: number
    index: number
  }

  export interface RelayRequestStripeIndexFieldEvent {
    field: '$.stripeIndex'
    value: number
  }

  export interface RelayRequestStripeCountFieldEvent {
    field: '$.stripeCount'
    value: number
  }

  export interface RelayRequestRateFieldEvent {
    field: '$.rate'
    value: number
  }

  export interface RelayRequestDescendingFieldEvent {
    field: '$.descending'
    value: boolean
  }

  export function encode (obj: Partial<RelayRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RelayRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayRequest>): RelayRequest {
    return decodeMessage(buf, RelayRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayRequest>): Generator<RelayRequestDeploymentIdFieldEvent | RelayRequestManifestIdFieldEvent | RelayRequestTargetsPeerIdFieldEvent | RelayRequestTargetsAddrsFieldEvent | RelayRequestTargetsParentFieldEvent | RelayRequestStripeIndexFieldEvent | RelayRequestStripeCountFieldEvent | RelayRequestRateFieldEvent | RelayRequestDescendingFieldEvent> {
    return streamMessage(buf, RelayRequest.codec(), opts)
  }
}

export interface RelayTarget {
  peerId: string
  addrs: Uint8Array<ArrayBuffer>[]
  parent: number
}

export namespace RelayTarget {
  let _codec: Codec<RelayTarget>

  export const codec = (): Codec<RelayTarget> => {
    if (_codec == null) {
      _codec = message<RelayTarget>((obj, w, opts = {}) => {
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

  export interface RelayTargetPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface RelayTargetAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RelayTargetParentFieldEvent {
    field: '$.parent'
    value: number
  }

  export function encode (obj: Partial<RelayTarget>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RelayTarget.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayTarget>): RelayTarget {
    return decodeMessage(buf, RelayTarget.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayTarget>): Generator<RelayTargetPeerIdFieldEvent | RelayTargetAddrsFieldEvent | RelayTargetParentFieldEvent> {
    return streamMessage(buf, RelayTarget.codec(), opts)
  }
}

export interface StopRelaying {
  deploymentId: string
  reason: string
}

export namespace StopRelaying {
  let _codec: Codec<StopRelaying>

  export const codec = (): Codec<StopRelaying> => {
    if (_codec == null) {
      _codec = message<StopRelaying>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          reason: ''
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
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

  export interface StopRelayingDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface StopRelayingReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<StopRelaying>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StopRelaying.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StopRelaying>): StopRelaying {
    return decodeMessage(buf, StopRelaying.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StopRelaying>): Generator<StopRelayingDeploymentIdFieldEvent | StopRelayingReasonFieldEvent> {
    return streamMessage(buf, StopRelaying.codec(), opts)
  }
}

export interface NodeMessage {
  heartbeat?: Heartbeat
  report?: StateReport
  receipt?: Receipt
  badChunk?: BadChunkReport
  needParent?: NeedParent
  resend?: ResendRequest
  siteReport?: SiteReport
  unreachable?: UnreachableChild
}

export namespace NodeMessage {
  let _codec: Codec<NodeMessage>

  export const codec = (): Codec<NodeMessage> => {
    if (_codec == null) {
      _codec = message<NodeMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.heartbeat != null) {
          w.uint32(10)
          Heartbeat.codec().encode(obj.heartbeat, w)
        }

        if (obj.report != null) {
          w.uint32(18)
          StateReport.codec().encode(obj.report, w)
        }

        if (obj.receipt != null) {
          w.uint32(26)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (obj.badChunk != null) {
          w.uint32(34)
          BadChunkReport.codec().encode(obj.badChunk, w)
        }

        if (obj.needParent != null) {
          w.uint32(42)
          NeedParent.codec().encode(obj.needParent, w)
        }

        if (obj.resend != null) {
          w.uint32(50)
          ResendRequest.codec().encode(obj.resend, w)
        }

        if (obj.siteReport != null) {
          w.uint32(58)
          SiteReport.codec().encode(obj.siteReport, w)
        }

        if (obj.unreachable != null) {
          w.uint32(66)
          UnreachableChild.codec().encode(obj.unreachable, w)
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
              obj.heartbeat = Heartbeat.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.heartbeat
              })
              break
            }
            case 2: {
              obj.report = StateReport.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.report
              })
              break
            }
            case 3: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            case 4: {
              obj.badChunk = BadChunkReport.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.badChunk
              })
              break
            }
            case 5: {
              obj.needParent = NeedParent.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.needParent
              })
              break
            }
            case 6: {
              obj.resend = ResendRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.resend
              })
              break
            }
            case 7: {
              obj.siteReport = SiteReport.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.siteReport
              })
              break
            }
            case 8: {
              obj.unreachable = UnreachableChild.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.unreachable
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
              yield * Heartbeat.codec().stream(reader, reader.uint32(), `${prefix}.heartbeat`, {
                limits: opts.limits?.heartbeat
              })

              break
            }
            case 2: {
              yield * StateReport.codec().stream(reader, reader.uint32(), `${prefix}.report`, {
                limits: opts.limits?.report
              })

              break
            }
            case 3: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            case 4: {
              yield * BadChunkReport.codec().stream(reader, reader.uint32(), `${prefix}.badChunk`, {
                limits: opts.limits?.badChunk
              })

              break
            }
            case 5: {
              yield * NeedParent.codec().stream(reader, reader.uint32(), `${prefix}.needParent`, {
                limits: opts.limits?.needParent
              })

              break
            }
            case 6: {
              yield * ResendRequest.codec().stream(reader, reader.uint32(), `${prefix}.resend`, {
                limits: opts.limits?.resend
              })

              break
            }
            case 7: {
              yield * SiteReport.codec().stream(reader, reader.uint32(), `${prefix}.siteReport`, {
                limits: opts.limits?.siteReport
              })

              break
            }
            case 8: {
              yield * UnreachableChild.codec().stream(reader, reader.uint32(), `${prefix}.unreachable`, {
                limits: opts.limits?.unreachable
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

  export interface NodeMessageHeartbeatSentAtFieldEvent {
    field: '$.heartbeat.sentAt'
    value: number
  }

  export interface NodeMessageReportDeploymentIdFieldEvent {
    field: '$.report.deploymentId'
    value: string
  }

  export interface NodeMessageReportStateFieldEvent {
    field: '$.report.state'
    value: string
  }

  export interface NodeMessageReportBytesReceivedFieldEvent {
    field: '$.report.bytesReceived'
    value: number
  }

  export interface NodeMessageReportBytesSentFieldEvent {
    field: '$.report.bytesSent'
    value: number
  }

  export interface NodeMessageReportReasonFieldEvent {
    field: '$.report.reason'
    value: string
  }

  export interface NodeMessageReportVersionFieldEvent {
    field: '$.report.version'
    value: string
  }

  export interface NodeMessageReportRelaysActiveFieldEvent {
    field: '$.report.relaysActive'
    value: number
  }

  export interface NodeMessageReportBytesDuplicateFieldEvent {
    field: '$.report.bytesDuplicate'
    value: number
  }

  export interface NodeMessageReportStripeChunksFieldEvent {
    field: '$.report.stripeChunks[]'
    index: number
    value: number
  }

  export interface NodeMessageReceiptPayloadFieldEvent {
    field: '$.receipt.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface NodeMessageReceiptSignatureFieldEvent {
    field: '$.receipt.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface NodeMessageBadChunkDeploymentIdFieldEvent {
    field: '$.badChunk.deploymentId'
    value: string
  }

  export interface NodeMessageBadChunkRelayFieldEvent {
    field: '$.badChunk.relay'
    value: string
  }

  export interface NodeMessageBadChunkIndexFieldEvent {
    field: '$.badChunk.index'
    value: number
  }

  export interface NodeMessageBadChunkReasonFieldEvent {
    field: '$.badChunk.reason'
    value: string
  }

  export interface NodeMessageNeedParentDeploymentIdFieldEvent {
    field: '$.needParent.deploymentId'
    value: string
  }

  export interface NodeMessageNeedParentLostFieldEvent {
    field: '$.needParent.lost'
    value: string
  }

  export interface NodeMessageNeedParentMissingFieldEvent {
    field: '$.needParent.missing'
    value: number
  }

  export interface NodeMessageNeedParentStripeFieldEvent {
    field: '$.needParent.stripe'
    value: number
  }

  export interface NodeMessageResendDeploymentIdFieldEvent {
    field: '$.resend.deploymentId'
    value: string
  }

  export interface NodeMessageResendReasonFieldEvent {
    field: '$.resend.reason'
    value: string
  }

  export interface NodeMessageResendMissingFieldEvent {
    field: '$.resend.missing'
    value: number
  }

  export interface NodeMessageSiteReportDeploymentIdFieldEvent {
    field: '$.siteReport.deploymentId'
    value: string
  }

  export interface NodeMessageSiteReportMembersPeerIdFieldEvent {
    field: '$.siteReport.members[].peerId'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportMembersStateFieldEvent {
    field: '$.siteReport.members[].state'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportMembersVersionFieldEvent {
    field: '$.siteReport.members[].version'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportMembersReasonFieldEvent {
    field: '$.siteReport.members[].reason'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportMembersSiteFieldEvent {
    field: '$.siteReport.members[].site'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportMembersCatchUpFieldEvent {
    field: '$.siteReport.members[].catchUp'
    value: boolean
    index: number
  }

  export interface NodeMessageSiteReportBytesServedFieldEvent {
    field: '$.siteReport.bytesServed'
    value: number
  }

  export interface NodeMessageSiteReportFinishedFieldEvent {
    field: '$.siteReport.finished'
    value: boolean
  }

  export interface NodeMessageSiteReportCountsStateFieldEvent {
    field: '$.siteReport.counts[].state'
    value: string
    index: number
  }

  export interface NodeMessageSiteReportCountsCountFieldEvent {
    field: '$.siteReport.counts[].count'
    value: number
    index: number
  }

  export interface NodeMessageUnreachableDeploymentIdFieldEvent {
    field: '$.unreachable.deploymentId'
    value: string
  }

  export interface NodeMessageUnreachablePeerIdFieldEvent {
    field: '$.unreachable.peerId'
    value: string
  }

  export interface NodeMessageUnreachableStripeFieldEvent {
    field: '$.unreachable.stripe'
    value: number
  }

  export interface NodeMessageUnreachableReasonFieldEvent {
    field: '$.unreachable.reason'
    value: string
  }

  export function encode (obj: Partial<NodeMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NodeMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeMessage>): NodeMessage {
    return decodeMessage(buf, NodeMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeMessage>): Generator<NodeMessageHeartbeatSentAtFieldEvent | NodeMessageReportDeploymentIdFieldEvent | NodeMessageReportStateFieldEvent | NodeMessageReportBytesReceivedFieldEvent | NodeMessageReportBytesSentFieldEvent | NodeMessageReportReasonFieldEvent | NodeMessageReportVersionFieldEvent | NodeMessageReportRelaysActiveFieldEvent | NodeMessageReportBytesDuplicateFieldEvent | NodeMessageReportStripeChunksFieldEvent | NodeMessageReceiptPayloadFieldEvent | NodeMessageReceiptSignatureFieldEvent | NodeMessageBadChunkDeploymentIdFieldEvent | NodeMessageBadChunkRelayFieldEvent | NodeMessageBadChunkIndexFieldEvent | NodeMessageBadChunkReasonFieldEvent | NodeMessageNeedParentDeploymentIdFieldEvent | NodeMessageNeedParentLostFieldEvent | NodeMessageNeedParentMissingFieldEvent | NodeMessageNeedParentStripeFieldEvent | NodeMessageResendDeploymentIdFieldEvent | NodeMessageResendReasonFieldEvent | NodeMessageResendMissingFieldEvent | NodeMessageSiteReportDeploymentIdFieldEvent | NodeMessageSiteReportMembersPeerIdFieldEvent | NodeMessageSiteReportMembersStateFieldEvent | NodeMessageSiteReportMembersVersionFieldEvent | NodeMessageSiteReportMembersReasonFieldEvent | NodeMessageSiteReportMembersSiteFieldEvent | NodeMessageSiteReportMembersCatchUpFieldEvent | NodeMessageSiteReportBytesServedFieldEvent | NodeMessageSiteReportFinishedFieldEvent | NodeMessageSiteReportCountsStateFieldEvent | NodeMessageSiteReportCountsCountFieldEvent | NodeMessageUnreachableDeploymentIdFieldEvent | NodeMessageUnreachablePeerIdFieldEvent | NodeMessageUnreachableStripeFieldEvent | NodeMessageUnreachableReasonFieldEvent> {
    return streamMessage(buf, NodeMessage.codec(), opts)
  }
}

export interface UnreachableChild {
  deploymentId: string
  peerId: string
  stripe?: number
  reason: string
}

export namespace UnreachableChild {
  let _codec: Codec<UnreachableChild>

  export const codec = (): Codec<UnreachableChild> => {
    if (_codec == null) {
      _codec = message<UnreachableChild>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(18)
          w.string(obj.peerId)
        }

        if (obj.stripe != null) {
          w.uint32(24)
          w.uint32(obj.stripe)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          peerId: '',
          reason: ''
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
              obj.peerId = reader.string()
              break
            }
            case 3: {
              obj.stripe = reader.uint32()
              break
            }
            case 4: {
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.stripe`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
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

  export interface UnreachableChildDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface UnreachableChildPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface UnreachableChildStripeFieldEvent {
    field: '$.stripe'
    value: number
  }

  export interface UnreachableChildReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<UnreachableChild>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UnreachableChild.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnreachableChild>): UnreachableChild {
    return decodeMessage(buf, UnreachableChild.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UnreachableChild>): Generator<UnreachableChildDeploymentIdFieldEvent | UnreachableChildPeerIdFieldEvent | UnreachableChildStripeFieldEvent | UnreachableChildReasonFieldEvent> {
    return streamMessage(buf, UnreachableChild.codec(), opts)
  }
}

export interface SiteReport {
  deploymentId: string
  members: SiteMemberState[]
  bytesServed: number
  finished: boolean
  counts: SiteStateCount[]
}

export namespace SiteReport {
  let _codec: Codec<SiteReport>

  export const codec = (): Codec<SiteReport> => {
    if (_codec == null) {
      _codec = message<SiteReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(18)
            SiteMemberState.codec().encode(value, w)
          }
        }

        if ((obj.bytesServed != null && obj.bytesServed !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.bytesServed)
        }

        if ((obj.finished != null && obj.finished !== false)) {
          w.uint32(32)
          w.bool(obj.finished)
        }

        if (obj.counts != null && obj.counts.length > 0) {
          for (const value of obj.counts) {
            w.uint32(42)
            SiteStateCount.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          members: [],
          bytesServed: 0,
          finished: false,
          counts: []
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
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              if (obj.members.length === 1000) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(SiteMemberState.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            case 3: {
              obj.bytesServed = reader.uint64Number()
              break
            }
            case 4: {
              obj.finished = reader.bool()
              break
            }
            case 5: {
              if (opts.limits?.counts != null && obj.counts.length === opts.limits.counts) {
                throw new MaxLengthError('Decode error - repeated field "counts" had too many elements')
              }

              if (obj.counts.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "counts" had too many elements')
              }

              obj.counts.push(SiteStateCount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.counts$
              }))
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
          members: 1000,
          counts: 16
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
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              if (obj.members === 1000) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of SiteMemberState.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.bytesServed`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.finished`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              if (opts.limits?.counts != null && obj.counts === opts.limits.counts) {
                throw new MaxLengthError('Streaming decode error - repeated field "counts" had too many elements')
              }

              if (obj.counts === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "counts" had too many elements')
              }

              for (const evt of SiteStateCount.codec().stream(reader, reader.uint32(), `${prefix}.counts[]`, {
                limits: opts.limits?.counts$
              })) {
                yield {
                  ...evt,
                  index: obj.counts
                }
              }

              obj.counts++

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

  export interface SiteReportDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface SiteReportMembersPeerIdFieldEvent {
    field: '$.members[].peerId'
    value: string
    index: number
  }

  export interface SiteReportMembersStateFieldEvent {
    field: '$.members[].state'
    value: string
    index: number
  }

  export interface SiteReportMembersVersionFieldEvent {
    field: '$.members[].version'
    value: string
    index: number
  }

  export interface SiteReportMembersReasonFieldEvent {
    field: '$.members[].reason'
    value: string
    index: number
  }

  export interface SiteReportMembersSiteFieldEvent {
    field: '$.members[].site'
    value: string
    index: number
  }

  export interface SiteReportMembersCatchUpFieldEvent {
    field: '$.members[].catchUp'
    value: boolean
    index: number
  }

  export interface SiteReportBytesServedFieldEvent {
    field: '$.bytesServed'
    value: number
  }

  export interface SiteReportFinishedFieldEvent {
    field: '$.finished'
    value: boolean
  }

  export interface SiteReportCountsStateFieldEvent {
    field: '$.counts[].state'
    value: string
    index: number
  }

  export interface SiteReportCountsCountFieldEvent {
    field: '$.counts[].count'
    value: number
    index: number
  }

  export function encode (obj: Partial<SiteReport>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteReport>): SiteReport {
    return decodeMessage(buf, SiteReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteReport>): Generator<SiteReportDeploymentIdFieldEvent | SiteReportMembersPeerIdFieldEvent | SiteReportMembersStateFieldEvent | SiteReportMembersVersionFieldEvent | SiteReportMembersReasonFieldEvent | SiteReportMembersSiteFieldEvent | SiteReportMembersCatchUpFieldEvent | SiteReportBytesServedFieldEvent | SiteReportFinishedFieldEvent | SiteReportCountsStateFieldEvent | SiteReportCountsCountFieldEvent> {
    return streamMessage(buf, SiteReport.codec(), opts)
  }
}

export interface SiteMemberState {
  peerId: string
  state: string
  version: string
  reason: string
  site: string
  catchUp?: boolean
}

export namespace SiteMemberState {
  let _codec: Codec<SiteMemberState>

  export const codec = (): Codec<SiteMemberState> => {
    if (_codec == null) {
      _codec = message<SiteMemberState>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.state != null && obj.state !== '')) {
          w.uint32(18)
          w.string(obj.state)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(26)
          w.string(obj.version)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if ((obj.site != null && obj.site !== '')) {
          w.uint32(42)
          w.string(obj.site)
        }

        if (obj.catchUp != null) {
          w.uint32(48)
          w.bool(obj.catchUp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          state: '',
          version: '',
          reason: '',
          site: ''
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
              obj.state = reader.string()
              break
            }
            case 3: {
              obj.version = reader.string()
              break
            }
            case 4: {
              obj.reason = reader.string()
              break
            }
            case 5: {
              obj.site = reader.string()
              break
            }
            case 6: {
              obj.catchUp = reader.bool()
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
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.state`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.site`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.catchUp`,
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

  export interface SiteMemberStatePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface SiteMemberStateStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface SiteMemberStateVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface SiteMemberStateReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface SiteMemberStateSiteFieldEvent {
    field: '$.site'
    value: string
  }

  export interface SiteMemberStateCatchUpFieldEvent {
    field: '$.catchUp'
    value: boolean
  }

  export function encode (obj: Partial<SiteMemberState>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteMemberState.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteMemberState>): SiteMemberState {
    return decodeMessage(buf, SiteMemberState.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteMemberState>): Generator<SiteMemberStatePeerIdFieldEvent | SiteMemberStateStateFieldEvent | SiteMemberStateVersionFieldEvent | SiteMemberStateReasonFieldEvent | SiteMemberStateSiteFieldEvent | SiteMemberStateCatchUpFieldEvent> {
    return streamMessage(buf, SiteMemberState.codec(), opts)
  }
}

export interface SiteStateCount {
  state: string
  count: number
}

export namespace SiteStateCount {
  let _codec: Codec<SiteStateCount>

  export const codec = (): Codec<SiteStateCount> => {
    if (_codec == null) {
      _codec = message<SiteStateCount>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.state != null && obj.state !== '')) {
          w.uint32(10)
          w.string(obj.state)
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
          state: '',
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.state = reader.string()
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
                field: `${prefix}.state`,
                value: reader.string()
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

  export interface SiteStateCountStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface SiteStateCountCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<SiteStateCount>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteStateCount.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteStateCount>): SiteStateCount {
    return decodeMessage(buf, SiteStateCount.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteStateCount>): Generator<SiteStateCountStateFieldEvent | SiteStateCountCountFieldEvent> {
    return streamMessage(buf, SiteStateCount.codec(), opts)
  }
}

export interface ResendRequest {
  deploymentId: string
  reason: string
  missing: number
}

export namespace ResendRequest {
  let _codec: Codec<ResendRequest>

  export const codec = (): Codec<ResendRequest> => {
    if (_codec == null) {
      _codec = message<ResendRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if ((obj.missing != null && obj.missing !== 0)) {
          w.uint32(24)
          w.uint32(obj.missing)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          reason: '',
          missing: 0
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
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.missing = reader.uint32()
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.missing`,
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

  export interface ResendRequestDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface ResendRequestReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface ResendRequestMissingFieldEvent {
    field: '$.missing'
    value: number
  }

  export function encode (obj: Partial<ResendRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResendRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendRequest>): ResendRequest {
    return decodeMessage(buf, ResendRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendRequest>): Generator<ResendRequestDeploymentIdFieldEvent | ResendRequestReasonFieldEvent | ResendRequestMissingFieldEvent> {
    return streamMessage(buf, ResendRequest.codec(), opts)
  }
}

export interface NeedParent {
  deploymentId: string
  lost: string
  missing: number
  stripe?: number
}

export namespace NeedParent {
  let _codec: Codec<NeedParent>

  export const codec = (): Codec<NeedParent> => {
    if (_codec == null) {
      _codec = message<NeedParent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.lost != null && obj.lost !== '')) {
          w.uint32(18)
          w.string(obj.lost)
        }

        if ((obj.missing != null && obj.missing !== 0)) {
          w.uint32(24)
          w.uint32(obj.missing)
        }

        if (obj.stripe != null) {
          w.uint32(32)
          w.uint32(obj.stripe)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          lost: '',
          missing: 0
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
              obj.lost = reader.string()
              break
            }
            case 3: {
              obj.missing = reader.uint32()
              break
            }
            case 4: {
              obj.stripe = reader.uint32()
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.lost`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.missing`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.stripe`,
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

  export interface NeedParentDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface NeedParentLostFieldEvent {
    field: '$.lost'
    value: string
  }

  export interface NeedParentMissingFieldEvent {
    field: '$.missing'
    value: number
  }

  export interface NeedParentStripeFieldEvent {
    field: '$.stripe'
    value: number
  }

  export function encode (obj: Partial<NeedParent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NeedParent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NeedParent>): NeedParent {
    return decodeMessage(buf, NeedParent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NeedParent>): Generator<NeedParentDeploymentIdFieldEvent | NeedParentLostFieldEvent | NeedParentMissingFieldEvent | NeedParentStripeFieldEvent> {
    return streamMessage(buf, NeedParent.codec(), opts)
  }
}

export interface Heartbeat {
  sentAt: number
}

export namespace Heartbeat {
  let _codec: Codec<Heartbeat>

  export const codec = (): Codec<Heartbeat> => {
    if (_codec == null) {
      _codec = message<Heartbeat>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.sentAt != null && obj.sentAt !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.sentAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sentAt: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.sentAt = reader.uint64Number()
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
                field: `${prefix}.sentAt`,
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

  export interface HeartbeatSentAtFieldEvent {
    field: '$.sentAt'
    value: number
  }

  export function encode (obj: Partial<Heartbeat>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Heartbeat.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Heartbeat>): Heartbeat {
    return decodeMessage(buf, Heartbeat.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Heartbeat>): Generator<HeartbeatSentAtFieldEvent> {
    return streamMessage(buf, Heartbeat.codec(), opts)
  }
}

export interface DeploymentNotice {
  deploymentId: string
  manifestId: string
  pace?: number
}

export namespace DeploymentNotice {
  let _codec: Codec<DeploymentNotice>

  export const codec = (): Codec<DeploymentNotice> => {
    if (_codec == null) {
      _codec = message<DeploymentNotice>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.manifestId != null && obj.manifestId !== '')) {
          w.uint32(18)
          w.string(obj.manifestId)
        }

        if (obj.pace != null) {
          w.uint32(24)
          w.uint64Number(obj.pace)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          manifestId: ''
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
              obj.manifestId = reader.string()
              break
            }
            case 3: {
              obj.pace = reader.uint64Number()
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.manifestId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.pace`,
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

  export interface DeploymentNoticeDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface DeploymentNoticeManifestIdFieldEvent {
    field: '$.manifestId'
    value: string
  }

  export interface DeploymentNoticePaceFieldEvent {
    field: '$.pace'
    value: number
  }

  export function encode (obj: Partial<DeploymentNotice>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentNotice.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentNotice>): DeploymentNotice {
    return decodeMessage(buf, DeploymentNotice.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentNotice>): Generator<DeploymentNoticeDeploymentIdFieldEvent | DeploymentNoticeManifestIdFieldEvent | DeploymentNoticePaceFieldEvent> {
    return streamMessage(buf, DeploymentNotice.codec(), opts)
  }
}

export interface DeploymentCancel {
  deploymentId: string
  reason: string
}

export namespace DeploymentCancel {
  let _codec: Codec<DeploymentCancel>

  export const codec = (): Codec<DeploymentCancel> => {
    if (_codec == null) {
      _codec = message<DeploymentCancel>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          reason: ''
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
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

  export interface DeploymentCancelDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface DeploymentCancelReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<DeploymentCancel>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentCancel.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentCancel>): DeploymentCancel {
    return decodeMessage(buf, DeploymentCancel.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentCancel>): Generator<DeploymentCancelDeploymentIdFieldEvent | DeploymentCancelReasonFieldEvent> {
    return streamMessage(buf, DeploymentCancel.codec(), opts)
  }
}

export interface StateReport {
  deploymentId: string
  state: string
  bytesReceived: number
  bytesSent: number
  reason: string
  version: string
  relaysActive: number
  bytesDuplicate: number
  stripeChunks: number[]
}

export namespace StateReport {
  let _codec: Codec<StateReport>

  export const codec = (): Codec<StateReport> => {
    if (_codec == null) {
      _codec = message<StateReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.state != null && obj.state !== '')) {
          w.uint32(18)
          w.string(obj.state)
        }

        if ((obj.bytesReceived != null && obj.bytesReceived !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.bytesReceived)
        }

        if ((obj.bytesSent != null && obj.bytesSent !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.bytesSent)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(42)
          w.string(obj.reason)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(50)
          w.string(obj.version)
        }

        if ((obj.relaysActive != null && obj.relaysActive !== 0)) {
          w.uint32(64)
          w.uint32(obj.relaysActive)
        }

        if ((obj.bytesDuplicate != null && obj.bytesDuplicate !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.bytesDuplicate)
        }

        if (obj.stripeChunks != null && obj.stripeChunks.length > 0) {
          for (const value of obj.stripeChunks) {
            w.uint32(80)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          state: '',
          bytesReceived: 0,
          bytesSent: 0,
          reason: '',
          version: '',
          relaysActive: 0,
          bytesDuplicate: 0,
          stripeChunks: []
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
              obj.state = reader.string()
              break
            }
            case 3: {
              obj.bytesReceived = reader.uint64Number()
              break
            }
            case 4: {
              obj.bytesSent = reader.uint64Number()
              break
            }
            case 5: {
              obj.reason = reader.string()
              break
            }
            case 6: {
              obj.version = reader.string()
              break
            }
            case 8: {
              obj.relaysActive = reader.uint32()
              break
            }
            case 9: {
              obj.bytesDuplicate = reader.uint64Number()
              break
            }
            case 10: {
              if (opts.limits?.stripeChunks != null && obj.stripeChunks.length === opts.limits.stripeChunks) {
                throw new MaxLengthError('Decode error - repeated field "stripeChunks" had too many elements')
              }

              if (obj.stripeChunks.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "stripeChunks" had too many elements')
              }

              obj.stripeChunks.push(reader.uint32())
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
          stripeChunks: 8
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
                field: `${prefix}.state`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.bytesReceived`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.bytesSent`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.relaysActive`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.bytesDuplicate`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              if (opts.limits?.stripeChunks != null && obj.stripeChunks === opts.limits.stripeChunks) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeChunks" had too many elements')
              }

              if (obj.stripeChunks === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeChunks" had too many elements')
              }

              yield {
                field: `${prefix}.stripeChunks[]`,
                index: obj.stripeChunks,
                value: reader.uint32()
              }

              obj.stripeChunks++

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

  export interface StateReportDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface StateReportStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface StateReportBytesReceivedFieldEvent {
    field: '$.bytesReceived'
    value: number
  }

  export interface StateReportBytesSentFieldEvent {
    field: '$.bytesSent'
    value: number
  }

  export interface StateReportReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface StateReportVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface StateReportRelaysActiveFieldEvent {
    field: '$.relaysActive'
    value: number
  }

  export interface StateReportBytesDuplicateFieldEvent {
    field: '$.bytesDuplicate'
    value: number
  }

  export interface StateReportStripeChunksFieldEvent {
    field: '$.stripeChunks[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<StateReport>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StateReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateReport>): StateReport {
    return decodeMessage(buf, StateReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateReport>): Generator<StateReportDeploymentIdFieldEvent | StateReportStateFieldEvent | StateReportBytesReceivedFieldEvent | StateReportBytesSentFieldEvent | StateReportReasonFieldEvent | StateReportVersionFieldEvent | StateReportRelaysActiveFieldEvent | StateReportBytesDuplicateFieldEvent | StateReportStripeChunksFieldEvent> {
    return streamMessage(buf, StateReport.codec(), opts)
  }
}

export interface Receipt {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.payload`,
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

  export interface ReceiptPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Receipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptPayloadFieldEvent | ReceiptSignatureFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}

export interface InstallAuthorization {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace InstallAuthorization {
  let _codec: Codec<InstallAuthorization>

  export const codec = (): Codec<InstallAuthorization> => {
    if (_codec == null) {
      _codec = message<InstallAuthorization>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.payload`,
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

  export interface InstallAuthorizationPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InstallAuthorizationSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<InstallAuthorization>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InstallAuthorization.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InstallAuthorization>): InstallAuthorization {
    return decodeMessage(buf, InstallAuthorization.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InstallAuthorization>): Generator<InstallAuthorizationPayloadFieldEvent | InstallAuthorizationSignatureFieldEvent> {
    return streamMessage(buf, InstallAuthorization.codec(), opts)
  }
}

export interface AuthorizationPayload {
  deploymentId: string
  manifestId: string
  node: string
  issuedAt: number
}

export namespace AuthorizationPayload {
  let _codec: Codec<AuthorizationPayload>

  export const codec = (): Codec<AuthorizationPayload> => {
    if (_codec == null) {
      _codec = message<AuthorizationPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.manifestId != null && obj.manifestId !== '')) {
          w.uint32(18)
          w.string(obj.manifestId)
        }

        if ((obj.node != null && obj.node !== '')) {
          w.uint32(26)
          w.string(obj.node)
        }

        if ((obj.issuedAt != null && obj.issuedAt !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.issuedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          manifestId: '',
          node: '',
          issuedAt: 0
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
              obj.manifestId = reader.string()
              break
            }
            case 3: {
              obj.node = reader.string()
              break
            }
            case 4: {
              obj.issuedAt = reader.uint64Number()
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.manifestId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.node`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.issuedAt`,
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

  export interface AuthorizationPayloadDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface AuthorizationPayloadManifestIdFieldEvent {
    field: '$.manifestId'
    value: string
  }

  export interface AuthorizationPayloadNodeFieldEvent {
    field: '$.node'
    value: string
  }

  export interface AuthorizationPayloadIssuedAtFieldEvent {
    field: '$.issuedAt'
    value: number
  }

  export function encode (obj: Partial<AuthorizationPayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuthorizationPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthorizationPayload>): AuthorizationPayload {
    return decodeMessage(buf, AuthorizationPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthorizationPayload>): Generator<AuthorizationPayloadDeploymentIdFieldEvent | AuthorizationPayloadManifestIdFieldEvent | AuthorizationPayloadNodeFieldEvent | AuthorizationPayloadIssuedAtFieldEvent> {
    return streamMessage(buf, AuthorizationPayload.codec(), opts)
  }
}

export interface BadChunkReport {
  deploymentId: string
  relay: string
  index: number
  reason: string
}

export namespace BadChunkReport {
  let _codec: Codec<BadChunkReport>

  export const codec = (): Codec<BadChunkReport> => {
    if (_codec == null) {
      _codec = message<BadChunkReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.relay != null && obj.relay !== '')) {
          w.uint32(18)
          w.string(obj.relay)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(24)
          w.uint32(obj.index)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          relay: '',
          index: 0,
          reason: ''
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
              obj.relay = reader.string()
              break
            }
            case 3: {
              obj.index = reader.uint32()
              break
            }
            case 4: {
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.relay`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
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

  export interface BadChunkReportDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface BadChunkReportRelayFieldEvent {
    field: '$.relay'
    value: string
  }

  export interface BadChunkReportIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface BadChunkReportReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<BadChunkReport>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BadChunkReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BadChunkReport>): BadChunkReport {
    return decodeMessage(buf, BadChunkReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BadChunkReport>): Generator<BadChunkReportDeploymentIdFieldEvent | BadChunkReportRelayFieldEvent | BadChunkReportIndexFieldEvent | BadChunkReportReasonFieldEvent> {
    return streamMessage(buf, BadChunkReport.codec(), opts)
  }
}
