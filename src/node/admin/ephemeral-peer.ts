import { generateKey, loadKey } from '../identity.js'
import { createCascadeLibp2p } from '../libp2p.js'
import type { CascadeLibp2p } from '../libp2p.js'

/**
 * A short-lived, dial-only libp2p peer for one CLI command. With a key file
 * it speaks as that admin; without one it gets a throwaway identity.
 */
export async function withEphemeralPeer<T> (keyFile: string | undefined, fn: (libp2p: CascadeLibp2p) => Promise<T>): Promise<T> {
  const privateKey = keyFile == null ? await generateKey() : await loadKey(keyFile)
  const libp2p = await createCascadeLibp2p({ privateKey })
  try {
    return await fn(libp2p)
  } finally {
    await libp2p.stop()
  }
}
