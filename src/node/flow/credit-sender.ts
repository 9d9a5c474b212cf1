/**
 * The sending side of a credit window (docs/update-flow.md): the receiver
 * grants credit, one chunk per credit, as it stores chunks; the sender sends
 * while it holds credit and waits for more when it has none. Used by the
 * admin's upload to the host (src/node/admin/publish.ts) and by a push to a
 * child (src/node/relay/push-sender.ts).
 *
 * Back-pressure below the window is the stream's: `sendChunk` writes through
 * a @libp2p/utils pbStream, whose write waits for 'drain' whenever libp2p 3's
 * `stream.send()` returns false, so a full socket buffer pauses the loop.
 */

export class CreditWindowClosedError extends Error {
  static override readonly name = 'CreditWindowClosedError'
  override readonly name = 'CreditWindowClosedError'
}

export interface CreditSenderInit {
  /** chunks the receiver granted with its first answer */
  credit: number
  /**
   * Reads the receiver's replies until they end, calling `grant` for every
   * credit among them. Rejecting ends the window with that error; the
   * sender rejects with it at its next wait for credit.
   */
  readReplies(grant: (chunks: number) => void): Promise<void>
}

export interface SendOptions {
  /** runs before each chunk waits for credit (a relay waits for the chunk to arrive) */
  beforeChunk?(index: number): Promise<void>
  /** sends one chunk (`position` is its place in `indices`) */
  sendChunk(index: number, position: number): Promise<void>
  /** the error to throw when the receiver stops granting credit with `index` still to send */
  endedEarly(index: number): Error
  /** whether the receiver no longer needs `index` (another sender brought it): checked before each wait, and the chunk is passed over */
  skip?(index: number): boolean
}

/**
 * Sends chunks within the receiver's credit. The replies are read from
 * construction on, while chunks go out; `replies` settles when they end.
 */
export class CreditSender {
  /** settles when the receiver's replies end: rejects with the reader's error */
  readonly replies: Promise<void>
  #credit: number
  #ended = false
  #wake?: () => void

  constructor (init: CreditSenderInit) {
    this.#credit = init.credit
    this.replies = init.readReplies(chunks => {
      this.#credit += chunks
      this.#wake?.()
    }).finally(() => {
      this.#ended = true
      this.#wake?.()
    })
    // the sender surfaces a reader error where it waits; never unhandled
    this.replies.catch(() => {})
  }

  /** Sends every chunk of `indices` in order, each once a credit allows it, but those the receiver no longer needs. */
  async send (indices: readonly number[], options: SendOptions): Promise<void> {
    const skipped = (index: number): boolean => options.skip?.(index) === true
    for (let position = 0; position < indices.length; position++) {
      const index = indices[position]
      if (skipped(index)) continue
      await options.beforeChunk?.(index)
      if (skipped(index)) continue
      await this.#take(index, options)
      if (skipped(index)) {
        // the credit stays for the next chunk
        this.#credit++
        continue
      }
      await options.sendChunk(index, position)
    }
  }

  async #take (index: number, options: SendOptions): Promise<void> {
    while (this.#credit <= 0) {
      if (this.#ended) {
        // a reader error says more than "ended early": throw it first
        await this.replies
        throw options.endedEarly(index)
      }
      await new Promise<void>(resolve => { this.#wake = resolve })
      this.#wake = undefined
    }
    this.#credit--
  }
}
