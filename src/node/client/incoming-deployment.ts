import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { ChunkStore, ChunkVerificationError, MANIFEST_FILE, decodeSignedManifest } from '../package/index.js'
import { pushPackage } from '../relay/push-sender.js'
import { splitAddressees, validateAddressees } from '../relay/addressees.js'
import { PUSH_WINDOW_CHUNKS, PushFrame, PushReply } from '../../protocols/push/index.js'
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

/** Faults a test can switch on in a real node process (never in production use). */
export interface TestFaults {
  /** relay: flip a byte of this chunk index in everything we forward */
  corruptRelayChunk?: number
  /** after receiving everything, flip a byte on disk before the whole-package check (once) */
  corruptStoredChunk?: boolean
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
  /** returns why this manifest must not be installed here, or undefined */
  refuseManifest(manifest: VerifiedManifest): Promise<string | undefined>
  report(report: Omit<StateReport, 'deploymentId'>): void
  reportBadChunk(relay: string, index: number, reason: string): void
  /** every parent went away before we had everything: ask the host for another source */
  needParent(lost: string, missing: number): void
  /** resolves when relaying is allowed (relay window, idle CPU; seed 004) */
  waitUntilRelayAllowed?(signal: AbortSignal): Promise<void>
  /** the whole package is here and hashes to the manifest */
  onVerified(deployment: IncomingDeployment): void
  faults?: TestFaults
}

type State = 'announced' | 'receiving' | 'verified' | 'failed'

/**
 * One deployment as a node sees it: offers from parents (the first relay, or
 * the host resending), the chunk store on disk, and the relays to our share
 * of the addressee list, which start as soon as the offer is accepted and
 * forward each chunk as soon as it is verified (cut-through).
 */
export class IncomingDeployment {
  readonly id: string
  readonly manifestId: string
  manifest?: VerifiedManifest
  store?: ChunkStore
  state: State = 'announced'
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
  /** pushes to us that are running now */
  private incoming = 0
  /** relays started on the current store; replaced when the store is re-opened */
  private relayGeneration = new AbortController()
  private opening?: Promise<ChunkStore>
  private finishing?: Promise<void>
  private corruptedOnce = false
  /** we only serve this package to others (a catch-up); it is not ours to install */
  private relayOnly = false

  constructor (init: IncomingDeploymentInit) {
    this.init = init
    this.id = init.deploymentId
    this.manifestId = init.manifestId
  }

  get complete (): boolean {
    return this.store?.complete === true
  }

  /** relays to children still running: progress is worth reporting while there are */
  get relaying (): boolean {
    return this.relays.size > 0
  }

  /** Serves one push stream from a parent until we hold every chunk or it ends. */
  async receive (stream: Stream, pb: ProtobufStream<Stream>, offer: PushOffer, from: string): Promise<void> {
    let store: ChunkStore
    try {
      store = await this.acceptOffer(offer)
    } catch (err: any) {
      log.error('refused an offer for %s from %s: %s', this.id, from, err.message)
      await pb.write({ refusal: { reason: err.message } }, PushReply).catch(() => {})
      stream.abort(err)
      return
    }
    this.startRelays(offer)
    await pb.write({ accept: { have: store.bitmap() as Uint8Array<ArrayBuffer> }, credit: { chunks: PUSH_WINDOW_CHUNKS } }, PushReply)
    if (this.state === 'announced') {
      this.state = 'receiving'
      this.sendReport()
    }
    this.incoming++
    try {
      while (!store.complete) {
        const frame = await pb.read(PushFrame, { signal: this.controller.signal })
        if (frame.chunk == null) {
          continue
        }
        const { index, data } = frame.chunk
        try {
          if (await store.put(index, data) === 'stored') {
            this.bytesReceived += data.byteLength
          } else {
            this.bytesDuplicate += data.byteLength
          }
        } catch (err: any) {
          if (err instanceof ChunkVerificationError || err.name === 'ChunkIndexError') {
            // caught at the first hop that sees it: never stored, never forwarded
            log.error('chunk %d of %s from %s failed verification: %s', index, this.id, from, err.message)
            this.init.reportBadChunk(from, index, err.message)
            await pb.write({ refusal: { reason: `chunk ${index} failed verification` } }, PushReply).catch(() => {})
            stream.abort(err)
            return
          }
          throw err
        }
        if (!store.complete) {
          await pb.write({ credit: { chunks: 1 } }, PushReply)
        }
      }
      await stream.close().catch(() => {})
    } catch (err: any) {
      if (err.name === 'UnexpectedEOFError') {
        // the parent closed its end before we had everything: close ours
        await stream.close().catch(() => {})
      } else {
        log('push of %s from %s ended: %s', this.id, from, err.message)
        stream.abort(err)
      }
    } finally {
      this.incoming--
      // the parent died, the link flapped, or it stopped: the chunks we hold stay, ask for the rest
      if (this.incoming === 0 && this.store != null && !this.store.complete && !this.controller.signal.aborted) {
        log('%s: lost our parent %s with %d chunks missing', this.id, from, this.store.missing().length)
        this.init.needParent(from, this.store.missing().length)
      }
    }
  }

