/**
 * What a node writes back on one push, in order: credits as it stores chunks
 * (src/node/flow/credit-receiver.ts), and the chunks this push need no
 * longer send because another push brought them (an endgame's or a
 * helper's, running beside the parents': docs/update-flow.md, "Endgame").
 * The sender passes those over (`skip` in src/node/relay/push-sender.ts), so
 * two pushes of the same chunks meet without sending each other's share
 * again; what was in flight when the notice left is the only overlap.
 */
import { PushReply } from '../../protocols/push/index.js'
import { SerialQueue } from '../serial-queue.js'
import type { PushAllowance } from './push-allowance.js'
import type { ProtobufStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'

/** Chunks in one skip notice: the limit push.proto gives `PushSkip.chunks`. */
export const MAX_SKIP_CHUNKS = 1024

export class PushReplies {
  private readonly pb: ProtobufStream<Stream>
  private readonly allowance: PushAllowance
  /** each reply goes out after the one before it */
  private readonly writes = new SerialQueue()
  private readonly pending: number[] = []

  constructor (pb: ProtobufStream<Stream>, allowance: PushAllowance) {
    this.pb = pb
    this.allowance = allowance
  }

  /** Grants `chunks` more credit; rejects when the write fails. */
  async credit (chunks: number): Promise<void> {
    await this.write(() => ({ credit: { chunks } }))
  }

  /** Tells the sender it need not send `index`, unless it may not send it anyway (held, sent, not its stripe). */
  skip (index: number): void {
    if (!this.allowance.owes(index)) return
    this.pending.push(index)
    // a notice already queued takes this index too
    if (this.pending.length === 1) this.flush()
  }

  private flush (): void {
    this.write(() => {
      const chunks = this.pending.splice(0, MAX_SKIP_CHUNKS)
      if (this.pending.length > 0) this.flush()
      return { skip: { chunks } }
    }).catch(() => {
      // the push ended: nothing is left to skip
    })
  }

  private async write (reply: () => PushReply): Promise<void> {
    await this.writes.run(async () => { await this.pb.write(reply(), PushReply) })
  }
}
