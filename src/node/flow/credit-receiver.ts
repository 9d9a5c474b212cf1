/**
 * The receiving side of a credit window (docs/update-flow.md): the receiver
 * granted a window with its first answer and grants one more chunk of credit
 * for every chunk it stores, until it holds all it wants. The node's receive
 * loop (src/node/client/incoming-deployment.ts) and the host's receiver of an
 * admin's upload (src/node/host/publish-service.ts) use it.
 */

export interface CreditReceiverInit<Chunk> {
  /** true once nothing more is wanted: the loop ends, no credit is granted for the last chunk */
  done(): boolean
  /** reads the next frame: a chunk, or undefined for a frame that carries none */
  next(): Promise<Chunk | undefined>
  /** stores one chunk (may throw to end the loop) */
  store(chunk: Chunk): Promise<void>
  /** grants the sender `chunks` more credit */
  grant(chunks: number): Promise<void>
}

/** Reads and stores chunks, one credit back for each, until `done()`. */
export async function receiveWithinCredit<Chunk> (init: CreditReceiverInit<Chunk>): Promise<void> {
  while (!init.done()) {
    const chunk = await init.next()
    if (chunk === undefined) {
      continue
    }
    await init.store(chunk)
    if (!init.done()) {
      await init.grant(1)
    }
  }
}
