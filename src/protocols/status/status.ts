import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface StatusRequest {
  remeasure: boolean
}

export namespace StatusRequest {
  let _codec: Codec<StatusRequest>

  export const codec = (): Codec<StatusRequest> => {
    if (_codec == null) {
      _codec = message<StatusRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.remeasure != null && obj.remeasure !== false)) {
          w.uint32(8)
          w.bool(obj.remeasure)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          remeasure: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.remeasure = reader.bool()
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
                field: `${prefix}.remeasure`,
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

  export interface StatusRequestRemeasureFieldEvent {
    field: '$.remeasure'
    value: boolean
  }

  export function encode (obj: Partial<StatusRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StatusRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusRequest>): StatusRequest {
    return decodeMessage(buf, StatusRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusRequest>): Generator<StatusRequestRemeasureFieldEvent> {
    return streamMessage(buf, StatusRequest.codec(), opts)
  }
}

export interface Member {
  peerId: string
  addrs: string[]
  labels: MemberLabel[]
  version: string
  uploadBps: number
  downloadBps: number
  rttMs: number
  lastSeen: number
  measuredAt: number
  online: boolean
  uploadLimit: number
  deploymentState: string
  deploymentReason: string
  deploymentId: string
  reachability: string
  observedIp: string
  trust?: string
}

export namespace Member {
  let _codec: Codec<Member>

  export const codec = (): Codec<Member> => {
    if (_codec == null) {
      _codec = message<Member>((obj, w, opts = {}) => {
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
            w.string(value)
          }
        }

        if (obj.labels != null && obj.labels.length > 0) {
          for (const value of obj.labels) {
            w.uint32(26)
            MemberLabel.codec().encode(value, w)
          }
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(34)
          w.string(obj.version)
        }

        if ((obj.uploadBps != null && obj.uploadBps !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.uploadBps)
        }

        if ((obj.downloadBps != null && obj.downloadBps !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.downloadBps)
        }

        if ((obj.rttMs != null && obj.rttMs !== 0)) {
          w.uint32(56)
          w.uint32(obj.rttMs)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.lastSeen)
        }

        if ((obj.measuredAt != null && obj.measuredAt !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.measuredAt)
        }

        if ((obj.online != null && obj.online !== false)) {
          w.uint32(80)
          w.bool(obj.online)
        }

        if ((obj.uploadLimit != null && obj.uploadLimit !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.uploadLimit)
        }

        if ((obj.deploymentState != null && obj.deploymentState !== '')) {
          w.uint32(98)
          w.string(obj.deploymentState)
        }

        if ((obj.deploymentReason != null && obj.deploymentReason !== '')) {
          w.uint32(106)
          w.string(obj.deploymentReason)
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(114)
          w.string(obj.deploymentId)
        }

        if ((obj.reachability != null && obj.reachability !== '')) {
          w.uint32(122)
          w.string(obj.reachability)
        }

        if ((obj.observedIp != null && obj.observedIp !== '')) {
          w.uint32(130)
          w.string(obj.observedIp)
        }

        if (obj.trust != null) {
          w.uint32(138)
          w.string(obj.trust)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          addrs: [],
          labels: [],
          version: '',
          uploadBps: 0,
          downloadBps: 0,
          rttMs: 0,
          lastSeen: 0,
          measuredAt: 0,
          online: false,
          uploadLimit: 0,
          deploymentState: '',
          deploymentReason: '',
          deploymentId: '',
          reachability: '',
          observedIp: ''
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

              obj.addrs.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.labels != null && obj.labels.length === opts.limits.labels) {
                throw new MaxLengthError('Decode error - repeated field "labels" had too many elements')
              }

              if (obj.labels.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "labels" had too many elements')
              }

              obj.labels.push(MemberLabel.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.labels$
              }))
              break
            }
            case 4: {
              obj.version = reader.string()
              break
            }
            case 5: {
              obj.uploadBps = reader.uint64Number()
              break
            }
            case 6: {
              obj.downloadBps = reader.uint64Number()
              break
            }
            case 7: {
              obj.rttMs = reader.uint32()
              break
            }
            case 8: {
              obj.lastSeen = reader.uint64Number()
              break
            }
            case 9: {
              obj.measuredAt = reader.uint64Number()
              break
            }
            case 10: {
              obj.online = reader.bool()
              break
            }
            case 11: {
              obj.uploadLimit = reader.uint64Number()
              break
            }
            case 12: {
              obj.deploymentState = reader.string()
              break
            }
            case 13: {
              obj.deploymentReason = reader.string()
              break
            }
            case 14: {
              obj.deploymentId = reader.string()
              break
            }
            case 15: {
              obj.reachability = reader.string()
              break
            }
            case 16: {
              obj.observedIp = reader.string()
              break
            }
            case 17: {
              obj.trust = reader.string()
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
          addrs: 16,
          labels: 64
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
                value: reader.string()
              }

