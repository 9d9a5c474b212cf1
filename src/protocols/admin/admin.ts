/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface AdminRequest {
  groupAdd?: GroupAdd
  groupRemove?: GroupRemove
  groupList?: GroupList
  ruleAdd?: RuleAdd
  ruleRemove?: RuleRemove
  ruleList?: RuleList
  deploymentList?: DeploymentList
  deploymentControl?: DeploymentControl
  auditList?: AuditList
  adminAdd?: PeerRef
  adminRemove?: PeerRef
  adminList?: AdminList
  memberRemove?: PeerRef
  memberSite?: SiteMark
  memberRevoke?: PeerRef
}

export namespace AdminRequest {
  let _codec: Codec<AdminRequest>

  export const codec = (): Codec<AdminRequest> => {
    if (_codec == null) {
      _codec = message<AdminRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.groupAdd != null) {
          w.uint32(10)
          GroupAdd.codec().encode(obj.groupAdd, w)
        }

        if (obj.groupRemove != null) {
          w.uint32(18)
          GroupRemove.codec().encode(obj.groupRemove, w)
        }

        if (obj.groupList != null) {
          w.uint32(26)
          GroupList.codec().encode(obj.groupList, w)
        }

        if (obj.ruleAdd != null) {
          w.uint32(34)
          RuleAdd.codec().encode(obj.ruleAdd, w)
        }

        if (obj.ruleRemove != null) {
          w.uint32(42)
          RuleRemove.codec().encode(obj.ruleRemove, w)
        }

        if (obj.ruleList != null) {
          w.uint32(50)
          RuleList.codec().encode(obj.ruleList, w)
        }

        if (obj.deploymentList != null) {
          w.uint32(58)
          DeploymentList.codec().encode(obj.deploymentList, w)
        }

        if (obj.deploymentControl != null) {
          w.uint32(66)
          DeploymentControl.codec().encode(obj.deploymentControl, w)
        }

        if (obj.auditList != null) {
          w.uint32(74)
          AuditList.codec().encode(obj.auditList, w)
        }

        if (obj.adminAdd != null) {
          w.uint32(82)
          PeerRef.codec().encode(obj.adminAdd, w)
        }

        if (obj.adminRemove != null) {
          w.uint32(90)
          PeerRef.codec().encode(obj.adminRemove, w)
        }

        if (obj.adminList != null) {
          w.uint32(98)
          AdminList.codec().encode(obj.adminList, w)
        }

        if (obj.memberRemove != null) {
          w.uint32(106)
          PeerRef.codec().encode(obj.memberRemove, w)
        }

        if (obj.memberSite != null) {
          w.uint32(114)
          SiteMark.codec().encode(obj.memberSite, w)
        }

        if (obj.memberRevoke != null) {
          w.uint32(122)
          PeerRef.codec().encode(obj.memberRevoke, w)
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
              obj.groupAdd = GroupAdd.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupAdd
              })
              break
            }
            case 2: {
              obj.groupRemove = GroupRemove.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupRemove
              })
              break
            }
            case 3: {
              obj.groupList = GroupList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupList
              })
              break
            }
            case 4: {
              obj.ruleAdd = RuleAdd.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ruleAdd
              })
              break
            }
            case 5: {
              obj.ruleRemove = RuleRemove.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ruleRemove
              })
              break
            }
            case 6: {
              obj.ruleList = RuleList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ruleList
              })
              break
            }
            case 7: {
              obj.deploymentList = DeploymentList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deploymentList
              })
              break
            }
            case 8: {
              obj.deploymentControl = DeploymentControl.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deploymentControl
              })
              break
            }
            case 9: {
              obj.auditList = AuditList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.auditList
              })
              break
            }
            case 10: {
              obj.adminAdd = PeerRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.adminAdd
              })
              break
            }
            case 11: {
              obj.adminRemove = PeerRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.adminRemove
              })
              break
            }
            case 12: {
              obj.adminList = AdminList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.adminList
              })
              break
            }
            case 13: {
              obj.memberRemove = PeerRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.memberRemove
              })
              break
            }
            case 14: {
              obj.memberSite = SiteMark.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.memberSite
              })
              break
            }
            case 15: {
              obj.memberRevoke = PeerRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.memberRevoke
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
              yield * GroupAdd.codec().stream(reader, reader.uint32(), `${prefix}.groupAdd`, {
                limits: opts.limits?.groupAdd
              })

              break
            }
            case 2: {
              yield * GroupRemove.codec().stream(reader, reader.uint32(), `${prefix}.groupRemove`, {
                limits: opts.limits?.groupRemove
              })

              break
            }
            case 3: {
              yield * GroupList.codec().stream(reader, reader.uint32(), `${prefix}.groupList`, {
                limits: opts.limits?.groupList
              })

              break
            }
            case 4: {
              yield * RuleAdd.codec().stream(reader, reader.uint32(), `${prefix}.ruleAdd`, {
                limits: opts.limits?.ruleAdd
              })

              break
            }
            case 5: {
              yield * RuleRemove.codec().stream(reader, reader.uint32(), `${prefix}.ruleRemove`, {
                limits: opts.limits?.ruleRemove
              })

              break
            }
            case 6: {
              yield * RuleList.codec().stream(reader, reader.uint32(), `${prefix}.ruleList`, {
                limits: opts.limits?.ruleList
              })

              break
            }
            case 7: {
              yield * DeploymentList.codec().stream(reader, reader.uint32(), `${prefix}.deploymentList`, {
                limits: opts.limits?.deploymentList
              })

              break
            }
            case 8: {
              yield * DeploymentControl.codec().stream(reader, reader.uint32(), `${prefix}.deploymentControl`, {
                limits: opts.limits?.deploymentControl
              })

              break
            }
            case 9: {
              yield * AuditList.codec().stream(reader, reader.uint32(), `${prefix}.auditList`, {
                limits: opts.limits?.auditList
              })

              break
            }
            case 10: {
              yield * PeerRef.codec().stream(reader, reader.uint32(), `${prefix}.adminAdd`, {
                limits: opts.limits?.adminAdd
              })

              break
            }
            case 11: {
              yield * PeerRef.codec().stream(reader, reader.uint32(), `${prefix}.adminRemove`, {
                limits: opts.limits?.adminRemove
              })

              break
            }
            case 12: {
              yield * AdminList.codec().stream(reader, reader.uint32(), `${prefix}.adminList`, {
                limits: opts.limits?.adminList
              })

              break
            }
            case 13: {
              yield * PeerRef.codec().stream(reader, reader.uint32(), `${prefix}.memberRemove`, {
                limits: opts.limits?.memberRemove
              })

              break
            }
            case 14: {
              yield * SiteMark.codec().stream(reader, reader.uint32(), `${prefix}.memberSite`, {
                limits: opts.limits?.memberSite
              })

              break
            }
            case 15: {
              yield * PeerRef.codec().stream(reader, reader.uint32(), `${prefix}.memberRevoke`, {
                limits: opts.limits?.memberRevoke
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

  export interface AdminRequestGroupAddNameFieldEvent {
    field: '$.groupAdd.name'
    value: string
  }

  export interface AdminRequestGroupAddMatchFieldEvent {
    field: '$.groupAdd.match'
    value: string
  }

  export interface AdminRequestGroupAddMembersFieldEvent {
    field: '$.groupAdd.members[]'
    index: number
    value: string
  }

  export interface AdminRequestGroupRemoveNameFieldEvent {
    field: '$.groupRemove.name'
    value: string
  }

  export interface AdminRequestRuleAddGroupFieldEvent {
    field: '$.ruleAdd.group'
    value: string
  }

  export interface AdminRequestRuleAddPackageFieldEvent {
    field: '$.ruleAdd.package'
    value: string
  }

  export interface AdminRequestRuleAddVersionsFieldEvent {
    field: '$.ruleAdd.versions'
    value: string
  }

  export interface AdminRequestRuleAddChannelFieldEvent {
    field: '$.ruleAdd.channel'
    value: string
  }

  export interface AdminRequestRuleRemoveIdFieldEvent {
    field: '$.ruleRemove.id'
    value: number
  }

  export interface AdminRequestDeploymentListLimitFieldEvent {
    field: '$.deploymentList.limit'
    value: number
  }

  export interface AdminRequestDeploymentControlDeploymentIdFieldEvent {
    field: '$.deploymentControl.deploymentId'
    value: string
  }

  export interface AdminRequestDeploymentControlActionFieldEvent {
    field: '$.deploymentControl.action'
    value: string
  }

  export interface AdminRequestAuditListLimitFieldEvent {
    field: '$.auditList.limit'
    value: number
  }

  export interface AdminRequestAuditListDeploymentIdFieldEvent {
    field: '$.auditList.deploymentId'
    value: string
  }

  export interface AdminRequestAdminAddPeerIdFieldEvent {
    field: '$.adminAdd.peerId'
    value: string
  }

  export interface AdminRequestAdminRemovePeerIdFieldEvent {
    field: '$.adminRemove.peerId'
    value: string
  }

  export interface AdminRequestMemberRemovePeerIdFieldEvent {
    field: '$.memberRemove.peerId'
    value: string
  }

  export interface AdminRequestMemberSitePeerIdFieldEvent {
    field: '$.memberSite.peerId'
    value: string
  }

  export interface AdminRequestMemberSiteRevokeFieldEvent {
    field: '$.memberSite.revoke'
    value: boolean
  }

  export interface AdminRequestMemberRevokePeerIdFieldEvent {
    field: '$.memberRevoke.peerId'
    value: string
  }

  export function encode (obj: Partial<AdminRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AdminRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminRequest>): AdminRequest {
    return decodeMessage(buf, AdminRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminRequest>): Generator<AdminRequestGroupAddNameFieldEvent | AdminRequestGroupAddMatchFieldEvent | AdminRequestGroupAddMembersFieldEvent | AdminRequestGroupRemoveNameFieldEvent | AdminRequestRuleAddGroupFieldEvent | AdminRequestRuleAddPackageFieldEvent | AdminRequestRuleAddVersionsFieldEvent | AdminRequestRuleAddChannelFieldEvent | AdminRequestRuleRemoveIdFieldEvent | AdminRequestDeploymentListLimitFieldEvent | AdminRequestDeploymentControlDeploymentIdFieldEvent | AdminRequestDeploymentControlActionFieldEvent | AdminRequestAuditListLimitFieldEvent | AdminRequestAuditListDeploymentIdFieldEvent | AdminRequestAdminAddPeerIdFieldEvent | AdminRequestAdminRemovePeerIdFieldEvent | AdminRequestMemberRemovePeerIdFieldEvent | AdminRequestMemberSitePeerIdFieldEvent | AdminRequestMemberSiteRevokeFieldEvent | AdminRequestMemberRevokePeerIdFieldEvent> {
    return streamMessage(buf, AdminRequest.codec(), opts)
  }
}

export interface SiteMark {
  peerId: string
  revoke: boolean
}

export namespace SiteMark {
  let _codec: Codec<SiteMark>

  export const codec = (): Codec<SiteMark> => {
    if (_codec == null) {
      _codec = message<SiteMark>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.revoke != null && obj.revoke !== false)) {
          w.uint32(16)
          w.bool(obj.revoke)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          revoke: false
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
              obj.revoke = reader.bool()
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
                field: `${prefix}.revoke`,
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

  export interface SiteMarkPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface SiteMarkRevokeFieldEvent {
    field: '$.revoke'
    value: boolean
  }

  export function encode (obj: Partial<SiteMark>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SiteMark.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteMark>): SiteMark {
    return decodeMessage(buf, SiteMark.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SiteMark>): Generator<SiteMarkPeerIdFieldEvent | SiteMarkRevokeFieldEvent> {
    return streamMessage(buf, SiteMark.codec(), opts)
  }
}

export interface GroupAdd {
  name: string
  match: string
  members: string[]
}

export namespace GroupAdd {
  let _codec: Codec<GroupAdd>

  export const codec = (): Codec<GroupAdd> => {
    if (_codec == null) {
      _codec = message<GroupAdd>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.match != null && obj.match !== '')) {
          w.uint32(18)
          w.string(obj.match)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          match: '',
          members: []
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
              obj.match = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              if (obj.members.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.string())
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
          members: 1024
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
                field: `${prefix}.match`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              if (obj.members === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.string()
              }

              obj.members++

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

  export interface GroupAddNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupAddMatchFieldEvent {
    field: '$.match'
    value: string
  }

  export interface GroupAddMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<GroupAdd>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupAdd.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAdd>): GroupAdd {
    return decodeMessage(buf, GroupAdd.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAdd>): Generator<GroupAddNameFieldEvent | GroupAddMatchFieldEvent | GroupAddMembersFieldEvent> {
    return streamMessage(buf, GroupAdd.codec(), opts)
  }
}

export interface GroupRemove {
  name: string
}

export namespace GroupRemove {
  let _codec: Codec<GroupRemove>

  export const codec = (): Codec<GroupRemove> => {
    if (_codec == null) {
      _codec = message<GroupRemove>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
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

  export interface GroupRemoveNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<GroupRemove>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupRemove.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRemove>): GroupRemove {
    return decodeMessage(buf, GroupRemove.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRemove>): Generator<GroupRemoveNameFieldEvent> {
    return streamMessage(buf, GroupRemove.codec(), opts)
  }
}

export interface GroupList {}

export namespace GroupList {
  let _codec: Codec<GroupList>

  export const codec = (): Codec<GroupList> => {
    if (_codec == null) {
      _codec = message<GroupList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<GroupList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupList>): GroupList {
    return decodeMessage(buf, GroupList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupList>): Generator<{}> {
    return streamMessage(buf, GroupList.codec(), opts)
  }
}

export interface RuleAdd {
  group: string
  package: string
  versions: string
  channel: string
}

export namespace RuleAdd {
  let _codec: Codec<RuleAdd>

  export const codec = (): Codec<RuleAdd> => {
    if (_codec == null) {
      _codec = message<RuleAdd>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group !== '')) {
          w.uint32(10)
          w.string(obj.group)
        }

        if ((obj.package != null && obj.package !== '')) {
          w.uint32(18)
          w.string(obj.package)
        }

        if ((obj.versions != null && obj.versions !== '')) {
          w.uint32(26)
          w.string(obj.versions)
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(34)
          w.string(obj.channel)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: '',
          package: '',
          versions: '',
          channel: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.string()
              break
            }
            case 2: {
              obj.package = reader.string()
              break
            }
            case 3: {
              obj.versions = reader.string()
              break
            }
            case 4: {
              obj.channel = reader.string()
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
                field: `${prefix}.group`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.package`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.versions`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.channel`,
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

  export interface RuleAddGroupFieldEvent {
    field: '$.group'
    value: string
  }

  export interface RuleAddPackageFieldEvent {
    field: '$.package'
    value: string
  }

  export interface RuleAddVersionsFieldEvent {
    field: '$.versions'
    value: string
  }

  export interface RuleAddChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export function encode (obj: Partial<RuleAdd>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RuleAdd.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleAdd>): RuleAdd {
    return decodeMessage(buf, RuleAdd.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleAdd>): Generator<RuleAddGroupFieldEvent | RuleAddPackageFieldEvent | RuleAddVersionsFieldEvent | RuleAddChannelFieldEvent> {
    return streamMessage(buf, RuleAdd.codec(), opts)
  }
}

export interface RuleRemove {
  id: number
}

export namespace RuleRemove {
  let _codec: Codec<RuleRemove>

  export const codec = (): Codec<RuleRemove> => {
    if (_codec == null) {
      _codec = message<RuleRemove>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
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
                field: `${prefix}.id`,
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

  export interface RuleRemoveIdFieldEvent {
    field: '$.id'
    value: number
  }

  export function encode (obj: Partial<RuleRemove>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RuleRemove.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleRemove>): RuleRemove {
    return decodeMessage(buf, RuleRemove.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleRemove>): Generator<RuleRemoveIdFieldEvent> {
    return streamMessage(buf, RuleRemove.codec(), opts)
  }
}

export interface RuleList {}

export namespace RuleList {
  let _codec: Codec<RuleList>

  export const codec = (): Codec<RuleList> => {
    if (_codec == null) {
      _codec = message<RuleList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<RuleList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RuleList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleList>): RuleList {
    return decodeMessage(buf, RuleList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleList>): Generator<{}> {
    return streamMessage(buf, RuleList.codec(), opts)
  }
}

export interface DeploymentList {
  limit: number
}

export namespace DeploymentList {
  let _codec: Codec<DeploymentList>

  export const codec = (): Codec<DeploymentList> => {
    if (_codec == null) {
      _codec = message<DeploymentList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(8)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.limit = reader.uint32()
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
                field: `${prefix}.limit`,
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

  export interface DeploymentListLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<DeploymentList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentList>): DeploymentList {
    return decodeMessage(buf, DeploymentList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentList>): Generator<DeploymentListLimitFieldEvent> {
    return streamMessage(buf, DeploymentList.codec(), opts)
  }
}

export interface DeploymentControl {
  deploymentId: string
  action: string
}

export namespace DeploymentControl {
  let _codec: Codec<DeploymentControl>

  export const codec = (): Codec<DeploymentControl> => {
    if (_codec == null) {
      _codec = message<DeploymentControl>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.action != null && obj.action !== '')) {
          w.uint32(18)
          w.string(obj.action)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          action: ''
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
              obj.action = reader.string()
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
                field: `${prefix}.action`,
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

  export interface DeploymentControlDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface DeploymentControlActionFieldEvent {
    field: '$.action'
    value: string
  }

  export function encode (obj: Partial<DeploymentControl>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentControl.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentControl>): DeploymentControl {
    return decodeMessage(buf, DeploymentControl.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentControl>): Generator<DeploymentControlDeploymentIdFieldEvent | DeploymentControlActionFieldEvent> {
    return streamMessage(buf, DeploymentControl.codec(), opts)
  }
}

export interface AuditList {
  limit: number
  deploymentId: string
}

export namespace AuditList {
  let _codec: Codec<AuditList>

  export const codec = (): Codec<AuditList> => {
    if (_codec == null) {
      _codec = message<AuditList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(8)
          w.uint32(obj.limit)
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(18)
          w.string(obj.deploymentId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          limit: 0,
          deploymentId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.limit = reader.uint32()
              break
            }
            case 2: {
              obj.deploymentId = reader.string()
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
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.deploymentId`,
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

  export interface AuditListLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface AuditListDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export function encode (obj: Partial<AuditList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditList>): AuditList {
    return decodeMessage(buf, AuditList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditList>): Generator<AuditListLimitFieldEvent | AuditListDeploymentIdFieldEvent> {
    return streamMessage(buf, AuditList.codec(), opts)
  }
}

export interface PeerRef {
  peerId: string
}

export namespace PeerRef {
  let _codec: Codec<PeerRef>

  export const codec = (): Codec<PeerRef> => {
    if (_codec == null) {
      _codec = message<PeerRef>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.string()
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

  export interface PeerRefPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export function encode (obj: Partial<PeerRef>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PeerRef.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerRef>): PeerRef {
    return decodeMessage(buf, PeerRef.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerRef>): Generator<PeerRefPeerIdFieldEvent> {
    return streamMessage(buf, PeerRef.codec(), opts)
  }
}

export interface AdminList {}

export namespace AdminList {
  let _codec: Codec<AdminList>

  export const codec = (): Codec<AdminList> => {
    if (_codec == null) {
      _codec = message<AdminList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
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

  export function encode (obj: Partial<AdminList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AdminList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminList>): AdminList {
    return decodeMessage(buf, AdminList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminList>): Generator<{}> {
    return streamMessage(buf, AdminList.codec(), opts)
  }
}

export interface AdminResponse {
  error: string
  done: string
  groups: Group[]
  rules: Rule[]
  deployments: Deployment[]
  audit: AuditEntry[]
  admins: Admin[]
}

export namespace AdminResponse {
  let _codec: Codec<AdminResponse>

  export const codec = (): Codec<AdminResponse> => {
    if (_codec == null) {
      _codec = message<AdminResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(10)
          w.string(obj.error)
        }

        if ((obj.done != null && obj.done !== '')) {
          w.uint32(18)
          w.string(obj.done)
        }

        if (obj.groups != null && obj.groups.length > 0) {
          for (const value of obj.groups) {
            w.uint32(26)
            Group.codec().encode(value, w)
          }
        }

        if (obj.rules != null && obj.rules.length > 0) {
          for (const value of obj.rules) {
            w.uint32(34)
            Rule.codec().encode(value, w)
          }
        }

        if (obj.deployments != null && obj.deployments.length > 0) {
          for (const value of obj.deployments) {
            w.uint32(42)
            Deployment.codec().encode(value, w)
          }
        }

        if (obj.audit != null && obj.audit.length > 0) {
          for (const value of obj.audit) {
            w.uint32(50)
            AuditEntry.codec().encode(value, w)
          }
        }

        if (obj.admins != null && obj.admins.length > 0) {
          for (const value of obj.admins) {
            w.uint32(58)
            Admin.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          error: '',
          done: '',
          groups: [],
          rules: [],
          deployments: [],
          audit: [],
          admins: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.error = reader.string()
              break
            }
            case 2: {
              obj.done = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.groups != null && obj.groups.length === opts.limits.groups) {
                throw new MaxLengthError('Decode error - repeated field "groups" had too many elements')
              }

              if (obj.groups.length === 10000) {
                throw new MaxLengthError('Decode error - repeated field "groups" had too many elements')
              }

              obj.groups.push(Group.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groups$
              }))
              break
            }
            case 4: {
              if (opts.limits?.rules != null && obj.rules.length === opts.limits.rules) {
                throw new MaxLengthError('Decode error - repeated field "rules" had too many elements')
              }

              if (obj.rules.length === 10000) {
                throw new MaxLengthError('Decode error - repeated field "rules" had too many elements')
              }

              obj.rules.push(Rule.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.rules$
              }))
              break
            }
            case 5: {
              if (opts.limits?.deployments != null && obj.deployments.length === opts.limits.deployments) {
                throw new MaxLengthError('Decode error - repeated field "deployments" had too many elements')
              }

              if (obj.deployments.length === 1000) {
                throw new MaxLengthError('Decode error - repeated field "deployments" had too many elements')
              }

              obj.deployments.push(Deployment.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deployments$
              }))
              break
            }
            case 6: {
              if (opts.limits?.audit != null && obj.audit.length === opts.limits.audit) {
                throw new MaxLengthError('Decode error - repeated field "audit" had too many elements')
              }

              if (obj.audit.length === 10000) {
                throw new MaxLengthError('Decode error - repeated field "audit" had too many elements')
              }

              obj.audit.push(AuditEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.audit$
              }))
              break
            }
            case 7: {
              if (opts.limits?.admins != null && obj.admins.length === opts.limits.admins) {
                throw new MaxLengthError('Decode error - repeated field "admins" had too many elements')
              }

              if (obj.admins.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "admins" had too many elements')
              }

              obj.admins.push(Admin.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.admins$
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
          groups: 10000,
          rules: 10000,
          deployments: 1000,
          audit: 10000,
          admins: 1024
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.done`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.groups != null && obj.groups === opts.limits.groups) {
                throw new MaxLengthError('Streaming decode error - repeated field "groups" had too many elements')
              }

              if (obj.groups === 10000) {
                throw new MaxLengthError('Streaming decode error - repeated field "groups" had too many elements')
              }

              for (const evt of Group.codec().stream(reader, reader.uint32(), `${prefix}.groups[]`, {
                limits: opts.limits?.groups$
              })) {
                yield {
                  ...evt,
                  index: obj.groups
                }
              }

              obj.groups++

              break
            }
            case 4: {
              if (opts.limits?.rules != null && obj.rules === opts.limits.rules) {
                throw new MaxLengthError('Streaming decode error - repeated field "rules" had too many elements')
              }

              if (obj.rules === 10000) {
                throw new MaxLengthError('Streaming decode error - repeated field "rules" had too many elements')
              }

              for (const evt of Rule.codec().stream(reader, reader.uint32(), `${prefix}.rules[]`, {
                limits: opts.limits?.rules$
              })) {
                yield {
                  ...evt,
                  index: obj.rules
                }
              }

              obj.rules++

              break
            }
            case 5: {
              if (opts.limits?.deployments != null && obj.deployments === opts.limits.deployments) {
                throw new MaxLengthError('Streaming decode error - repeated field "deployments" had too many elements')
              }

              if (obj.deployments === 1000) {
                throw new MaxLengthError('Streaming decode error - repeated field "deployments" had too many elements')
              }

              for (const evt of Deployment.codec().stream(reader, reader.uint32(), `${prefix}.deployments[]`, {
                limits: opts.limits?.deployments$
              })) {
                yield {
                  ...evt,
                  index: obj.deployments
                }
              }

              obj.deployments++

              break
            }
            case 6: {
              if (opts.limits?.audit != null && obj.audit === opts.limits.audit) {
                throw new MaxLengthError('Streaming decode error - repeated field "audit" had too many elements')
              }

              if (obj.audit === 10000) {
                throw new MaxLengthError('Streaming decode error - repeated field "audit" had too many elements')
              }

              for (const evt of AuditEntry.codec().stream(reader, reader.uint32(), `${prefix}.audit[]`, {
                limits: opts.limits?.audit$
              })) {
                yield {
                  ...evt,
                  index: obj.audit
                }
              }

              obj.audit++

              break
            }
            case 7: {
              if (opts.limits?.admins != null && obj.admins === opts.limits.admins) {
                throw new MaxLengthError('Streaming decode error - repeated field "admins" had too many elements')
              }

              if (obj.admins === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "admins" had too many elements')
              }

              for (const evt of Admin.codec().stream(reader, reader.uint32(), `${prefix}.admins[]`, {
                limits: opts.limits?.admins$
              })) {
                yield {
                  ...evt,
                  index: obj.admins
                }
              }

              obj.admins++

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

  export interface AdminResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface AdminResponseDoneFieldEvent {
    field: '$.done'
    value: string
  }

  export interface AdminResponseGroupsNameFieldEvent {
    field: '$.groups[].name'
    value: string
    index: number
  }

  export interface AdminResponseGroupsMatchFieldEvent {
    field: '$.groups[].match'
    value: string
    index: number
  }

  export interface AdminResponseGroupsMembersFieldEvent {
    field: '$.groups[].members[]'
    index: number
    value: string
  }

  export interface AdminResponseGroupsCreatedAtFieldEvent {
    field: '$.groups[].createdAt'
    value: number
    index: number
  }

  export interface AdminResponseGroupsCreatedByFieldEvent {
    field: '$.groups[].createdBy'
    value: string
    index: number
  }

  export interface AdminResponseRulesIdFieldEvent {
    field: '$.rules[].id'
    value: number
    index: number
  }

  export interface AdminResponseRulesGroupFieldEvent {
    field: '$.rules[].group'
    value: string
    index: number
  }

  export interface AdminResponseRulesPackageFieldEvent {
    field: '$.rules[].package'
    value: string
    index: number
  }

  export interface AdminResponseRulesVersionsFieldEvent {
    field: '$.rules[].versions'
    value: string
    index: number
  }

  export interface AdminResponseRulesChannelFieldEvent {
    field: '$.rules[].channel'
    value: string
    index: number
  }

  export interface AdminResponseRulesCreatedAtFieldEvent {
    field: '$.rules[].createdAt'
    value: number
    index: number
  }

  export interface AdminResponseRulesCreatedByFieldEvent {
    field: '$.rules[].createdBy'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsIdFieldEvent {
    field: '$.deployments[].id'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsNameFieldEvent {
    field: '$.deployments[].name'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsVersionFieldEvent {
    field: '$.deployments[].version'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsStateFieldEvent {
    field: '$.deployments[].state'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsReasonFieldEvent {
    field: '$.deployments[].reason'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsPublisherFieldEvent {
    field: '$.deployments[].publisher'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsCreatedAtFieldEvent {
    field: '$.deployments[].createdAt'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsStartedAtFieldEvent {
    field: '$.deployments[].startedAt'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsFinishedAtFieldEvent {
    field: '$.deployments[].finishedAt'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsHostBytesSentFieldEvent {
    field: '$.deployments[].hostBytesSent'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsNodeCountFieldEvent {
    field: '$.deployments[].nodeCount'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsNodeStatesStateFieldEvent {
    field: '$.deployments[].nodeStates[].state'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsNodeStatesCountFieldEvent {
    field: '$.deployments[].nodeStates[].count'
    value: number
    index: number
  }

  export interface AdminResponseDeploymentsCatchUpStatesStateFieldEvent {
    field: '$.deployments[].catchUpStates[].state'
    value: string
    index: number
  }

  export interface AdminResponseDeploymentsCatchUpStatesCountFieldEvent {
    field: '$.deployments[].catchUpStates[].count'
    value: number
    index: number
  }

  export interface AdminResponseAuditSeqFieldEvent {
    field: '$.audit[].seq'
    value: number
    index: number
  }

  export interface AdminResponseAuditAtFieldEvent {
    field: '$.audit[].at'
    value: number
    index: number
  }

  export interface AdminResponseAuditActorFieldEvent {
    field: '$.audit[].actor'
    value: string
    index: number
  }

  export interface AdminResponseAuditActionFieldEvent {
    field: '$.audit[].action'
    value: string
    index: number
  }

  export interface AdminResponseAuditDeploymentIdFieldEvent {
    field: '$.audit[].deploymentId'
    value: string
    index: number
  }

  export interface AdminResponseAuditDetailFieldEvent {
    field: '$.audit[].detail'
    value: string
    index: number
  }

  export interface AdminResponseAdminsPeerIdFieldEvent {
    field: '$.admins[].peerId'
    value: string
    index: number
  }

  export interface AdminResponseAdminsAddedAtFieldEvent {
    field: '$.admins[].addedAt'
    value: number
    index: number
  }

  export interface AdminResponseAdminsAddedByFieldEvent {
    field: '$.admins[].addedBy'
    value: string
    index: number
  }

  export function encode (obj: Partial<AdminResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AdminResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminResponse>): AdminResponse {
    return decodeMessage(buf, AdminResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminResponse>): Generator<AdminResponseErrorFieldEvent | AdminResponseDoneFieldEvent | AdminResponseGroupsNameFieldEvent | AdminResponseGroupsMatchFieldEvent | AdminResponseGroupsMembersFieldEvent | AdminResponseGroupsCreatedAtFieldEvent | AdminResponseGroupsCreatedByFieldEvent | AdminResponseRulesIdFieldEvent | AdminResponseRulesGroupFieldEvent | AdminResponseRulesPackageFieldEvent | AdminResponseRulesVersionsFieldEvent | AdminResponseRulesChannelFieldEvent | AdminResponseRulesCreatedAtFieldEvent | AdminResponseRulesCreatedByFieldEvent | AdminResponseDeploymentsIdFieldEvent | AdminResponseDeploymentsNameFieldEvent | AdminResponseDeploymentsVersionFieldEvent | AdminResponseDeploymentsStateFieldEvent | AdminResponseDeploymentsReasonFieldEvent | AdminResponseDeploymentsPublisherFieldEvent | AdminResponseDeploymentsCreatedAtFieldEvent | AdminResponseDeploymentsStartedAtFieldEvent | AdminResponseDeploymentsFinishedAtFieldEvent | AdminResponseDeploymentsHostBytesSentFieldEvent | AdminResponseDeploymentsNodeCountFieldEvent | AdminResponseDeploymentsNodeStatesStateFieldEvent | AdminResponseDeploymentsNodeStatesCountFieldEvent | AdminResponseDeploymentsCatchUpStatesStateFieldEvent | AdminResponseDeploymentsCatchUpStatesCountFieldEvent | AdminResponseAuditSeqFieldEvent | AdminResponseAuditAtFieldEvent | AdminResponseAuditActorFieldEvent | AdminResponseAuditActionFieldEvent | AdminResponseAuditDeploymentIdFieldEvent | AdminResponseAuditDetailFieldEvent | AdminResponseAdminsPeerIdFieldEvent | AdminResponseAdminsAddedAtFieldEvent | AdminResponseAdminsAddedByFieldEvent> {
    return streamMessage(buf, AdminResponse.codec(), opts)
  }
}

export interface Admin {
  peerId: string
  addedAt: number
  addedBy: string
}

export namespace Admin {
  let _codec: Codec<Admin>

  export const codec = (): Codec<Admin> => {
    if (_codec == null) {
      _codec = message<Admin>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.addedAt != null && obj.addedAt !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.addedAt)
        }

        if ((obj.addedBy != null && obj.addedBy !== '')) {
          w.uint32(26)
          w.string(obj.addedBy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          addedAt: 0,
          addedBy: ''
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
              obj.addedAt = reader.uint64Number()
              break
            }
            case 3: {
              obj.addedBy = reader.string()
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
                field: `${prefix}.addedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.addedBy`,
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

  export interface AdminPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface AdminAddedAtFieldEvent {
    field: '$.addedAt'
    value: number
  }

  export interface AdminAddedByFieldEvent {
    field: '$.addedBy'
    value: string
  }

  export function encode (obj: Partial<Admin>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Admin.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Admin>): Admin {
    return decodeMessage(buf, Admin.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Admin>): Generator<AdminPeerIdFieldEvent | AdminAddedAtFieldEvent | AdminAddedByFieldEvent> {
    return streamMessage(buf, Admin.codec(), opts)
  }
}

export interface Group {
  name: string
  match: string
  members: string[]
  createdAt: number
  createdBy: string
}

export namespace Group {
  let _codec: Codec<Group>

  export const codec = (): Codec<Group> => {
    if (_codec == null) {
      _codec = message<Group>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.match != null && obj.match !== '')) {
          w.uint32(18)
          w.string(obj.match)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(26)
            w.string(value)
          }
        }

        if ((obj.createdAt != null && obj.createdAt !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.createdAt)
        }

        if ((obj.createdBy != null && obj.createdBy !== '')) {
          w.uint32(42)
          w.string(obj.createdBy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          match: '',
          members: [],
          createdAt: 0,
          createdBy: ''
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
              obj.match = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              if (obj.members.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.string())
              break
            }
            case 4: {
              obj.createdAt = reader.uint64Number()
              break
            }
            case 5: {
              obj.createdBy = reader.string()
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
          members: 1024
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
                field: `${prefix}.match`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              if (obj.members === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.string()
              }

              obj.members++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.createdBy`,
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

  export interface GroupNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupMatchFieldEvent {
    field: '$.match'
    value: string
  }

  export interface GroupMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: string
  }

  export interface GroupCreatedAtFieldEvent {
    field: '$.createdAt'
    value: number
  }

  export interface GroupCreatedByFieldEvent {
    field: '$.createdBy'
    value: string
  }

  export function encode (obj: Partial<Group>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Group.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Group>): Group {
    return decodeMessage(buf, Group.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Group>): Generator<GroupNameFieldEvent | GroupMatchFieldEvent | GroupMembersFieldEvent | GroupCreatedAtFieldEvent | GroupCreatedByFieldEvent> {
    return streamMessage(buf, Group.codec(), opts)
  }
}

export interface Rule {
  id: number
  group: string
  package: string
  versions: string
  channel: string
  createdAt: number
  createdBy: string
}

export namespace Rule {
  let _codec: Codec<Rule>

  export const codec = (): Codec<Rule> => {
    if (_codec == null) {
      _codec = message<Rule>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if ((obj.group != null && obj.group !== '')) {
          w.uint32(18)
          w.string(obj.group)
        }

        if ((obj.package != null && obj.package !== '')) {
          w.uint32(26)
          w.string(obj.package)
        }

        if ((obj.versions != null && obj.versions !== '')) {
          w.uint32(34)
          w.string(obj.versions)
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(42)
          w.string(obj.channel)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.createdAt)
        }

        if ((obj.createdBy != null && obj.createdBy !== '')) {
          w.uint32(58)
          w.string(obj.createdBy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0,
          group: '',
          package: '',
          versions: '',
          channel: '',
          createdAt: 0,
          createdBy: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.group = reader.string()
              break
            }
            case 3: {
              obj.package = reader.string()
              break
            }
            case 4: {
              obj.versions = reader.string()
              break
            }
            case 5: {
              obj.channel = reader.string()
              break
            }
            case 6: {
              obj.createdAt = reader.uint64Number()
              break
            }
            case 7: {
              obj.createdBy = reader.string()
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
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.group`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.package`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.versions`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.channel`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.createdBy`,
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

  export interface RuleIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface RuleGroupFieldEvent {
    field: '$.group'
    value: string
  }

  export interface RulePackageFieldEvent {
    field: '$.package'
    value: string
  }

  export interface RuleVersionsFieldEvent {
    field: '$.versions'
    value: string
  }

  export interface RuleChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export interface RuleCreatedAtFieldEvent {
    field: '$.createdAt'
    value: number
  }

  export interface RuleCreatedByFieldEvent {
    field: '$.createdBy'
    value: string
  }

  export function encode (obj: Partial<Rule>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Rule.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Rule>): Rule {
    return decodeMessage(buf, Rule.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Rule>): Generator<RuleIdFieldEvent | RuleGroupFieldEvent | RulePackageFieldEvent | RuleVersionsFieldEvent | RuleChannelFieldEvent | RuleCreatedAtFieldEvent | RuleCreatedByFieldEvent> {
    return streamMessage(buf, Rule.codec(), opts)
  }
}

export interface Deployment {
  id: string
  name: string
  version: string
  state: string
  reason: string
  publisher: string
  createdAt: number
  startedAt: number
  finishedAt: number
  hostBytesSent: number
  nodeCount: number
  nodeStates: NodeStateCount[]
  catchUpStates: NodeStateCount[]
}

export namespace Deployment {
  let _codec: Codec<Deployment>

  export const codec = (): Codec<Deployment> => {
    if (_codec == null) {
      _codec = message<Deployment>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(26)
          w.string(obj.version)
        }

        if ((obj.state != null && obj.state !== '')) {
          w.uint32(34)
          w.string(obj.state)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(42)
          w.string(obj.reason)
        }

        if ((obj.publisher != null && obj.publisher !== '')) {
          w.uint32(50)
          w.string(obj.publisher)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.createdAt)
        }

        if ((obj.startedAt != null && obj.startedAt !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.startedAt)
        }

        if ((obj.finishedAt != null && obj.finishedAt !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.finishedAt)
        }

        if ((obj.hostBytesSent != null && obj.hostBytesSent !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.hostBytesSent)
        }

        if ((obj.nodeCount != null && obj.nodeCount !== 0)) {
          w.uint32(88)
          w.uint32(obj.nodeCount)
        }

        if (obj.nodeStates != null && obj.nodeStates.length > 0) {
          for (const value of obj.nodeStates) {
            w.uint32(98)
            NodeStateCount.codec().encode(value, w)
          }
        }

        if (obj.catchUpStates != null && obj.catchUpStates.length > 0) {
          for (const value of obj.catchUpStates) {
            w.uint32(106)
            NodeStateCount.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          name: '',
          version: '',
          state: '',
          reason: '',
          publisher: '',
          createdAt: 0,
          startedAt: 0,
          finishedAt: 0,
          hostBytesSent: 0,
          nodeCount: 0,
          nodeStates: [],
          catchUpStates: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.version = reader.string()
              break
            }
            case 4: {
              obj.state = reader.string()
              break
            }
            case 5: {
              obj.reason = reader.string()
              break
            }
            case 6: {
              obj.publisher = reader.string()
              break
            }
            case 7: {
              obj.createdAt = reader.uint64Number()
              break
            }
            case 8: {
              obj.startedAt = reader.uint64Number()
              break
            }
            case 9: {
              obj.finishedAt = reader.uint64Number()
              break
            }
            case 10: {
              obj.hostBytesSent = reader.uint64Number()
              break
            }
            case 11: {
              obj.nodeCount = reader.uint32()
              break
            }
            case 12: {
              if (opts.limits?.nodeStates != null && obj.nodeStates.length === opts.limits.nodeStates) {
                throw new MaxLengthError('Decode error - repeated field "nodeStates" had too many elements')
              }

              if (obj.nodeStates.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "nodeStates" had too many elements')
              }

              obj.nodeStates.push(NodeStateCount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.nodeStates$
              }))
              break
            }
            case 13: {
              if (opts.limits?.catchUpStates != null && obj.catchUpStates.length === opts.limits.catchUpStates) {
                throw new MaxLengthError('Decode error - repeated field "catchUpStates" had too many elements')
              }

              if (obj.catchUpStates.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "catchUpStates" had too many elements')
              }

              obj.catchUpStates.push(NodeStateCount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.catchUpStates$
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
          nodeStates: 16,
          catchUpStates: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
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
                field: `${prefix}.state`,
                value: reader.string()
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
                field: `${prefix}.publisher`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.startedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.finishedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.hostBytesSent`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.nodeCount`,
                value: reader.uint32()
              }
              break
            }
            case 12: {
              if (opts.limits?.nodeStates != null && obj.nodeStates === opts.limits.nodeStates) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodeStates" had too many elements')
              }

              if (obj.nodeStates === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodeStates" had too many elements')
              }

              for (const evt of NodeStateCount.codec().stream(reader, reader.uint32(), `${prefix}.nodeStates[]`, {
                limits: opts.limits?.nodeStates$
              })) {
                yield {
                  ...evt,
                  index: obj.nodeStates
                }
              }

              obj.nodeStates++

              break
            }
            case 13: {
              if (opts.limits?.catchUpStates != null && obj.catchUpStates === opts.limits.catchUpStates) {
                throw new MaxLengthError('Streaming decode error - repeated field "catchUpStates" had too many elements')
              }

              if (obj.catchUpStates === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "catchUpStates" had too many elements')
              }

              for (const evt of NodeStateCount.codec().stream(reader, reader.uint32(), `${prefix}.catchUpStates[]`, {
                limits: opts.limits?.catchUpStates$
              })) {
                yield {
                  ...evt,
                  index: obj.catchUpStates
                }
              }

              obj.catchUpStates++

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

  export interface DeploymentIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface DeploymentNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface DeploymentVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface DeploymentStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface DeploymentReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface DeploymentPublisherFieldEvent {
    field: '$.publisher'
    value: string
  }

  export interface DeploymentCreatedAtFieldEvent {
    field: '$.createdAt'
    value: number
  }

  export interface DeploymentStartedAtFieldEvent {
    field: '$.startedAt'
    value: number
  }

  export interface DeploymentFinishedAtFieldEvent {
    field: '$.finishedAt'
    value: number
  }

  export interface DeploymentHostBytesSentFieldEvent {
    field: '$.hostBytesSent'
    value: number
  }

  export interface DeploymentNodeCountFieldEvent {
    field: '$.nodeCount'
    value: number
  }

  export interface DeploymentNodeStatesStateFieldEvent {
    field: '$.nodeStates[].state'
    value: string
    index: number
  }

  export interface DeploymentNodeStatesCountFieldEvent {
    field: '$.nodeStates[].count'
    value: number
    index: number
  }

  export interface DeploymentCatchUpStatesStateFieldEvent {
    field: '$.catchUpStates[].state'
    value: string
    index: number
  }

  export interface DeploymentCatchUpStatesCountFieldEvent {
    field: '$.catchUpStates[].count'
    value: number
    index: number
  }

  export function encode (obj: Partial<Deployment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Deployment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deployment>): Deployment {
    return decodeMessage(buf, Deployment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deployment>): Generator<DeploymentIdFieldEvent | DeploymentNameFieldEvent | DeploymentVersionFieldEvent | DeploymentStateFieldEvent | DeploymentReasonFieldEvent | DeploymentPublisherFieldEvent | DeploymentCreatedAtFieldEvent | DeploymentStartedAtFieldEvent | DeploymentFinishedAtFieldEvent | DeploymentHostBytesSentFieldEvent | DeploymentNodeCountFieldEvent | DeploymentNodeStatesStateFieldEvent | DeploymentNodeStatesCountFieldEvent | DeploymentCatchUpStatesStateFieldEvent | DeploymentCatchUpStatesCountFieldEvent> {
    return streamMessage(buf, Deployment.codec(), opts)
  }
}

export interface NodeStateCount {
  state: string
  count: number
}

export namespace NodeStateCount {
  let _codec: Codec<NodeStateCount>

  export const codec = (): Codec<NodeStateCount> => {
    if (_codec == null) {
      _codec = message<NodeStateCount>((obj, w, opts = {}) => {
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

  export interface NodeStateCountStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface NodeStateCountCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<NodeStateCount>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NodeStateCount.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStateCount>): NodeStateCount {
    return decodeMessage(buf, NodeStateCount.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStateCount>): Generator<NodeStateCountStateFieldEvent | NodeStateCountCountFieldEvent> {
    return streamMessage(buf, NodeStateCount.codec(), opts)
  }
}

export interface AuditEntry {
  seq: number
  at: number
  actor: string
  action: string
  deploymentId: string
  detail: string
}

export namespace AuditEntry {
  let _codec: Codec<AuditEntry>

  export const codec = (): Codec<AuditEntry> => {
    if (_codec == null) {
      _codec = message<AuditEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.seq)
        }

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.at)
        }

        if ((obj.actor != null && obj.actor !== '')) {
          w.uint32(26)
          w.string(obj.actor)
        }

        if ((obj.action != null && obj.action !== '')) {
          w.uint32(34)
          w.string(obj.action)
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(42)
          w.string(obj.deploymentId)
        }

        if ((obj.detail != null && obj.detail !== '')) {
          w.uint32(50)
          w.string(obj.detail)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0,
          at: 0,
          actor: '',
          action: '',
          deploymentId: '',
          detail: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64Number()
              break
            }
            case 2: {
              obj.at = reader.uint64Number()
              break
            }
            case 3: {
              obj.actor = reader.string()
              break
            }
            case 4: {
              obj.action = reader.string()
              break
            }
            case 5: {
              obj.deploymentId = reader.string()
              break
            }
            case 6: {
              obj.detail = reader.string()
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
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.actor`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.action`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.detail`,
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

  export interface AuditEntrySeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface AuditEntryAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface AuditEntryActorFieldEvent {
    field: '$.actor'
    value: string
  }

  export interface AuditEntryActionFieldEvent {
    field: '$.action'
    value: string
  }

  export interface AuditEntryDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface AuditEntryDetailFieldEvent {
    field: '$.detail'
    value: string
  }

  export function encode (obj: Partial<AuditEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditEntry>): AuditEntry {
    return decodeMessage(buf, AuditEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditEntry>): Generator<AuditEntrySeqFieldEvent | AuditEntryAtFieldEvent | AuditEntryActorFieldEvent | AuditEntryActionFieldEvent | AuditEntryDeploymentIdFieldEvent | AuditEntryDetailFieldEvent> {
    return streamMessage(buf, AuditEntry.codec(), opts)
  }
}
