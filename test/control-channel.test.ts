import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { ControlChannel, boundedPbStream } from '../src/node/control-channel.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { HostMessage, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../src/protocols/join/index.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { Stream } from '@libp2p/interface'

const PROTOCOL = '/cascade-test/silent-peer/1.0.0'
const HEARTBEAT_MS = 50
const DEAD_AFTER_MS = 400

/**
 * Liveness of the control channel (docs/benchmarks.md, Findings 2): a peer
 * whose heartbeats are stuck behind push data on the same connection is still
 * alive when the caller has seen other data from it (`markAlive`).
 */
describe('control channel liveness', () => {
  let local: CascadeLibp2p
  let remote: CascadeLibp2p
  /** the remote end never writes: as if its heartbeats were queued behind megabytes of chunks */
  const held: Stream[] = []

  before(async () => {
    local = await createCascadeLibp2p({ privateKey: await generateKeyPair('Ed25519') })
    remote = await createCascadeLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'] })
    await remote.handle(PROTOCOL, (stream) => { held.push(stream) })
  })

  after(async () => {
    await Promise.all([local?.stop(), remote?.stop()])
  })

  async function openChannel (): Promise<ControlChannel<HostMessage, NodeMessage>> {
    const stream = await local.dialProtocol(remote.getMultiaddrs()[0], PROTOCOL)
    return new ControlChannel<HostMessage, NodeMessage>({
      peer: remote.peerId,
      stream,
      pb: boundedPbStream(stream, MAX_CONTROL_MESSAGE_BYTES),
      receive: HostMessage,
      send: NodeMessage,
      heartbeat: () => ({ heartbeat: { sentAt: Date.now() } }),
      isHeartbeat: (message) => message.heartbeat != null,
      maxMessageBytes: MAX_CONTROL_MESSAGE_BYTES,
      heartbeatIntervalMs: HEARTBEAT_MS,
      deadAfterMs: DEAD_AFTER_MS
    })
  }

  /** Runs the channel; resolves with the outcome and when it came, relative to the start. */
  function run (channel: ControlChannel<HostMessage, NodeMessage>): Promise<{ error?: Error, afterMs: number }> {
    const startedAt = Date.now()
    return channel.run(() => {}).then(
      () => ({ afterMs: Date.now() - startedAt }),
      (error: Error) => ({ error, afterMs: Date.now() - startedAt })
    )
  }

  it('is aborted when nothing arrives for deadAfterMs', async () => {
    const channel = await openChannel()
    const outcome = await run(channel)
    assert.equal(outcome.error?.name, 'TimeoutError')
    assert.match(outcome.error?.message ?? '', /no message from the peer for 400 ms/)
    assert.ok(outcome.afterMs >= DEAD_AFTER_MS, `aborted after ${outcome.afterMs} ms`)
    assert.ok(outcome.afterMs < DEAD_AFTER_MS + 5 * HEARTBEAT_MS + 500, `aborted only after ${outcome.afterMs} ms`)
    assert.equal(channel.open, false)
  })

  it('stays open past deadAfterMs while markAlive is called, and is aborted once it stops', async () => {
    const channel = await openChannel()
    let settled = false
    const running = run(channel).finally(() => { settled = true })
    // "push data" from the peer every 100 ms, no message at all, for 4 × deadAfterMs
    const aliveForMs = 4 * DEAD_AFTER_MS
    const marking = setInterval(() => { channel.markAlive() }, 100)
    await sleep(aliveForMs)
    clearInterval(marking)
    assert.equal(settled, false, 'the channel ended while the peer was marked alive')
    assert.equal(channel.open, true)
    const stoppedAt = Date.now()
    const outcome = await running
    const afterStopMs = Date.now() - stoppedAt
    assert.equal(outcome.error?.name, 'TimeoutError')
    assert.ok(outcome.afterMs >= aliveForMs + DEAD_AFTER_MS - 100, `aborted after ${outcome.afterMs} ms`)
    assert.ok(afterStopMs < DEAD_AFTER_MS + 5 * HEARTBEAT_MS + 500, `aborted ${afterStopMs} ms after the last markAlive`)
    assert.equal(channel.open, false)
  })
})
