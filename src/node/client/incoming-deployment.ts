import { EventEmitter, once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { ChunkStore, ChunkVerificationError, MANIFEST_FILE, decodeSignedManifest } from '../package/index.js'
import { ChildUnreachableError, createPush } from '../relay/push-sender.js'
import { retryEarlyRefusals } from '../relay/early-retry.js'
import { resetLinks } from '../relay/reset-links.js'
import { pushFrameDecoder } from '../relay/chunk-frame.js'
import { splitAddressees, validateAddressees } from '../relay/addressees.js'
import { IncomingPushes } from './incoming-pushes.js'
import { OfferStripes } from './offer-stripes.js'
import { PushReplies } from './push-replies.js'
import type { Carries, PushConnection } from './incoming-pushes.js'
import { PushAllowance, PushOverrunError, notAChunk } from './push-allowance.js'
import { receiveWithinCredit } from '../flow/credit-receiver.js'
import { flipFirstByte, relayFaults } from './test-faults.js'
import type { TestFaults } from './test-faults.js'
import { NodeState, ReceiveState, canMoveReceive } from '../../state/index.js'
import { PushReply, creditWindow, shareRate } from '../../protocols/push/index.js'
import type { VerifiedManifest } from '../package/index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { UploadLimiter } from '../upload-limiter.js'
import type { PushOffer } from '../../protocols/push/index.js'
import type { StateReport } from '../../protocols/join/index.js'
import type { ProtobufStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'

const log = logger('cascade:node:incoming')

export class OfferRefusedError extends Error {
  static override readonly name = 'OfferRefusedError'
  override readonly name = 'OfferRefusedError'
}

/**
 * What a deployment asks of the device it runs on: queries, answered by the
 * node (src/node/client/client.ts) from its installed version and its
 * install policy.
 */
export interface ReceivePolicy {
  /** returns why this manifest must not be installed here, or undefined */
  refuseManifest(manifest: VerifiedManifest): Promise<string | undefined>
  /** resolves when relaying is allowed (relay window, idle CPU; docs/install-policy.md) */
  waitUntilRelayAllowed?(signal: AbortSignal): Promise<void>
}

/** What happens to a deployment here, for the node to tell the host. */
export interface IncomingDeploymentEvents {
  /** our state and counters, for the host */
  report: [Omit<StateReport, 'deploymentId'>]
  /** a chunk from `relay` failed verification, or was more than the manifest allows (./push-allowance.ts): never stored, never forwarded */
  'bad-chunk': [{ relay: string, index: number, reason: string }]
  /**
   * the parents of some chunks went away before we had them: the host should
   * find another source (`stripe` = only that stripe's chunks are orphaned)
   */
  'need-parent': [{ lost: string, missing: number, stripe?: number }]
  /** we could not open a connection to a child of ours (docs/internet.md) */
  unreachable: [{ child: string, stripe?: number, reason: string }]
  /** the whole package is here and hashes to the manifest */
  verified: [IncomingDeployment]
  /** the received package failed its whole-package check: `missing` chunks must be sent again */
  resend: [{ reason: string, missing: number }]
}

export interface IncomingDeploymentInit {
  deploymentId: string
  /** from the host's notice: the offer must carry exactly this manifest */
  manifestId: string
  self: string
  /** where chunk stores live: one folder per deployment */
  incomingDir: string
  libp2p: CascadeLibp2p
  limiter: UploadLimiter
  policy: ReceivePolicy
  faults?: TestFaults
}

/** The state a report carries: announced is planned; failed is still receiving to the host (a resend follows). */
const REPORTED: Readonly<Record<ReceiveState, NodeState>> = {
  announced: NodeState.planned,
  receiving: NodeState.receiving,
  verified: NodeState.verified,
  failed: NodeState.receiving
}

/** A chunk failed verification; it was reported and the push refused. */
class BadChunkError extends Error {
  static override readonly name = 'BadChunkError'
  override readonly name = 'BadChunkError'
}

/**
 * One deployment as a node sees it: offers from parents (the first relay, or
 * the host resending), the chunk store on disk, and the relays to our share
 * of the addressee list, which start as soon as the offer is accepted and
 * forward each chunk as soon as it is verified (cut-through).
 */
export class IncomingDeployment extends EventEmitter<IncomingDeploymentEvents> {
  readonly id: string
  readonly manifestId: string
  manifest?: VerifiedManifest
  store?: ChunkStore
  #state: ReceiveState = ReceiveState.announced
  bytesReceived = 0
  bytesSent = 0
  bytesDuplicate = 0
  private readonly init: IncomingDeploymentInit
  private readonly relays = new Map<string, Promise<void>>()
  /** every offer we accepted: our share of the addressee list is the union of theirs */
  private readonly offers: PushOffer[] = []
  private readonly controller = new AbortController()
  /** aborts our relays only (the host told us to stop relaying), not our receiving */
  private readonly relayController = new AbortController()
  /** pushes to us that are running now, by what they carry: 'all' or a stripe index */
  private readonly incoming = new IncomingPushes()
  /** the offers' stripes: their count (1 = not striped) is fixed by the first striped offer */
  private readonly stripes = new OfferStripes()
  /** stripes we asked the host to re-source: covered until a push for them arrives */
  private readonly requested = new Set<number | 'all'>()
  /** relays started on the current store; replaced when the store is re-opened */
  private relayGeneration = new AbortController()
  private opening?: Promise<ChunkStore>
  private finishing?: Promise<void>
  private corruptedOnce = false
  /** we only serve this package to others (a catch-up); it is not ours to install */
  private relayOnly = false

  constructor (init: IncomingDeploymentInit) {
    super()
    this.init = init
    this.id = init.deploymentId
    this.manifestId = init.manifestId
  }

  get state (): ReceiveState {
    return this.#state
  }

  /** Moves the local state, only along the moves src/state/receive-state.ts allows. */
  #moveTo (to: ReceiveState): boolean {
    if (!canMoveReceive(this.#state, to)) {
      log('%s: stays %s (no move to %s)', this.id, this.#state, to)
      return false
    }
    this.#state = to
    return true
  }

  get complete (): boolean {
    return this.store?.complete === true
  }

  /** relays to children still running: progress is worth reporting while there are */
  get relaying (): boolean {
    return this.relays.size > 0
  }

  /** Serves one push stream from a parent until we hold every chunk or it ends. */
  async receive (stream: Stream, pb: ProtobufStream<Stream>, offer: PushOffer, from: string, connection?: PushConnection): Promise<void> {
    let store: ChunkStore
    try {
      store = await this.acceptOffer(offer)
    } catch (err: any) {
      log('refused an offer for %s from %s: %e', this.id, from, err)
      await pb.write({ refusal: { reason: err.message } }, PushReply).catch(() => {})
      stream.abort(err)
      return
    }
    this.startRelays(offer)
    const have = store.bitmap() as Uint8Array<ArrayBuffer>
    // what this push may send: the chunks `have` lacks, each once (./push-allowance.ts)
    const allowance = new PushAllowance(store.chunkCount, have, offer.share ?? offer.stripe)
    await pb.write({ accept: { have }, credit: { chunks: creditWindow(offer.rate, store.manifest.fields.chunkSize) } }, PushReply)
    if (this.#state === ReceiveState.announced && this.#moveTo(ReceiveState.receiving)) {
      this.sendReport()
    }
    const carries = offer.stripe?.index ?? 'all'
    const replies = new PushReplies(pb, allowance)
    this.incoming.add(carries, stream, offer.descending === true, connection, index => { replies.skip(index) }, offer.share)
    // a push of everything answers every request; a stripe's push, its own
    if (carries === 'all') this.requested.clear()
    else this.requested.delete(carries)
    // the stripe's chunks (or its share's) are scanned once, in order: the push ends when all are here
    const step = (offer.share ?? offer.stripe)?.count ?? 1
    let cursor = (offer.share ?? offer.stripe)?.index ?? 0
    const done = (): boolean => {
      while (cursor < store.chunkCount && store.has(cursor)) cursor += step
      return cursor >= store.chunkCount
    }
    try {
      await receiveWithinCredit({
        done,
        next: async () => (await pb.read(pushFrameDecoder, { signal: this.controller.signal })).chunk ?? Promise.reject(notAChunk()),
        store: async ({ index, data }) => {
          try {
            allowance.take(index)
            if (await store.put(index, data) === 'stored') this.bytesReceived += data.byteLength
            else this.bytesDuplicate += data.byteLength
          } catch (err: any) {
            const overrun = err instanceof PushOverrunError
            if (overrun || err instanceof ChunkVerificationError || err.name === 'ChunkIndexError') {
              // caught at the first hop that sees it: never stored, never forwarded
              const reason = overrun ? `more than the manifest allows: ${err.message}` : `chunk ${index} failed verification`
              log('refused the push of %s from %s: %s: %e', this.id, from, reason, err)
              this.emit('bad-chunk', { relay: from, index, reason: overrun ? reason : err.message })
              await pb.write({ refusal: { reason } }, PushReply).catch(() => {})
              stream.abort(err)
              throw new BadChunkError(err.message)
            }
            throw err
          }
        },
        grant: async (chunks) => { await replies.credit(chunks) }
      })
      await stream.close().catch(() => {})
    } catch (err: any) {
      if (err instanceof BadChunkError) {
        // refused and aborted where it was found
      } else if (err.name === 'UnexpectedEOFError') {
        // the parent closed its end before we had everything: close ours
        await stream.close().catch(() => {})
      } else {
        log('push of %s from %s ended: %e', this.id, from, err)
        stream.abort(err)
      }
    } finally {
      this.incoming.remove(carries, stream)
      // the parent died, the link flapped, or it stopped: the chunks we hold stay, ask for the rest
      if (this.store != null && !this.store.complete && !this.controller.signal.aborted) {
        this.askForOrphans(from, this.store, carries)
      }
    }
  }

  /**
   * A push ended: asks the host to re-source what it carried (its stripe;
   * every stripe for the whole package) that is missing with no push
   * bringing it, for a split child the other side's share included (its
   * sender may not reach us). Not another stripe: its parent's push may only
   * be starting late (docs/striping.md).
   */
  private askForOrphans (lost: string, store: ChunkStore, carried: Carries): void {
    const active = (carries: Carries): boolean => this.incoming.count(carries) > 0 || this.requested.has(carries)
    if (active('all')) return
    const missing = store.missing()
    if (this.stripes.count === 1) {
      log('%s: lost our parent %s with %d chunks missing', this.id, lost, missing.length)
      this.requested.add('all')
      this.emit('need-parent', { lost, missing: missing.length })
      return
    }
    const stripes = carried === 'all' ? Array.from({ length: this.stripes.count }, (_, stripe) => stripe) : [carried]
    for (const stripe of stripes) {
      // a split stripe-child's other side may still run: only what no running push brings is orphaned
      const orphans = missing.filter(index => index % this.stripes.count === stripe && !this.incoming.covers(stripe, index)).length
      if (orphans > 0 && !this.requested.has(stripe)) {
        log('%s: lost our parent %s in stripe %d with %d chunks missing', this.id, lost, stripe, orphans)
        this.requested.add(stripe)
        this.emit('need-parent', { lost, missing: orphans, stripe })
      }
    }
  }

  /** The host caught us relaying bad data or too slowly: stop our pushes and reset their links (src/node/relay/reset-links.ts), keep receiving. */
  stopRelaying (): void {
    const children = new Set([...this.relays.keys()].map(key => key.split('#')[0]))
    this.relayController.abort()
    resetLinks(this.init.libp2p, children, `the host stopped our relaying of ${this.id}`)
  }

  private async acceptOffer (offer: PushOffer): Promise<ChunkStore> {
    if (this.#state === ReceiveState.failed) {
      throw new OfferRefusedError('this deployment failed here')
    }
    if (this.manifest == null) {
      const manifest = await decodeSignedManifest(offer.signedManifest)
      if (manifest.id !== this.manifestId) {
        throw new OfferRefusedError('the manifest is not the one the host announced')
      }
      const refusal = await this.init.policy.refuseManifest(manifest)
      if (refusal != null) {
        throw new OfferRefusedError(refusal)
      }
      this.manifest = manifest
    } else if ((await decodeSignedManifest(offer.signedManifest)).id !== this.manifestId) {
      throw new OfferRefusedError('the manifest is not the one the host announced')
    }
    validateAddressees(offer.subtree, this.init.self, offer.stripe)
    this.stripes.check(offer.stripe, offer.share)
    this.opening ??= this.openStore(this.manifest)
    return this.opening
  }

  private async openStore (manifest: VerifiedManifest): Promise<ChunkStore> {
    const store = await ChunkStore.open(join(this.init.incomingDir, this.id), manifest)
    this.store = store
    this.bytesReceived = store.bytesStored
    const onComplete = (): void => {
      this.finishing ??= this.finish().finally(() => { this.finishing = undefined })
    }
    store.on('complete', onComplete)
    // every other push that could carry the chunk passes it over (./incoming-pushes.ts)
    store.on('chunk', index => { this.incoming.arrived(index, this.stripes.count) })
    if (store.complete) {
      onComplete()
    }
    return store
  }

  /**
   * The host asks us to relay to `targets`: a package we hold on disk, to a late node (a catch-up,
   * docs/update-flow.md), or one stripe (`share`) as it arrives, to a slow relay's children; with
   * `share.descending`, what a node still receiving lacks, last chunk first (an endgame).
   */
  async relayFromDisk (targets: PushOffer['subtree'], share: Pick<PushOffer, 'stripe' | 'rate' | 'descending'> = {}): Promise<void> {
    if (this.manifest == null) {
      const bytes = await readFile(join(this.init.incomingDir, this.id, MANIFEST_FILE))
      const manifest = await decodeSignedManifest(bytes)
      if (manifest.id !== this.manifestId) {
        throw new OfferRefusedError('the package on disk is not the one the host names')
      }
      this.relayOnly = true
      this.manifest = manifest
    }
    validateAddressees(targets, this.init.self, share.stripe)
    this.stripes.check(share.stripe)
    this.opening ??= this.openStore(this.manifest)
    await this.opening
    this.startRelays({ deploymentId: this.id, signedManifest: await readFile(join(this.init.incomingDir, this.id, MANIFEST_FILE)), subtree: targets, storeAndForward: false, ...share })
  }

  /** The whole-package check; a failure clears the bad chunks so the host can resend them. */
  private async finish (): Promise<void> {
    const store = this.store
    if (store == null || this.#state === ReceiveState.verified || this.relayOnly) {
      return
    }
    if (this.init.faults?.corruptStoredChunk === true && !this.corruptedOnce) {
      this.corruptedOnce = true
      await flipFirstByte(store.packagePath)
    }
    if (await store.verifyWhole()) {
      if (this.#moveTo(ReceiveState.verified)) {
        this.sendReport()
        this.emit('verified', this)
      }
      return
    }
    this.#moveTo(ReceiveState.failed)
    // re-opening re-verifies every chunk on disk and clears the bad ones
    log.error('%s: the whole package does not hash to the manifest; asking for a resend', this.id)
    const manifest = store.manifest
    await store.close()
    this.store = undefined
    this.opening = this.openStore(manifest)
    const reopened = await this.opening
    // relays read from the closed store (or still wait for their window): restart them on the re-opened one
    this.relayGeneration.abort()
    this.relayGeneration = new AbortController()
    this.relays.clear()
    for (const offer of this.offers) {
      this.startRelays(offer)
    }
    this.#moveTo(ReceiveState.receiving)
    const missing = reopened.missing().length
    this.emit('resend', { reason: `received package failed verification; ${missing} chunks to resend`, missing })
  }

  /** Relays to our direct children, each with its share of the addressee list (src/node/relay/addressees.ts). */
  private startRelays (offer: PushOffer): void {
    const store = this.store
    if (!this.offers.includes(offer)) {
      this.offers.push(offer)
    }
    if (store == null) {
      return
    }
    for (const share of splitAddressees(offer.subtree)) {
      // one child may be ours in several stripes: one push per stripe (and per share of a split stripe-child's)
      const part = share.target.share == null ? '' : `/${share.target.share.index}:${share.target.share.count}`
      const key = offer.stripe == null ? share.target.peerId : `${share.target.peerId}#${offer.stripe.index}${part}`
      if (this.relays.has(key) || this.relayController.signal.aborted) {
        continue
      }
      const relaySignal = AbortSignal.any([this.controller.signal, this.relayController.signal, this.relayGeneration.signal])
      const relays = this.relays
      const allowed = Promise.all([
        this.init.policy.waitUntilRelayAllowed?.(relaySignal),
        // store-and-forward (a baseline to compare against): only the whole package, once it passed the whole-package check
        offer.storeAndForward && this.#state !== ReceiveState.verified ? once(this, 'verified', { signal: relaySignal }) : undefined
      ])
      const relay = allowed.then(async () => retryEarlyRefusals(() => createPush({
        libp2p: this.init.libp2p,
        target: share.target,
        deploymentId: this.id,
        signedManifest: offer.signedManifest,
        subtree: share.subtree,
        storeAndForward: offer.storeAndForward,
        stripe: offer.stripe,
        share: share.target.share,
        rate: shareRate(offer.rate, offer.stripe, share.target.share),
        descending: offer.descending === true,
        ownConnection: true,
        store,
        limiter: this.init.limiter,
        signal: relaySignal,
        faults: relayFaults(this.init.faults)
      }).on('bytes', (bytes) => { this.bytesSent += bytes }), relaySignal, share.target.peerId)).then(
        () => {
          log('relayed %s to %s', this.id, key)
          if (relays.get(key) === relay) relays.delete(key)
        },
        (err: Error) => {
          log.error('relaying %s to %s failed: %e', this.id, key, err)
          // the host plans that pair no more, and serves the child itself
          if (err instanceof ChildUnreachableError) this.emit('unreachable', { child: share.target.peerId, stripe: offer.stripe?.index, reason: err.message })
          // let a later offer (after the host re-planned) try again
          if (relays.get(key) === relay) relays.delete(key)
        }
      ).finally(() => {
        // the host's record of what we relayed is final only after this
        this.sendReport()
      })
      this.relays.set(key, relay)
    }
  }

  /** Emits a report: our receive state (or `state`), with our counters. */
  sendReport (state?: NodeState, reason = ''): void {
    this.emit('report', {
      state: state ?? REPORTED[this.#state],
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
      reason,
      version: '',
      relaysActive: this.relays.size,
      bytesDuplicate: this.bytesDuplicate,
      stripeChunks: this.store?.countsPerStripe(this.stripes.count) ?? []
    })
  }

  async close (): Promise<void> {
    this.controller.abort()
    this.relayController.abort()
    await Promise.allSettled(this.relays.values())
    await this.store?.close()
  }
}
