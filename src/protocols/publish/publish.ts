import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PublishRequest {
  signedManifest: Uint8Array<ArrayBuffer>
  maxFanout: number
  target: string
  channel: string
  waves: number[]
  maxFailures: number
  strategy: string
  stripes: number
}

export namespace PublishRequest {
  let _codec: Codec<PublishRequest>

  export const codec = (): Codec<PublishRequest> => {
    if (_codec == null) {
      _codec = message<PublishRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.signedManifest != null && obj.signedManifest.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.signedManifest)
        }

        if ((obj.maxFanout != null && obj.maxFanout !== 0)) {
          w.uint32(16)
          w.uint32(obj.maxFanout)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(26)
          w.string(obj.target)
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(34)
          w.string(obj.channel)
        }

        if (obj.waves != null && obj.waves.length > 0) {
          for (const value of obj.waves) {
            w.uint32(41)
            w.double(value)
          }
        }

        if ((obj.maxFailures != null && obj.maxFailures !== 0)) {
          w.uint32(49)
          w.double(obj.maxFailures)
        }

        if ((obj.strategy != null && obj.strategy !== '')) {
          w.uint32(58)
          w.string(obj.strategy)
        }

        if ((obj.stripes != null && obj.stripes !== 0)) {
          w.uint32(64)
          w.uint32(obj.stripes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          signedManifest: uint8ArrayAlloc(0),
          maxFanout: 0,
          target: '',
          channel: '',
          waves: [],
          maxFailures: 0,
          strategy: '',
          stripes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.signedManifest = reader.bytes()
              break
            }
            case 2: {
              obj.maxFanout = reader.uint32()
              break
            }
            case 3: {
              obj.target = reader.string()
              break
            }
            case 4: {
              obj.channel = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.waves != null && obj.waves.length === opts.limits.waves) {
                throw new MaxLengthError('Decode error - repeated field "waves" had too many elements')
              }

              if (obj.waves.length === 20) {
                throw new MaxLengthError('Decode error - repeated field "waves" had too many elements')
              }

              obj.waves.push(reader.double())
              break
            }
            case 6: {
              obj.maxFailures = reader.double()
              break
            }
            case 7: {
              obj.strategy = reader.string()
              break
            }
            case 8: {
              obj.stripes = reader.uint32()
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
          waves: 20
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.signedManifest`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.maxFanout`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.target`,
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
            case 5: {
              if (opts.limits?.waves != null && obj.waves === opts.limits.waves) {
                throw new MaxLengthError('Streaming decode error - repeated field "waves" had too many elements')
              }

              if (obj.waves === 20) {
                throw new MaxLengthError('Streaming decode error - repeated field "waves" had too many elements')
              }

              yield {
                field: `${prefix}.waves[]`,
                index: obj.waves,
                value: reader.double()
              }

              obj.waves++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.maxFailures`,
                value: reader.double()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.strategy`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.stripes`,
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

  export interface PublishRequestSignedManifestFieldEvent {
    field: '$.signedManifest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PublishRequestMaxFanoutFieldEvent {
    field: '$.maxFanout'
    value: number
  }

  export interface PublishRequestTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface PublishRequestChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export interface PublishRequestWavesFieldEvent {
    field: '$.waves[]'
    index: number
    value: number
  }

  export interface PublishRequestMaxFailuresFieldEvent {
    field: '$.maxFailures'
    value: number
  }

  export interface PublishRequestStrategyFieldEvent {
    field: '$.strategy'
    value: string
  }

  export interface PublishRequestStripesFieldEvent {
    field: '$.stripes'
    value: number
  }

  export function encode (obj: Partial<PublishRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublishRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishRequest>): PublishRequest {
    return decodeMessage(buf, PublishRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishRequest>): Generator<PublishRequestSignedManifestFieldEvent | PublishRequestMaxFanoutFieldEvent | PublishRequestTargetFieldEvent | PublishRequestChannelFieldEvent | PublishRequestWavesFieldEvent | PublishRequestMaxFailuresFieldEvent | PublishRequestStrategyFieldEvent | PublishRequestStripesFieldEvent> {
    return streamMessage(buf, PublishRequest.codec(), opts)
  }
}

export interface UploadChunk {
  index: number
  data: Uint8Array<ArrayBuffer>
}

export namespace UploadChunk {
  let _codec: Codec<UploadChunk>

  export const codec = (): Codec<UploadChunk> => {
    if (_codec == null) {
      _codec = message<UploadChunk>((obj, w, opts = {}) => {
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

  export interface UploadChunkIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface UploadChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<UploadChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UploadChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UploadChunk>): UploadChunk {
    return decodeMessage(buf, UploadChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UploadChunk>): Generator<UploadChunkIndexFieldEvent | UploadChunkDataFieldEvent> {
    return streamMessage(buf, UploadChunk.codec(), opts)
  }
}

export interface PublishEvent {
  decision?: PublishDecision
  credit?: UploadCredit
  plan?: DeploymentPlan
  progress?: NodeProgress
  summary?: DeploymentSummary
}

export namespace PublishEvent {
  let _codec: Codec<PublishEvent>

  export const codec = (): Codec<PublishEvent> => {
    if (_codec == null) {
      _codec = message<PublishEvent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.decision != null) {
          w.uint32(10)
          PublishDecision.codec().encode(obj.decision, w)
        }

        if (obj.credit != null) {
          w.uint32(18)
          UploadCredit.codec().encode(obj.credit, w)
        }

        if (obj.plan != null) {
          w.uint32(26)
          DeploymentPlan.codec().encode(obj.plan, w)
        }

        if (obj.progress != null) {
          w.uint32(34)
          NodeProgress.codec().encode(obj.progress, w)
        }

        if (obj.summary != null) {
          w.uint32(42)
          DeploymentSummary.codec().encode(obj.summary, w)
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
              obj.decision = PublishDecision.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.decision
              })
              break
            }
            case 2: {
              obj.credit = UploadCredit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.credit
              })
              break
            }
            case 3: {
              obj.plan = DeploymentPlan.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.plan
              })
              break
            }
            case 4: {
              obj.progress = NodeProgress.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.progress
              })
              break
            }
            case 5: {
              obj.summary = DeploymentSummary.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.summary
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
              yield * PublishDecision.codec().stream(reader, reader.uint32(), `${prefix}.decision`, {
                limits: opts.limits?.decision
              })

              break
            }
            case 2: {
              yield * UploadCredit.codec().stream(reader, reader.uint32(), `${prefix}.credit`, {
                limits: opts.limits?.credit
              })

              break
            }
            case 3: {
              yield * DeploymentPlan.codec().stream(reader, reader.uint32(), `${prefix}.plan`, {
                limits: opts.limits?.plan
              })

              break
            }
            case 4: {
              yield * NodeProgress.codec().stream(reader, reader.uint32(), `${prefix}.progress`, {
                limits: opts.limits?.progress
              })

              break
            }
            case 5: {
              yield * DeploymentSummary.codec().stream(reader, reader.uint32(), `${prefix}.summary`, {
                limits: opts.limits?.summary
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

  export interface PublishEventDecisionGrantedFieldEvent {
    field: '$.decision.granted'
    value: boolean
  }

  export interface PublishEventDecisionReasonFieldEvent {
    field: '$.decision.reason'
    value: string
  }

  export interface PublishEventDecisionDeploymentIdFieldEvent {
    field: '$.decision.deploymentId'
    value: string
  }

  export interface PublishEventDecisionHaveFieldEvent {
    field: '$.decision.have'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PublishEventCreditChunksFieldEvent {
    field: '$.credit.chunks'
    value: number
  }

  export interface PublishEventPlanNodesPeerIdFieldEvent {
    field: '$.plan.nodes[].peerId'
    value: string
    index: number
  }

  export interface PublishEventPlanNodesParentFieldEvent {
    field: '$.plan.nodes[].parent'
    value: string
    index: number
  }

  export interface PublishEventPlanNodesUploadBpsFieldEvent {
    field: '$.plan.nodes[].uploadBps'
    value: number
    index: number
  }

  export interface PublishEventPlanNodesDepthFieldEvent {
    field: '$.plan.nodes[].depth'
    value: number
    index: number
  }

  export interface PublishEventPlanNodesRankFieldEvent {
    field: '$.plan.nodes[].rank'
    value: number
    index: number
  }

  export interface PublishEventPlanNodesVersionFieldEvent {
    field: '$.plan.nodes[].version'
    value: string
    index: number
  }

  export interface PublishEventPlanNodesStripeParentsFieldEvent {
    field: '$.plan.nodes[].stripeParents[]'
    index: number
    value: string
  }

  export interface PublishEventPlanNodesStripeHelpersFieldEvent {
    field: '$.plan.nodes[].stripeHelpers[]'
    index: number
    value: string
  }

  export interface PublishEventPlanStreamRateFieldEvent {
    field: '$.plan.streamRate'
    value: number
  }

  export interface PublishEventPlanDepthFieldEvent {
    field: '$.plan.depth'
    value: number
  }

  export interface PublishEventPlanLowerBoundMsFieldEvent {
    field: '$.plan.lowerBoundMs'
    value: number
  }

  export interface PublishEventPlanHostUploadBpsFieldEvent {
    field: '$.plan.hostUploadBps'
    value: number
  }

  export interface PublishEventPlanStripesFieldEvent {
    field: '$.plan.stripes'
    value: number
  }

  export interface PublishEventProgressPeerIdFieldEvent {
    field: '$.progress.peerId'
    value: string
  }

  export interface PublishEventProgressStateFieldEvent {
    field: '$.progress.state'
    value: string
  }

  export interface PublishEventProgressBytesReceivedFieldEvent {
    field: '$.progress.bytesReceived'
    value: number
  }

  export interface PublishEventProgressBytesSentFieldEvent {
    field: '$.progress.bytesSent'
    value: number
  }

  export interface PublishEventProgressReasonFieldEvent {
    field: '$.progress.reason'
    value: string
  }

  export interface PublishEventProgressVersionFieldEvent {
    field: '$.progress.version'
    value: string
  }

  export interface PublishEventProgressAtFieldEvent {
    field: '$.progress.at'
    value: number
  }

  export interface PublishEventProgressParentFieldEvent {
    field: '$.progress.parent'
    value: string
  }

  export interface PublishEventProgressBytesDuplicateFieldEvent {
    field: '$.progress.bytesDuplicate'
    value: number
  }

  export interface PublishEventProgressSiteFieldEvent {
    field: '$.progress.site'
    value: string
  }

  export interface PublishEventProgressRefusedBySiteFieldEvent {
    field: '$.progress.refusedBySite'
    value: boolean
  }

  export interface PublishEventProgressCatchUpFieldEvent {
    field: '$.progress.catchUp'
    value: boolean
  }

  export interface PublishEventSummaryDeploymentIdFieldEvent {
    field: '$.summary.deploymentId'
    value: string
  }

  export interface PublishEventSummaryVersionFieldEvent {
    field: '$.summary.version'
    value: string
  }

  export interface PublishEventSummarySuccessFieldEvent {
    field: '$.summary.success'
    value: boolean
  }

  export interface PublishEventSummaryHostBytesSentFieldEvent {
    field: '$.summary.hostBytesSent'
    value: number
  }

  export interface PublishEventSummaryPackageSizeFieldEvent {
    field: '$.summary.packageSize'
    value: number
  }

  export interface PublishEventSummaryNodesPeerIdFieldEvent {
    field: '$.summary.nodes[].peerId'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesStateFieldEvent {
    field: '$.summary.nodes[].state'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesBytesReceivedFieldEvent {
    field: '$.summary.nodes[].bytesReceived'
    value: number
    index: number
  }

  export interface PublishEventSummaryNodesBytesSentFieldEvent {
    field: '$.summary.nodes[].bytesSent'
    value: number
    index: number
  }

  export interface PublishEventSummaryNodesReasonFieldEvent {
    field: '$.summary.nodes[].reason'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesVersionFieldEvent {
    field: '$.summary.nodes[].version'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesAtFieldEvent {
    field: '$.summary.nodes[].at'
    value: number
    index: number
  }

  export interface PublishEventSummaryNodesParentFieldEvent {
    field: '$.summary.nodes[].parent'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesBytesDuplicateFieldEvent {
    field: '$.summary.nodes[].bytesDuplicate'
    value: number
    index: number
  }

  export interface PublishEventSummaryNodesSiteFieldEvent {
    field: '$.summary.nodes[].site'
    value: string
    index: number
  }

  export interface PublishEventSummaryNodesRefusedBySiteFieldEvent {
    field: '$.summary.nodes[].refusedBySite'
    value: boolean
    index: number
  }

  export interface PublishEventSummaryNodesCatchUpFieldEvent {
    field: '$.summary.nodes[].catchUp'
    value: boolean
    index: number
  }

  export interface PublishEventSummaryStartedAtFieldEvent {
    field: '$.summary.startedAt'
    value: number
  }

  export interface PublishEventSummaryFinishedAtFieldEvent {
    field: '$.summary.finishedAt'
    value: number
  }

  export interface PublishEventSummaryLowerBoundMsFieldEvent {
    field: '$.summary.lowerBoundMs'
    value: number
  }

  export interface PublishEventSummaryHostChildrenFieldEvent {
    field: '$.summary.hostChildren'
    value: number
  }

  export interface PublishEventSummaryReasonFieldEvent {
    field: '$.summary.reason'
    value: string
  }

  export function encode (obj: Partial<PublishEvent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublishEvent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishEvent>): PublishEvent {
    return decodeMessage(buf, PublishEvent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishEvent>): Generator<PublishEventDecisionGrantedFieldEvent | PublishEventDecisionReasonFieldEvent | PublishEventDecisionDeploymentIdFieldEvent | PublishEventDecisionHaveFieldEvent | PublishEventCreditChunksFieldEvent | PublishEventPlanNodesPeerIdFieldEvent | PublishEventPlanNodesParentFieldEvent | PublishEventPlanNodesUploadBpsFieldEvent | PublishEventPlanNodesDepthFieldEvent | PublishEventPlanNodesRankFieldEvent | PublishEventPlanNodesVersionFieldEvent | PublishEventPlanNodesStripeParentsFieldEvent | PublishEventPlanNodesStripeHelpersFieldEvent | PublishEventPlanStreamRateFieldEvent | PublishEventPlanDepthFieldEvent | PublishEventPlanLowerBoundMsFieldEvent | PublishEventPlanHostUploadBpsFieldEvent | PublishEventPlanStripesFieldEvent | PublishEventProgressPeerIdFieldEvent | PublishEventProgressStateFieldEvent | PublishEventProgressBytesReceivedFieldEvent | PublishEventProgressBytesSentFieldEvent | PublishEventProgressReasonFieldEvent | PublishEventProgressVersionFieldEvent | PublishEventProgressAtFieldEvent | PublishEventProgressParentFieldEvent | PublishEventProgressBytesDuplicateFieldEvent | PublishEventProgressSiteFieldEvent | PublishEventProgressRefusedBySiteFieldEvent | PublishEventProgressCatchUpFieldEvent | PublishEventSummaryDeploymentIdFieldEvent | PublishEventSummaryVersionFieldEvent | PublishEventSummarySuccessFieldEvent | PublishEventSummaryHostBytesSentFieldEvent | PublishEventSummaryPackageSizeFieldEvent | PublishEventSummaryNodesPeerIdFieldEvent | PublishEventSummaryNodesStateFieldEvent | PublishEventSummaryNodesBytesReceivedFieldEvent | PublishEventSummaryNodesBytesSentFieldEvent | PublishEventSummaryNodesReasonFieldEvent | PublishEventSummaryNodesVersionFieldEvent | PublishEventSummaryNodesAtFieldEvent | PublishEventSummaryNodesParentFieldEvent | PublishEventSummaryNodesBytesDuplicateFieldEvent | PublishEventSummaryNodesSiteFieldEvent | PublishEventSummaryNodesRefusedBySiteFieldEvent | PublishEventSummaryNodesCatchUpFieldEvent | PublishEventSummaryStartedAtFieldEvent | PublishEventSummaryFinishedAtFieldEvent | PublishEventSummaryLowerBoundMsFieldEvent | PublishEventSummaryHostChildrenFieldEvent | PublishEventSummaryReasonFieldEvent> {
    return streamMessage(buf, PublishEvent.codec(), opts)
  }
}

export interface PublishDecision {
  granted: boolean
  reason: string
  deploymentId: string
  have: Uint8Array<ArrayBuffer>
}

export namespace PublishDecision {
  let _codec: Codec<PublishDecision>

  export const codec = (): Codec<PublishDecision> => {
    if (_codec == null) {
      _codec = message<PublishDecision>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.granted != null && obj.granted !== false)) {
          w.uint32(8)
          w.bool(obj.granted)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(26)
          w.string(obj.deploymentId)
        }

        if ((obj.have != null && obj.have.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.have)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          granted: false,
          reason: '',
          deploymentId: '',
          have: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.granted = reader.bool()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.deploymentId = reader.string()
              break
            }
            case 4: {
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
                field: `${prefix}.granted`,
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
                field: `${prefix}.deploymentId`,
                value: reader.string()
              }
              break
            }
            case 4: {
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

  export interface PublishDecisionGrantedFieldEvent {
    field: '$.granted'
    value: boolean
  }

  export interface PublishDecisionReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface PublishDecisionDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface PublishDecisionHaveFieldEvent {
    field: '$.have'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PublishDecision>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublishDecision.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishDecision>): PublishDecision {
    return decodeMessage(buf, PublishDecision.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishDecision>): Generator<PublishDecisionGrantedFieldEvent | PublishDecisionReasonFieldEvent | PublishDecisionDeploymentIdFieldEvent | PublishDecisionHaveFieldEvent> {
    return streamMessage(buf, PublishDecision.codec(), opts)
  }
}

export interface UploadCredit {
  chunks: number
}

export namespace UploadCredit {
  let _codec: Codec<UploadCredit>

  export const codec = (): Codec<UploadCredit> => {
    if (_codec == null) {
      _codec = message<UploadCredit>((obj, w, opts = {}) => {
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

  export interface UploadCreditChunksFieldEvent {
    field: '$.chunks'
    value: number
  }

  export function encode (obj: Partial<UploadCredit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UploadCredit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UploadCredit>): UploadCredit {
    return decodeMessage(buf, UploadCredit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UploadCredit>): Generator<UploadCreditChunksFieldEvent> {
    return streamMessage(buf, UploadCredit.codec(), opts)
  }
}

export interface DeploymentPlan {
  nodes: PlannedNode[]
  streamRate: number
  depth: number
  lowerBoundMs: number
  hostUploadBps: number
  stripes: number
}

export namespace DeploymentPlan {
  let _codec: Codec<DeploymentPlan>

  export const codec = (): Codec<DeploymentPlan> => {
    if (_codec == null) {
      _codec = message<DeploymentPlan>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.nodes != null && obj.nodes.length > 0) {
          for (const value of obj.nodes) {
            w.uint32(10)
            PlannedNode.codec().encode(value, w)
          }
        }

        if ((obj.streamRate != null && obj.streamRate !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.streamRate)
        }

        if ((obj.depth != null && obj.depth !== 0)) {
          w.uint32(24)
          w.uint32(obj.depth)
        }

        if ((obj.lowerBoundMs != null && obj.lowerBoundMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.lowerBoundMs)
        }

        if ((obj.hostUploadBps != null && obj.hostUploadBps !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.hostUploadBps)
        }

        if ((obj.stripes != null && obj.stripes !== 0)) {
          w.uint32(48)
          w.uint32(obj.stripes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          nodes: [],
          streamRate: 0,
          depth: 0,
          lowerBoundMs: 0,
          hostUploadBps: 0,
          stripes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.nodes != null && obj.nodes.length === opts.limits.nodes) {
                throw new MaxLengthError('Decode error - repeated field "nodes" had too many elements')
              }

              if (obj.nodes.length === 200000) {
                throw new MaxLengthError('Decode error - repeated field "nodes" had too many elements')
              }

              obj.nodes.push(PlannedNode.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.nodes$
              }))
              break
            }
            case 2: {
              obj.streamRate = reader.uint64Number()
              break
            }
            case 3: {
              obj.depth = reader.uint32()
              break
            }
            case 4: {
              obj.lowerBoundMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.hostUploadBps = reader.uint64Number()
              break
            }
            case 6: {
              obj.stripes = reader.uint32()
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
          nodes: 200000
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.nodes != null && obj.nodes === opts.limits.nodes) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodes" had too many elements')
              }

              if (obj.nodes === 200000) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodes" had too many elements')
              }

              for (const evt of PlannedNode.codec().stream(reader, reader.uint32(), `${prefix}.nodes[]`, {
                limits: opts.limits?.nodes$
              })) {
                yield {
                  ...evt,
                  index: obj.nodes
                }
              }

              obj.nodes++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.streamRate`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.depth`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.lowerBoundMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.hostUploadBps`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.stripes`,
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

  export interface DeploymentPlanNodesPeerIdFieldEvent {
    field: '$.nodes[].peerId'
    value: string
    index: number
  }

  export interface DeploymentPlanNodesParentFieldEvent {
    field: '$.nodes[].parent'
    value: string
    index: number
  }

  export interface DeploymentPlanNodesUploadBpsFieldEvent {
    field: '$.nodes[].uploadBps'
    value: number
    index: number
  }

  export interface DeploymentPlanNodesDepthFieldEvent {
    field: '$.nodes[].depth'
    value: number
    index: number
  }

  export interface DeploymentPlanNodesRankFieldEvent {
    field: '$.nodes[].rank'
    value: number
    index: number
  }

  export interface DeploymentPlanNodesVersionFieldEvent {
    field: '$.nodes[].version'
    value: string
    index: number
  }

  export interface DeploymentPlanNodesStripeParentsFieldEvent {
    field: '$.nodes[].stripeParents[]'
    index: number
    value: string
  }

  export interface DeploymentPlanNodesStripeHelpersFieldEvent {
    field: '$.nodes[].stripeHelpers[]'
    index: number
    value: string
  }

  export interface DeploymentPlanStreamRateFieldEvent {
    field: '$.streamRate'
    value: number
  }

  export interface DeploymentPlanDepthFieldEvent {
    field: '$.depth'
    value: number
  }

  export interface DeploymentPlanLowerBoundMsFieldEvent {
    field: '$.lowerBoundMs'
    value: number
  }

  export interface DeploymentPlanHostUploadBpsFieldEvent {
    field: '$.hostUploadBps'
    value: number
  }

  export interface DeploymentPlanStripesFieldEvent {
    field: '$.stripes'
    value: number
  }

  export function encode (obj: Partial<DeploymentPlan>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentPlan.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentPlan>): DeploymentPlan {
    return decodeMessage(buf, DeploymentPlan.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentPlan>): Generator<DeploymentPlanNodesPeerIdFieldEvent | DeploymentPlanNodesParentFieldEvent | DeploymentPlanNodesUploadBpsFieldEvent | DeploymentPlanNodesDepthFieldEvent | DeploymentPlanNodesRankFieldEvent | DeploymentPlanNodesVersionFieldEvent | DeploymentPlanNodesStripeParentsFieldEvent | DeploymentPlanNodesStripeHelpersFieldEvent | DeploymentPlanStreamRateFieldEvent | DeploymentPlanDepthFieldEvent | DeploymentPlanLowerBoundMsFieldEvent | DeploymentPlanHostUploadBpsFieldEvent | DeploymentPlanStripesFieldEvent> {
    return streamMessage(buf, DeploymentPlan.codec(), opts)
  }
}

export interface PlannedNode {
  peerId: string
  parent: string
  uploadBps: number
  depth: number
  rank: number
  version: string
  stripeParents: string[]
  stripeHelpers: string[]
}

export namespace PlannedNode {
  let _codec: Codec<PlannedNode>

  export const codec = (): Codec<PlannedNode> => {
    if (_codec == null) {
      _codec = message<PlannedNode>((obj, w, opts = {}) => {
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

        if ((obj.uploadBps != null && obj.uploadBps !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.uploadBps)
        }

        if ((obj.depth != null && obj.depth !== 0)) {
          w.uint32(32)
          w.uint32(obj.depth)
        }

        if ((obj.rank != null && obj.rank !== 0)) {
          w.uint32(40)
          w.uint32(obj.rank)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(50)
          w.string(obj.version)
        }

        if (obj.stripeParents != null && obj.stripeParents.length > 0) {
          for (const value of obj.stripeParents) {
            w.uint32(58)
            w.string(value)
          }
        }

        if (obj.stripeHelpers != null && obj.stripeHelpers.length > 0) {
          for (const value of obj.stripeHelpers) {
            w.uint32(66)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          parent: '',
          uploadBps: 0,
          depth: 0,
          rank: 0,
          version: '',
          stripeParents: [],
          stripeHelpers: []
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
              obj.uploadBps = reader.uint64Number()
              break
            }
            case 4: {
              obj.depth = reader.uint32()
              break
            }
            case 5: {
              obj.rank = reader.uint32()
              break
            }
            case 6: {
              obj.version = reader.string()
              break
            }
            case 7: {
              if (opts.limits?.stripeParents != null && obj.stripeParents.length === opts.limits.stripeParents) {
                throw new MaxLengthError('Decode error - repeated field "stripeParents" had too many elements')
              }

              if (obj.stripeParents.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "stripeParents" had too many elements')
              }

              obj.stripeParents.push(reader.string())
              break
            }
            case 8: {
              if (opts.limits?.stripeHelpers != null && obj.stripeHelpers.length === opts.limits.stripeHelpers) {
                throw new MaxLengthError('Decode error - repeated field "stripeHelpers" had too many elements')
              }

              if (obj.stripeHelpers.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "stripeHelpers" had too many elements')
              }

              obj.stripeHelpers.push(reader.string())
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
          stripeParents: 16,
          stripeHelpers: 16
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
                field: `${prefix}.uploadBps`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.depth`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.rank`,
                value: reader.uint32()
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
            case 7: {
              if (opts.limits?.stripeParents != null && obj.stripeParents === opts.limits.stripeParents) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeParents" had too many elements')
              }

              if (obj.stripeParents === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeParents" had too many elements')
              }

              yield {
                field: `${prefix}.stripeParents[]`,
                index: obj.stripeParents,
                value: reader.string()
              }

              obj.stripeParents++

              break
            }
            case 8: {
              if (opts.limits?.stripeHelpers != null && obj.stripeHelpers === opts.limits.stripeHelpers) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeHelpers" had too many elements')
              }

              if (obj.stripeHelpers === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "stripeHelpers" had too many elements')
              }

              yield {
                field: `${prefix}.stripeHelpers[]`,
                index: obj.stripeHelpers,
                value: reader.string()
              }

              obj.stripeHelpers++

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

  export interface PlannedNodePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface PlannedNodeParentFieldEvent {
    field: '$.parent'
    value: string
  }

  export interface PlannedNodeUploadBpsFieldEvent {
    field: '$.uploadBps'
    value: number
  }

  export interface PlannedNodeDepthFieldEvent {
    field: '$.depth'
    value: number
  }

  export interface PlannedNodeRankFieldEvent {
    field: '$.rank'
    value: number
  }

  export interface PlannedNodeVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface PlannedNodeStripeParentsFieldEvent {
    field: '$.stripeParents[]'
    index: number
    value: string
  }

  export interface PlannedNodeStripeHelpersFieldEvent {
    field: '$.stripeHelpers[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<PlannedNode>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PlannedNode.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PlannedNode>): PlannedNode {
    return decodeMessage(buf, PlannedNode.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PlannedNode>): Generator<PlannedNodePeerIdFieldEvent | PlannedNodeParentFieldEvent | PlannedNodeUploadBpsFieldEvent | PlannedNodeDepthFieldEvent | PlannedNodeRankFieldEvent | PlannedNodeVersionFieldEvent | PlannedNodeStripeParentsFieldEvent | PlannedNodeStripeHelpersFieldEvent> {
    return streamMessage(buf, PlannedNode.codec(), opts)
  }
}

export interface NodeProgress {
  peerId: string
  state: string
  bytesReceived: number
  bytesSent: number
  reason: string
  version: string
  at: number
  parent: string
  bytesDuplicate: number
  site?: string
  refusedBySite?: boolean
  catchUp?: boolean
}

export namespace NodeProgress {
  let _codec: Codec<NodeProgress>

  export const codec = (): Codec<NodeProgress> => {
    if (_codec == null) {
      _codec = message<NodeProgress>((obj, w, opts = {}) => {
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

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.at)
        }

        if ((obj.parent != null && obj.parent !== '')) {
          w.uint32(66)
          w.string(obj.parent)
        }

        if ((obj.bytesDuplicate != null && obj.bytesDuplicate !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.bytesDuplicate)
        }

        if (obj.site != null) {
          w.uint32(82)
          w.string(obj.site)
        }

        if (obj.refusedBySite != null) {
          w.uint32(88)
          w.bool(obj.refusedBySite)
        }

        if (obj.catchUp != null) {
          w.uint32(96)
          w.bool(obj.catchUp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          state: '',
          bytesReceived: 0,
          bytesSent: 0,
          reason: '',
          version: '',
          at: 0,
          parent: '',
          bytesDuplicate: 0
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
            case 7: {
              obj.at = reader.uint64Number()
              break
            }
            case 8: {
              obj.parent = reader.string()
              break
            }
            case 9: {
              obj.bytesDuplicate = reader.uint64Number()
              break
            }
            case 10: {
              obj.site = reader.string()
              break
            }
            case 11: {
              obj.refusedBySite = reader.bool()
              break
            }
            case 12: {
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
            case 7: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.parent`,
                value: reader.string()
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
              yield {
                field: `${prefix}.site`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.refusedBySite`,
                value: reader.bool()
              }
              break
            }
            case 12: {
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

  export interface NodeProgressPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface NodeProgressStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface NodeProgressBytesReceivedFieldEvent {
    field: '$.bytesReceived'
    value: number
  }

  export interface NodeProgressBytesSentFieldEvent {
    field: '$.bytesSent'
    value: number
  }

  export interface NodeProgressReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface NodeProgressVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface NodeProgressAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface NodeProgressParentFieldEvent {
    field: '$.parent'
    value: string
  }

  export interface NodeProgressBytesDuplicateFieldEvent {
    field: '$.bytesDuplicate'
    value: number
  }

  export interface NodeProgressSiteFieldEvent {
    field: '$.site'
    value: string
  }

  export interface NodeProgressRefusedBySiteFieldEvent {
    field: '$.refusedBySite'
    value: boolean
  }

  export interface NodeProgressCatchUpFieldEvent {
    field: '$.catchUp'
    value: boolean
  }

  export function encode (obj: Partial<NodeProgress>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NodeProgress.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeProgress>): NodeProgress {
    return decodeMessage(buf, NodeProgress.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeProgress>): Generator<NodeProgressPeerIdFieldEvent | NodeProgressStateFieldEvent | NodeProgressBytesReceivedFieldEvent | NodeProgressBytesSentFieldEvent | NodeProgressReasonFieldEvent | NodeProgressVersionFieldEvent | NodeProgressAtFieldEvent | NodeProgressParentFieldEvent | NodeProgressBytesDuplicateFieldEvent | NodeProgressSiteFieldEvent | NodeProgressRefusedBySiteFieldEvent | NodeProgressCatchUpFieldEvent> {
    return streamMessage(buf, NodeProgress.codec(), opts)
  }
}

export interface DeploymentSummary {
  deploymentId: string
  version: string
  success: boolean
  hostBytesSent: number
  packageSize: number
  nodes: NodeProgress[]
  startedAt: number
  finishedAt: number
  lowerBoundMs: number
  hostChildren: number
  reason: string
}

export namespace DeploymentSummary {
  let _codec: Codec<DeploymentSummary>

  export const codec = (): Codec<DeploymentSummary> => {
    if (_codec == null) {
      _codec = message<DeploymentSummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deploymentId != null && obj.deploymentId !== '')) {
          w.uint32(10)
          w.string(obj.deploymentId)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(18)
          w.string(obj.version)
        }

        if ((obj.success != null && obj.success !== false)) {
          w.uint32(24)
          w.bool(obj.success)
        }

        if ((obj.hostBytesSent != null && obj.hostBytesSent !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.hostBytesSent)
        }

        if ((obj.packageSize != null && obj.packageSize !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.packageSize)
        }

        if (obj.nodes != null && obj.nodes.length > 0) {
          for (const value of obj.nodes) {
            w.uint32(50)
            NodeProgress.codec().encode(value, w)
          }
        }

        if ((obj.startedAt != null && obj.startedAt !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.startedAt)
        }

        if ((obj.finishedAt != null && obj.finishedAt !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.finishedAt)
        }

        if ((obj.lowerBoundMs != null && obj.lowerBoundMs !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.lowerBoundMs)
        }

        if ((obj.hostChildren != null && obj.hostChildren !== 0)) {
          w.uint32(80)
          w.uint32(obj.hostChildren)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(90)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deploymentId: '',
          version: '',
          success: false,
          hostBytesSent: 0,
          packageSize: 0,
          nodes: [],
          startedAt: 0,
          finishedAt: 0,
          lowerBoundMs: 0,
          hostChildren: 0,
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
              obj.version = reader.string()
              break
            }
            case 3: {
              obj.success = reader.bool()
              break
            }
            case 4: {
              obj.hostBytesSent = reader.uint64Number()
              break
            }
            case 5: {
              obj.packageSize = reader.uint64Number()
              break
            }
            case 6: {
              if (opts.limits?.nodes != null && obj.nodes.length === opts.limits.nodes) {
                throw new MaxLengthError('Decode error - repeated field "nodes" had too many elements')
              }

              if (obj.nodes.length === 200000) {
                throw new MaxLengthError('Decode error - repeated field "nodes" had too many elements')
              }

              obj.nodes.push(NodeProgress.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.nodes$
              }))
              break
            }
            case 7: {
              obj.startedAt = reader.uint64Number()
              break
            }
            case 8: {
              obj.finishedAt = reader.uint64Number()
              break
            }
            case 9: {
              obj.lowerBoundMs = reader.uint64Number()
              break
            }
            case 10: {
              obj.hostChildren = reader.uint32()
              break
            }
            case 11: {
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
        const obj = {
          nodes: 200000
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
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.success`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.hostBytesSent`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.packageSize`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              if (opts.limits?.nodes != null && obj.nodes === opts.limits.nodes) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodes" had too many elements')
              }

              if (obj.nodes === 200000) {
                throw new MaxLengthError('Streaming decode error - repeated field "nodes" had too many elements')
              }

              for (const evt of NodeProgress.codec().stream(reader, reader.uint32(), `${prefix}.nodes[]`, {
                limits: opts.limits?.nodes$
              })) {
                yield {
                  ...evt,
                  index: obj.nodes
                }
              }

              obj.nodes++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.startedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.finishedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.lowerBoundMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.hostChildren`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
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

  export interface DeploymentSummaryDeploymentIdFieldEvent {
    field: '$.deploymentId'
    value: string
  }

  export interface DeploymentSummaryVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface DeploymentSummarySuccessFieldEvent {
    field: '$.success'
    value: boolean
  }

  export interface DeploymentSummaryHostBytesSentFieldEvent {
    field: '$.hostBytesSent'
    value: number
  }

  export interface DeploymentSummaryPackageSizeFieldEvent {
    field: '$.packageSize'
    value: number
  }

  export interface DeploymentSummaryNodesPeerIdFieldEvent {
    field: '$.nodes[].peerId'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesStateFieldEvent {
    field: '$.nodes[].state'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesBytesReceivedFieldEvent {
    field: '$.nodes[].bytesReceived'
    value: number
    index: number
  }

  export interface DeploymentSummaryNodesBytesSentFieldEvent {
    field: '$.nodes[].bytesSent'
    value: number
    index: number
  }

  export interface DeploymentSummaryNodesReasonFieldEvent {
    field: '$.nodes[].reason'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesVersionFieldEvent {
    field: '$.nodes[].version'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesAtFieldEvent {
    field: '$.nodes[].at'
    value: number
    index: number
  }

  export interface DeploymentSummaryNodesParentFieldEvent {
    field: '$.nodes[].parent'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesBytesDuplicateFieldEvent {
    field: '$.nodes[].bytesDuplicate'
    value: number
    index: number
  }

  export interface DeploymentSummaryNodesSiteFieldEvent {
    field: '$.nodes[].site'
    value: string
    index: number
  }

  export interface DeploymentSummaryNodesRefusedBySiteFieldEvent {
    field: '$.nodes[].refusedBySite'
    value: boolean
    index: number
  }

  export interface DeploymentSummaryNodesCatchUpFieldEvent {
    field: '$.nodes[].catchUp'
    value: boolean
    index: number
  }

  export interface DeploymentSummaryStartedAtFieldEvent {
    field: '$.startedAt'
    value: number
  }

  export interface DeploymentSummaryFinishedAtFieldEvent {
    field: '$.finishedAt'
    value: number
  }

  export interface DeploymentSummaryLowerBoundMsFieldEvent {
    field: '$.lowerBoundMs'
    value: number
  }

  export interface DeploymentSummaryHostChildrenFieldEvent {
    field: '$.hostChildren'
    value: number
  }

  export interface DeploymentSummaryReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<DeploymentSummary>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeploymentSummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentSummary>): DeploymentSummary {
    return decodeMessage(buf, DeploymentSummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeploymentSummary>): Generator<DeploymentSummaryDeploymentIdFieldEvent | DeploymentSummaryVersionFieldEvent | DeploymentSummarySuccessFieldEvent | DeploymentSummaryHostBytesSentFieldEvent | DeploymentSummaryPackageSizeFieldEvent | DeploymentSummaryNodesPeerIdFieldEvent | DeploymentSummaryNodesStateFieldEvent | DeploymentSummaryNodesBytesReceivedFieldEvent | DeploymentSummaryNodesBytesSentFieldEvent | DeploymentSummaryNodesReasonFieldEvent | DeploymentSummaryNodesVersionFieldEvent | DeploymentSummaryNodesAtFieldEvent | DeploymentSummaryNodesParentFieldEvent | DeploymentSummaryNodesBytesDuplicateFieldEvent | DeploymentSummaryNodesSiteFieldEvent | DeploymentSummaryNodesRefusedBySiteFieldEvent | DeploymentSummaryNodesCatchUpFieldEvent | DeploymentSummaryStartedAtFieldEvent | DeploymentSummaryFinishedAtFieldEvent | DeploymentSummaryLowerBoundMsFieldEvent | DeploymentSummaryHostChildrenFieldEvent | DeploymentSummaryReasonFieldEvent> {
    return streamMessage(buf, DeploymentSummary.codec(), opts)
  }
}
