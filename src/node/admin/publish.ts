import { open } from 'node:fs/promises'
import { parseHostAddress } from '../host-address.js'
import { boundedPbStream } from '../control-channel.js'
import { CreditSender } from '../flow/credit-sender.js'
import { hasBit } from '../package/bitmap.js'
import { loadKey } from '../identity.js'
import { defaultPackageName, encodeSignedManifest } from '../package/index.js'
import { prepareRelease, readReleaseFile } from './release.js'
import { withEphemeralPeer } from './ephemeral-peer.js'
import { OneShot } from '../one-shot.js'
import { MAX_PUBLISH_EVENT_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk } from '../../protocols/publish/index.js'
import type { DeploymentPlan, DeploymentSummary, NodeProgress, PublishDecision } from '../../protocols/publish/index.js'
import type { EventEmitter } from 'node:events'

export class PublishRefusedError extends Error {
  static override readonly name = 'PublishRefusedError'
  override readonly name = 'PublishRefusedError'
}

export class PublishInterruptedError extends Error {
  static override readonly name = 'PublishInterruptedError'
  override readonly name = 'PublishInterruptedError'
}

export type PublishProgressEvent =
  | { type: 'granted', decision: PublishDecision }
  | { type: 'upload', bytes: number, total: number }
  | { type: 'plan', plan: DeploymentPlan }
  | { type: 'progress', progress: NodeProgress }
  | { type: 'summary', summary: DeploymentSummary }

export interface PublishOptions {
  /** the host's multiaddr, ending in /p2p/<host peer id> */
  host: string
  /** the admin key file (from `cascade keygen`): signs the manifest and is the peer's identity */
  keyFile: string
  packagePath: string
  /** `--release FILE`: a release prepared offline (and signed by the publishers: src/node/admin/release.ts); then version, name, chunkSize and rollback come from it */
  release?: string
  version: string
  /** defaults to the package's file name up to the first dot */
  name?: string
  chunkSize?: number
  maxFanout?: number
  rollback?: boolean
  /** a selector (node/host/selector.ts): only matching online members are targeted; all when absent */
  target?: string
  /** the channel this update is published on, for channel rules (node/host/rules.ts) */
  channel?: string
  /** phased rollout: cumulative fractions of the targets, e.g. [0.1, 0.5, 1] */
  waves?: number[]
  /** stop when a wave's failed fraction passes this */
  maxFailures?: number
  /** 'tree' (default), or a baseline to compare with: 'star', 'binary-saf' */
  strategy?: string
  /** with the tree: stripes (1 = a single tree); the planner chooses when absent */
  stripes?: number
  signal?: AbortSignal
}

export interface PublishSessionEvents {
  /** first the host's decision; then the upload's progress, the plan and each node's progress as they come; last the summary */
  event: [event: PublishProgressEvent]
}

/** One publish: subscribe to its events, then `run()` it (once). */
export interface PublishSession extends EventEmitter<PublishSessionEvents> {
  /**
   * Signs the manifest, asks the host to send it, uploads it within the
   * host's credit, and follows the plan, progress and summary. Resolves with
   * the summary; rejects with PublishRefusedError when the host refuses.
   */
  run(): Promise<DeploymentSummary>
}

/** A publish of a package that emits what the host tells about it as it goes. */
export function createPublish (options: PublishOptions): PublishSession {
  return new Publish(options)
}

/** Publishes a package and resolves with the summary, without following its events. */
export async function publish (options: PublishOptions): Promise<DeploymentSummary> {
  return createPublish(options).run()
}

class Publish extends OneShot<PublishSessionEvents, PublishOptions, DeploymentSummary> implements PublishSession {
  protected async execute (): Promise<DeploymentSummary> {
    const options = this.init
    const { addr } = parseHostAddress(options.host)
    const key = await loadKey(options.keyFile)
    const name = options.name ?? defaultPackageName(options.packagePath)
    // a 1-of-1 fleet publishes in one step: the admin key signs the manifest and its release
    const manifest = options.release != null
      ? await readReleaseFile(options.release)
      : await prepareRelease(key, { packagePath: options.packagePath, name, version: options.version, chunkSize: options.chunkSize, rollback: options.rollback })
    const emit = (event: PublishProgressEvent): void => { this.emit('event', event) }

    return withEphemeralPeer(options.keyFile, async (libp2p) => {
      const stream = await libp2p.dialProtocol(addr, PUBLISH_PROTOCOL, { signal: options.signal })
      const pb = boundedPbStream(stream, MAX_PUBLISH_EVENT_BYTES)
      await pb.write({
        signedManifest: encodeSignedManifest(manifest) as Uint8Array<ArrayBuffer>,
        maxFanout: options.maxFanout ?? 0,
        target: options.target ?? '',
        channel: options.channel ?? '',
        waves: options.waves ?? [],
        maxFailures: options.maxFailures ?? 0,
        strategy: options.strategy ?? '',
        stripes: options.stripes ?? 0
      }, PublishRequest)
      const first = await pb.read(PublishEvent, { signal: options.signal })
      if (first.decision == null || !first.decision.granted) {
        throw new PublishRefusedError(first.decision?.reason ?? 'the host closed the stream')
      }
      emit({ type: 'granted', decision: first.decision })
      // the host seeds as the upload arrives: its plan may come before the first chunk is out
      emit({ type: 'upload', bytes: 0, total: manifest.fields.size })
      let summary: DeploymentSummary | undefined
      let readerError: Error | undefined
      const sender = new CreditSender({
        credit: first.credit?.chunks ?? 0,
        readReplies: async (grant) => {
          try {
            while (summary == null) {
              const event = await pb.read(PublishEvent, { signal: options.signal })
              if (event.credit != null) {
                grant(event.credit.chunks)
              }
              if (event.plan != null) {
                emit({ type: 'plan', plan: event.plan })
              }
              if (event.progress != null) {
                emit({ type: 'progress', progress: event.progress })
              }
              if (event.summary != null) {
                summary = event.summary
                emit({ type: 'summary', summary })
              }
            }
          } catch (err: any) {
            readerError = err
          }
        }
      })

      const file = await open(options.packagePath)
      try {
        const { chunkSize, size } = manifest.fields
        const have = first.decision.have
        const indices = Array.from({ length: manifest.chunkCount }, (_, index) => index).filter(index => !hasBit(have, index))
        let sent = 0
        await sender.send(indices, {
          endedEarly: () => new PublishInterruptedError(`the host stopped the upload: ${readerError?.message ?? 'stream closed'}`),
          sendChunk: async (index) => {
            const length = Math.min(chunkSize, size - index * chunkSize)
            const data = new Uint8Array(length)
            await file.read(data, 0, length, index * chunkSize)
            await pb.write({ index, data }, UploadChunk, { signal: options.signal })
            sent += length
            emit({ type: 'upload', bytes: sent, total: size })
          }
        })
      } finally {
        await file.close()
      }
      await sender.replies
      await stream.close().catch(() => {})
      if (summary == null) {
        throw new PublishInterruptedError(`lost the host before the deployment finished: ${readerError?.message ?? 'stream closed'}`)
      }
      return summary
    })
  }
}
