import type { ChunkStore } from './chunk-store.js'

/** Resolves once `store` holds every chunk (at once if it does); rejects with the signal's reason on abort. */
export async function whenComplete (store: ChunkStore, signal: AbortSignal): Promise<void> {
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