  private async whenComplete (store: ChunkStore, signal: AbortSignal): Promise<void> {
    if (store.complete) {
      return
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { store.off('complete', onComplete); reject(signal.reason) }
      const onComplete = (): void => { signal.removeEventListener('abort', onAbort); resolve() }
      store.once('complete', onComplete)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** The host caught us relaying bad data (or re-planned): stop our pushes, keep receiving. */
  stopRelaying (): void {
    this.relayController.abort()
  }

  private async acceptOffer (offer: PushOffer): Promise<ChunkStore> {
    if (this.state === 'failed') {
      throw new OfferRefusedError('this deployment failed here')
    }
    if (this.manifest == null) {
      const manifest = await decodeSignedManifest(offer.signedManifest)
      if (manifest.id !== this.manifestId) {
        throw new OfferRefusedError('the manifest is not the one the host announced')
      }
      const refusal = await this.init.refuseManifest(manifest)
      if (refusal != null) {
        throw new OfferRefusedError(refusal)
      }
      this.manifest = manifest
    } else if ((await decodeSignedManifest(offer.signedManifest)).id !== this.manifestId) {
      throw new OfferRefusedError('the manifest is not the one the host announced')
    }
    validateAddressees(offer.subtree, this.init.self)
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
    if (store.complete) {
      onComplete()
    }
    return store
  }

  /**
   * Catch-up (seed 001): the host asks us to relay a package we already hold
   * on disk from an earlier deployment to a node that missed it.
   */
  async relayFromDisk (targets: PushOffer['subtree']): Promise<void> {
    if (this.manifest == null) {
      const bytes = await readFile(join(this.init.incomingDir, this.id, MANIFEST_FILE))
      const manifest = await decodeSignedManifest(bytes)
      if (manifest.id !== this.manifestId) {
        throw new OfferRefusedError('the package on disk is not the one the host names')
      }
      this.relayOnly = true
      this.manifest = manifest
    }
    validateAddressees(targets, this.init.self)
    this.opening ??= this.openStore(this.manifest)
    await this.opening
    const signedManifest = await readFile(join(this.init.incomingDir, this.id, MANIFEST_FILE))
    this.startRelays({ deploymentId: this.id, signedManifest, subtree: targets, storeAndForward: false })
  }

  /** The whole-package check; a failure clears the bad chunks so the host can resend them. */
  private async finish (): Promise<void> {
    const store = this.store
    if (store == null || this.state === 'verified' || this.relayOnly) {
      return
    }
    if (this.init.faults?.corruptStoredChunk === true && !this.corruptedOnce) {
      this.corruptedOnce = true
      const handle = await open(store.packagePath, 'r+')
      await handle.write(new Uint8Array([0xff ^ (await handle.read(new Uint8Array(1), 0, 1, 0)).buffer[0]]), 0, 1, 0)
      await handle.close()
    }
    if (await store.verifyWhole()) {
      this.state = 'verified'
      this.sendReport()
      this.init.onVerified(this)
      return
    }
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
    this.state = 'receiving'
    this.sendReport('failed', `received package failed verification; ${reopened.missing().length} chunks to resend`, reopened.missing().length)
  }

  /** Relays to our direct children, each with its share of the addressee list (seed 004). */
  private startRelays (offer: PushOffer): void {
    const store = this.store
    if (!this.offers.includes(offer)) {
      this.offers.push(offer)
    }
    if (store == null) {
      return
    }
    for (const share of splitAddressees(offer.subtree)) {
      if (this.relays.has(share.target.peerId) || this.relayController.signal.aborted) {
        continue
      }
      const corrupt = this.init.faults?.corruptRelayChunk
      const relaySignal = AbortSignal.any([this.controller.signal, this.relayController.signal, this.relayGeneration.signal])
      const relays = this.relays
      const allowed = Promise.all([
        this.init.waitUntilRelayAllowed?.(relaySignal),
        // store-and-forward (a baseline to compare against): only the whole package is relayed
        offer.storeAndForward ? this.whenComplete(store, relaySignal) : undefined
      ])
      const relay = allowed.then(async () => pushPackage({
        libp2p: this.init.libp2p,
        target: share.target,
        deploymentId: this.id,
        signedManifest: offer.signedManifest,
        subtree: share.subtree,
        storeAndForward: offer.storeAndForward,
        store,
        limiter: this.init.limiter,
        signal: relaySignal,
        onBytesSent: (bytes) => { this.bytesSent += bytes },
        tamper: corrupt == null
          ? undefined
          : (index, data) => {
              if (index !== corrupt) {
                return data
              }
              const copy = new Uint8Array(data)
              copy[0] ^= 0xff
              return copy
            }
      })).then(
        () => {
          log('relayed %s to %s', this.id, share.target.peerId)
          if (relays.get(share.target.peerId) === relay) relays.delete(share.target.peerId)
        },
        (err: Error) => {
          log.error('relaying %s to %s failed: %s', this.id, share.target.peerId, err.message)
          // let a later offer (after the host re-planned) try again
          if (relays.get(share.target.peerId) === relay) relays.delete(share.target.peerId)
        }
      ).finally(() => {
        // the host's record of what we relayed is final only after this
        this.sendReport()
      })
      this.relays.set(share.target.peerId, relay)
    }
  }

  sendReport (state?: string, reason = '', missing = 0): void {
    this.init.report({
      state: state ?? this.state,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
      reason,
      version: '',
      missing,
      relaysActive: this.relays.size,
      bytesDuplicate: this.bytesDuplicate
    })
  }

  async close (): Promise<void> {
    this.controller.abort()
    this.relayController.abort()
    await Promise.allSettled(this.relays.values())
    await this.store?.close()
  }
}
