import assert from 'node:assert/strict'
import { streamPair } from '@libp2p/utils'
import { boundedPbStream } from '../src/node/control-channel.js'
import { CreditSender } from '../src/node/flow/credit-sender.js'
import { receiveWithinCredit } from '../src/node/flow/credit-receiver.js'
import { MAX_PUSH_FRAME_BYTES, MIN_WINDOW_CHUNKS, PUSH_WINDOW_CHUNKS, PushFrame, PushReply, creditWindow } from '../src/protocols/push/index.js'
import type { ProtobufStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'

const WINDOW = 3
const CHUNK_BYTES = 1024

/**
 * The shared credit window (src/node/flow/): a sender never has more chunks
 * in flight than the receiver granted, waits for credit, and ends clearly
 * when the receiver stops; over in-process streams from @libp2p/utils.
 */
describe('credit window', () => {
  let sending: ProtobufStream<Stream>
  let receiving: ProtobufStream<Stream>
  let senderStream: Stream
  let receiverStream: Stream

  beforeEach(async () => {
    // a small capacity makes stream.send() return false: the writes wait for 'drain'
    [senderStream, receiverStream] = await streamPair({ capacity: 2 })
    sending = boundedPbStream(senderStream, MAX_PUSH_FRAME_BYTES)
    receiving = boundedPbStream(receiverStream, MAX_PUSH_FRAME_BYTES)
  })

  afterEach(() => {
    senderStream.abort(new Error('test over'))
    receiverStream.abort(new Error('test over'))
  })

  function newSender (): CreditSender {
    return new CreditSender({
      credit: WINDOW,
      readReplies: async (grant) => {
        try {
          while (true) {
            const reply = await sending.read(PushReply)
            if (reply.credit != null) grant(reply.credit.chunks)
            if (reply.refusal != null) throw new Error(`refused: ${reply.refusal.reason}`)
          }
        } catch (err: any) {
          if (err.name !== 'UnexpectedEOFError') throw err
        }
      }
    })
  }

  async function sendChunk (index: number): Promise<void> {
    await sending.write({ chunk: { index, data: new Uint8Array(CHUNK_BYTES).fill(index) } }, PushFrame)
  }

  it('delivers every chunk in order, never more than the credit ahead', async () => {
    const count = 40
    let sent = 0
    let granted = WINDOW
    let maxAhead = 0
    const received: number[] = []
    const sender = newSender()
    const sendAll = sender.send(Array.from({ length: count }, (_, index) => index), {
      endedEarly: (index) => new Error(`ended before ${index}`),
      sendChunk: async (index) => {
        sent++
        maxAhead = Math.max(maxAhead, sent - granted)
        await sendChunk(index)
      }
    })
    await receiveWithinCredit({
      done: () => received.length === count,
      next: async () => (await receiving.read(PushFrame)).chunk,
      store: async (chunk) => {
        assert.equal(chunk.data.byteLength, CHUNK_BYTES)
        received.push(chunk.index)
      },
      grant: async (chunks) => {
        granted += chunks
        await receiving.write({ credit: { chunks } }, PushReply)
      }
    })
    await sendAll
    await receiverStream.close()
    await senderStream.close()
    await sender.replies
    assert.deepEqual(received, Array.from({ length: count }, (_, index) => index))
    assert.ok(maxAhead <= 0, `sent ${maxAhead} chunks past the granted credit`)
  })

  it('waits without credit, and sends again when credit arrives', async () => {
    const sender = newSender()
    const sentIndices: number[] = []
    const sendAll = sender.send([0, 1, 2, 3, 4], {
      endedEarly: (index) => new Error(`ended before ${index}`),
      sendChunk: async (index) => { sentIndices.push(index); await sendChunk(index) }
    })
    for (let index = 0; index < WINDOW; index++) {
      assert.equal((await receiving.read(PushFrame)).chunk?.index, index)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
    assert.deepEqual(sentIndices, [0, 1, 2], 'sent past its credit')
    await receiving.write({ credit: { chunks: 2 } }, PushReply)
    assert.equal((await receiving.read(PushFrame)).chunk?.index, 3)
    assert.equal((await receiving.read(PushFrame)).chunk?.index, 4)
    await sendAll
  })

  it('rejects with endedEarly when the receiver closes with chunks still owed', async () => {
    const sender = newSender()
    const sendAll = sender.send([0, 1, 2, 3, 4], {
      endedEarly: (index) => new Error(`ended before ${index}`),
      sendChunk
    })
    for (let index = 0; index < WINDOW; index++) {
      await receiving.read(PushFrame)
    }
    await receiverStream.close()
    await assert.rejects(sendAll, /ended before 3/)
  })

  it('passes over what the receiver no longer needs, also while waiting for credit, and keeps that credit for the next chunk', async () => {
    const sender = newSender()
    const skipped = new Set([1])
    const sentIndices: number[] = []
    const sendAll = sender.send([0, 1, 2, 3, 4, 5], {
      endedEarly: (index) => new Error(`ended before ${index}`),
      skip: index => skipped.has(index),
      sendChunk: async (index) => { sentIndices.push(index); await sendChunk(index) }
    })
    // the window of 3 goes to 0, 2 and 3: chunk 1 took no credit
    for (const index of [0, 2, 3]) {
      assert.equal((await receiving.read(PushFrame)).chunk?.index, index)
    }
    // chunk 4 waits for credit; another push brings it meanwhile
    await new Promise(resolve => setTimeout(resolve, 50))
    skipped.add(4)
    await receiving.write({ credit: { chunks: 1 } }, PushReply)
    assert.equal((await receiving.read(PushFrame)).chunk?.index, 5, 'the credit taken for chunk 4 went to chunk 5')
    await sendAll
    assert.deepEqual(sentIndices, [0, 2, 3, 5])
  })

  it('rejects with the reader\'s error when the receiver refuses', async () => {
    const sender = newSender()
    const sendAll = sender.send([0, 1, 2, 3, 4], {
      endedEarly: (index) => new Error(`ended before ${index}`),
      sendChunk
    })
    await receiving.read(PushFrame)
    await receiving.write({ refusal: { reason: 'chunk 0 failed verification' } }, PushReply)
    await assert.rejects(sendAll, /refused: chunk 0 failed verification/)
  })
})

describe('credit window by time and rate (creditWindow)', () => {
  const KiB = 1024
  it('gives half a second of the planned rate, in whole chunks', () => {
    assert.equal(creditWindow(1_000_000, 64 * KiB), Math.ceil(500_000 / (64 * KiB)))
  })
  it('keeps at least two chunks for a slow stripe, and at most the largest window for a fast one', () => {
    assert.equal(creditWindow(10_000, 64 * KiB), MIN_WINDOW_CHUNKS)
    assert.equal(creditWindow(1e9, 64 * KiB), PUSH_WINDOW_CHUNKS)
  })
  it('without a planned rate (an old parent, a resend before any plan) it is the largest window', () => {
    assert.equal(creditWindow(undefined, 64 * KiB), PUSH_WINDOW_CHUNKS)
    assert.equal(creditWindow(0, 64 * KiB), PUSH_WINDOW_CHUNKS)
  })
})