              obj.addrs++

              break
            }
            case 3: {
              if (opts.limits?.labels != null && obj.labels === opts.limits.labels) {
                throw new MaxLengthError('Streaming decode error - repeated field "labels" had too many elements')
              }

              if (obj.labels === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "labels" had too many elements')
              }

              for (const evt of MemberLabel.codec().stream(reader, reader.uint32(), `${prefix}.labels[]`, {
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
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.uploadBps`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.downloadBps`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.rttMs`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.measuredAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.online`,
                value: reader.bool()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.uploadLimit`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.deploymentState`,
                value: reader.string()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.deploymentReason`,
                value: reader.string()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.reachability`,
                value: reader.string()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.observedIp`,
                value: reader.string()
              }
              break
            }
            case 17: {
              yield {
                field: `${prefix}.trust`,
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

  export interface MemberPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface MemberAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface MemberLabelsKeyFieldEvent {
    field: '$.labels[].key'
    value: string
    index: number
  }

  export interface MemberLabelsValueFieldEvent {
    field: '$.labels[].value'
    value: string
    index: number
  }

  export interface MemberVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface MemberUploadBpsFieldEvent {
    field: '$.uploadBps'
    value: number
  }

  export interface MemberDownloadBpsFieldEvent {
    field: '$.downloadBps'
    value: number
  }

  export interface MemberRttMsFieldEvent {
    field: '$.rttMs'
    value: number
  }

  export interface MemberLastSeenFieldEvent {
    field: '$.lastSeen'
    value: number
  }

  export interface MemberMeasuredAtFieldEvent {
    field: '$.measuredAt'
    value: number
  }

  export interface MemberOnlineFieldEvent {
    field: '$.online'
    value: boolean
  }

  export interface MemberUploadLimitFieldEvent {
    field: '$.uploadLimit'
    value: number
  }

  export interface MemberDeploymentStateFieldEvent {
    field: '$.deploymentState'
    value: string
  }

  export interface MemberDeploymentReasonFieldEvent {
    field: '$.deploymentReason'
    value: string
  }

  export interface MemberDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface MemberReachabilityFieldEvent {
    field: '$.reachability'
    value: string
  }

  export interface MemberObservedIpFieldEvent {
    field: '$.observedIp'
    value: string
  }

  export interface MemberTrustFieldEvent {
    field: '$.trust'
    value: string
  }

  export function encode (obj: Partial<Member>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Member.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Member {
    return decodeMessage(buf, Member.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Generator<MemberPeerIdFieldEvent | MemberAddrsFieldEvent | MemberLabelsKeyFieldEvent | MemberLabelsValueFieldEvent | MemberVersionFieldEvent | MemberUploadBpsFieldEvent | MemberDownloadBpsFieldEvent | MemberRttMsFieldEvent | MemberLastSeenFieldEvent | MemberMeasuredAtFieldEvent | MemberOnlineFieldEvent | MemberUploadLimitFieldEvent | MemberDeploymentStateFieldEvent | MemberDeploymentReasonFieldEvent | MemberDeploymentIdFieldEvent | MemberReachabilityFieldEvent | MemberObservedIpFieldEvent | MemberTrustFieldEvent> {
    return streamMessage(buf, Member.codec(), opts)
  }
}

export interface MemberLabel {
  key: string
  value: string
}

export namespace MemberLabel {
  let _codec: Codec<MemberLabel>

  export const codec = (): Codec<MemberLabel> => {
    if (_codec == null) {
      _codec = message<MemberLabel>((obj, w, opts = {}) => {
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

  export interface MemberLabelKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface MemberLabelValueFieldEvent {
    field: '$.value'
    value: string
  }

  export function encode (obj: Partial<MemberLabel>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MemberLabel.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberLabel>): MemberLabel {
    return decodeMessage(buf, MemberLabel.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberLabel>): Generator<MemberLabelKeyFieldEvent | MemberLabelValueFieldEvent> {
    return streamMessage(buf, MemberLabel.codec(), opts)
  }
}

export interface StatusResponse {
  hostPeerId: string
  hostAddrs: string[]
  members: Member[]
  error: string
  sites: SiteStatus[]
}

export namespace StatusResponse {
  let _codec: Codec<StatusResponse>

  export const codec = (): Codec<StatusResponse> => {
    if (_codec == null) {
      _codec = message<StatusResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.hostPeerId != null && obj.hostPeerId !== '')) {
          w.uint32(10)
          w.string(obj.hostPeerId)
        }

        if (obj.hostAddrs != null && obj.hostAddrs.length > 0) {
          for (const value of obj.hostAddrs) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(26)
            Member.codec().encode(value, w)
          }
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(34)
          w.string(obj.error)
        }

        if (obj.sites != null && obj.sites.length > 0) {
          for (const value of obj.sites) {
            w.uint32(42)
            SiteStatus.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          hostPeerId: '',
          hostAddrs: [],
          members: [],
          error: '',
          sites: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.hostPeerId = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.hostAddrs != null && obj.hostAddrs.length === opts.limits.hostAddrs) {
                throw new MaxLengthError('Decode error - repeated field "hostAddrs" had too many elements')
              }

              if (obj.hostAddrs.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "hostAddrs" had too many elements')
              }

              obj.hostAddrs.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              if (obj.members.length === 200000) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(Member.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            case 4: {
              obj.error = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.sites != null && obj.sites.length === opts.limits.sites) {
                throw new MaxLengthError('Decode error - repeated field "sites" had too many elements')
              }

              if (obj.sites.length === 10000) {
                throw new MaxLengthError('Decode error - repeated field "sites" had too many elements')
              }

              obj.sites.push(SiteStatus.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sites$
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
          hostAddrs: 16,
          members: 200000,
          sites: 10000
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.hostPeerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.hostAddrs != null && obj.hostAddrs === opts.limits.hostAddrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "hostAddrs" had too many elements')
              }

              if (obj.hostAddrs === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "hostAddrs" had too many elements')
              }

              yield {
                field: `${prefix}.hostAddrs[]`,
                index: obj.hostAddrs,
                value: reader.string()
              }

              obj.hostAddrs++

              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              if (obj.members === 200000) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of Member.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
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
            case 4: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.sites != null && obj.sites === opts.limits.sites) {
                throw new MaxLengthError('Streaming decode error - repeated field "sites" had too many elements')
              }

              if (obj.sites === 10000) {
                throw new MaxLengthError('Streaming decode error - repeated field "sites" had too many elements')
              }

              for (const evt of SiteStatus.codec().stream(reader, reader.uint32(), `${prefix}.sites[]`, {
                limits: opts.limits?.sites$
              })) {
                yield {
                  ...evt,
                  index: obj.sites
                }
              }

              obj.sites++

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

  export interface StatusResponseHostPeerIdFieldEvent {
    field: '$.hostPeerId'
    value: string
  }

  export interface StatusResponseHostAddrsFieldEvent {
    field: '$.hostAddrs[]'
    index: number
    value: string
  }

  export interface StatusResponseMembersPeerIdFieldEvent {
    field: '$.members[].peerId'
    value: string
    index: number
  }

  export interface StatusResponseMembersAddrsFieldEvent {
    field: '$.members[].addrs[]'
    index: number
    value: string
  }

  export interface StatusResponseMembersLabelsKeyFieldEvent {
    field: '$.members[].labels[].key'
    value: string
    index: number
  }

  export interface StatusResponseMembersLabelsValueFieldEvent {
    field: '$.members[].labels[].value'
    value: string
    index: number
  }

  export interface StatusResponseMembersVersionFieldEvent {
    field: '$.members[].version'
    value: string
    index: number
  }

  export interface StatusResponseMembersUploadBpsFieldEvent {
    field: '$.members[].uploadBps'
    value: number
    index: number
  }

  export interface StatusResponseMembersDownloadBpsFieldEvent {
    field: '$.members[].downloadBps'
    value: number
    index: number
  }

  export interface StatusResponseMembersRttMsFieldEvent {
    field: '$.members[].rttMs'
    value: number
    index: number
  }

  export interface StatusResponseMembersLastSeenFieldEvent {
    field: '$.members[].lastSeen'
    value: number
    index: number
  }

  export interface StatusResponseMembersMeasuredAtFieldEvent {
    field: '$.members[].measuredAt'
    value: number
    index: number
  }

  export interface StatusResponseMembersOnlineFieldEvent {
    field: '$.members[].online'
    value: boolean
    index: number
  }

  export interface StatusResponseMembersUploadLimitFieldEvent {
    field: '$.members[].uploadLimit'
    value: number
    index: number
  }

  export interface StatusResponseMembersDeploymentStateFieldEvent {
    field: '$.members[].deploymentState'
    value: string
    index: number
  }

  export interface StatusResponseMembersDeploymentReasonFieldEvent {
    field: '$.members[].deploymentReason'
    value: string
    index: number
  }

  export interface StatusResponseMembersDeploymentIdFieldEvent {
    field: '$.members[].deploymentId'
    value: string
    index: number
  }

  export interface StatusResponseMembersReachabilityFieldEvent {
    field: '$.members[].reachability'
    value: string
    index: number
  }

  export interface StatusResponseMembersObservedIpFieldEvent {
    field: '$.members[].observedIp'
    value: string
    index: number
  }

  export interface StatusResponseMembersTrustFieldEvent {
    field: '$.members[].trust'
    value: string
    index: number
  }

  export interface StatusResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface StatusResponseSitesPeerIdFieldEvent {
    field: '$.sites[].peerId'
    value: string
    index: number
  }

  export interface StatusResponseSitesParentFieldEvent {
    field: '$.sites[].parent'
    value: string
    index: number
  }

  export interface StatusResponseSitesOnlineFieldEvent {
    field: '$.sites[].online'
    value: boolean
    index: number
  }

  export interface StatusResponseSitesMembersFieldEvent {
    field: '$.sites[].members'
    value: number
    index: number
  }

  export interface StatusResponseSitesVersionsNameFieldEvent {
    field: '$.sites[].versions[].name'
    value: string
    index: number
  }

  export interface StatusResponseSitesVersionsCountFieldEvent {
    field: '$.sites[].versions[].count'
    value: number
    index: number
  }

  export interface StatusResponseSitesStatesNameFieldEvent {
    field: '$.sites[].states[].name'
    value: string
    index: number
  }

  export interface StatusResponseSitesStatesCountFieldEvent {
    field: '$.sites[].states[].count'
    value: number
    index: number
  }

  export interface StatusResponseSitesDeploymentIdFieldEvent {
    field: '$.sites[].deploymentId'
    value: string
    index: number
  }

  export interface StatusResponseSitesReportedAtFieldEvent {
    field: '$.sites[].reportedAt'
    value: number
    index: number
  }

  export function encode (obj: Partial<StatusResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StatusResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusResponse>): StatusResponse {
    return decodeMessage(buf, StatusResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusResponse>): Generator<StatusResponseHostPeerIdFieldEvent | StatusResponseHostAddrsFieldEvent | StatusResponseMembersPeerIdFieldEvent | StatusResponseMembersAddrsFieldEvent | StatusResponseMembersLabelsKeyFieldEvent | StatusResponseMembersLabelsValueFieldEvent | StatusResponseMembersVersionFieldEvent | StatusResponseMembersUploadBpsFieldEvent | StatusResponseMembersDownloadBpsFieldEvent | StatusResponseMembersRttMsFieldEvent | StatusResponseMembersLastSeenFieldEvent | StatusResponseMembersMeasuredAtFieldEvent | StatusResponseMembersOnlineFieldEvent | StatusResponseMembersUploadLimitFieldEvent | StatusResponseMembersDeploymentStateFieldEvent | StatusResponseMembersDeploymentReasonFieldEvent | StatusResponseMembersDeploymentIdFieldEvent | StatusResponseMembersReachabilityFieldEvent | StatusResponseMembersObservedIpFieldEvent | StatusResponseMembersTrustFieldEvent | StatusResponseErrorFieldEvent | StatusResponseSitesPeerIdFieldEvent | StatusResponseSitesParentFieldEvent | StatusResponseSitesOnlineFieldEvent | StatusResponseSitesMembersFieldEvent | StatusResponseSitesVersionsNameFieldEvent | StatusResponseSitesVersionsCountFieldEvent | StatusResponseSitesStatesNameFieldEvent | StatusResponseSitesStatesCountFieldEvent | StatusResponseSitesDeploymentIdFieldEvent | StatusResponseSitesReportedAtFieldEvent> {
    return streamMessage(buf, StatusResponse.codec(), opts)
  }
}

export interface SiteStatus {
  peerId: string
  parent: string
  online: boolean
  members: number
  versions: SiteCount[]
  states: SiteCount[]
  deploymentId: string
  reportedAt: number
}

export namespace SiteStatus {
  let _codec: Codec<SiteStatus>

  export const codec = (): Codec<SiteStatus> => {
    if (_codec == null) {
      _codec = message<SiteStatus>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.parent != null && obj.parent !== '')) {
          w.uint32(18)
          w.string(obj.parent)
        }

        if ((obj.online != null && obj.online !== false)) {
          w.uint32(24)
          w.bool(obj.online)
        }

        if ((obj.members != null && obj.members !== 0)) {
          w.uint32(32)
          w.uint32(obj.members)
        }

        if (obj.versions != null && obj.versions.length > 0) {
          for (const value of obj.versions) {
            w.uint32(42)
            SiteCount.codec().encode(value, w)
          }
        }

        if (obj.states != null && obj.states.length > 0) {
          for (const value of obj.states) {
            w.uint32(50)
            SiteCount.codec().encode(value, w)
          }
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(58)
          w.string(obj.deploymentId)
        }

        if ((obj.reportedAt != null && obj.reportedAt !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.reportedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          parent: '',
          online: false,
          members: 0,
          versions: [],
          states: [],
          deploymentId: '',
          reportedAt: 0
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
              obj.parent = reader.string()
              break
            }
            case 3: {
              obj.online = reader.bool()
              break
            }
            case 4: {
              obj.members = reader.uint32()
              break
            }
            case 5: {
              if (opts.limits?.versions != null && obj.versions.length === opts.limits.versions) {
                throw new MaxLengthError('Decode error - repeated field "versions" had too many elements')
              }

              if (obj.versions.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "versions" had too many elements')
              }

              obj.versions.push(SiteCount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.versions$
              }))
              break
            }
            case 6: {
              if (opts.limits?.states != null && obj.states.length === opts.limits.states) {
                throw new MaxLengthError('Decode error - repeated field "states" had too many elements')
              }

              if (obj.states.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "states" had too many elements')
              }

              obj.states.push(SiteCount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.states$
              }))
              break
            }
            case 7: {
              obj.deploymentId = reader.string()
              break
            }
            case 8: {
              obj.reportedAt = reader.uint64Number()
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
          versions: 64,
          states: 16
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
              yield {
                field: `${prefix}.parent`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.online`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.members`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              if (opts.limits?.versions != null && obj.versions === opts.limits.versions) {
                throw new MaxLengthError('Streaming decode error - repeated field "versions" had too many elements')
              }

              if (obj.versions === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "versions" had too many elements')
              }

              for (const evt of SiteCount.codec().stream(reader, reader.uint32(), `${prefix}.versions[]`, {
                limits: opts.limits?.versions$
              })) {
                yield {
                  ...evt,
                  index: obj.versions
                }
              }

              obj.versions++

              break
            }
            case 6: {
              if (opts.limits?.states != null && obj.states === opts.limits.states) {
                throw new MaxLengthError('Streaming decode error - repeated field "states" had too many elements')
              }

              if (obj.states === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "states" had too many elements')
              }

              for (const evt of SiteCount.codec().stream(reader, reader.uint32(), `${prefix}.states[]`, {
                limits: opts.limits?.states$
              })) {
                yield {
                  ...evt,
                  index: obj.states
                }
              }

              obj.states++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.reportedAt`,
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

  export interface SiteStatusPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface SiteStatusParentFieldEvent {
    field: '$.parent'
    value: string
  }

  export interface SiteStatusOnlineFieldEvent {
    field: '$.online'
    value: boolean
  }

  export interface SiteStatusMembersFieldEvent {
    field: '$.members'
    value: number
  }

  export interface SiteStatusVersionsNameFieldEvent {
    field: '$.versions[].name'
    value: string
    index: number
  }

  export interface SiteStatusVersionsCountFieldEvent {
    field: '$.versions[].count'
    value: number
    index: number
  }

  export interface SiteStatusStatesNameFieldEvent {
    field: '$.states[].name'
    value: string
    index: number
  }

  export interface SiteStatusStatesCountFieldEvent {
    field: '$.states[].count'
    value: number
    index: number
  }

  export interface SiteStatusDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface SiteStatusReportedAtFieldEvent {
    field: '$.reportedAt'
    value: number
  }

  export function encode (obj: Partial<SiteStatus>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteStatus.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteStatus>): SiteStatus {
    return decodeMessage(buf, SiteStatus.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteStatus>): Generator<SiteStatusPeerIdFieldEvent | SiteStatusParentFieldEvent | SiteStatusOnlineFieldEvent | SiteStatusMembersFieldEvent | SiteStatusVersionsNameFieldEvent | SiteStatusVersionsCountFieldEvent | SiteStatusStatesNameFieldEvent | SiteStatusStatesCountFieldEvent | SiteStatusDeploymentIdFieldEvent | SiteStatusReportedAtFieldEvent> {
    return streamMessage(buf, SiteStatus.codec(), opts)
  }
}

export interface SiteCount {
  name: string
  count: number
}

export namespace SiteCount {
  let _codec: Codec<SiteCount>

  export const codec = (): Codec<SiteCount> => {
    if (_codec == null) {
      _codec = message<SiteCount>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
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
          name: '',
          count: 0
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
                field: `${prefix}.name`,
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

  export interface SiteCountNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface SiteCountCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<SiteCount>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteCount.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteCount>): SiteCount {
    return decodeMessage(buf, SiteCount.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteCount>): Generator<SiteCountNameFieldEvent | SiteCountCountFieldEvent> {
    return streamMessage(buf, SiteCount.codec(), opts)
  }
}
