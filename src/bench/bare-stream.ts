/**
 * The libp2p stack alone, as a baseline for Cascade's CPU per byte
 * (docs/benchmarks.md, "CPU per MiB"): the same libp2p Cascade runs
 * (src/node/libp2p.ts: TCP, Noise, Yamux), one stream, no protocol of ours.
 * One process per role, started by src/bench/cpu.ts:
 *
 *   bare-stream.js sink                 listens; reads each stream to its end, discarding
 *   bare-stream.js relay TARGET         listens; forwards each stream to TARGET on a new stream
 *   bare-stream.js source TARGET BYTES CHUNK
 *                                       dials TARGET, prints "ready", waits for SIGUSR2,
 *                                       then sends BYTES in CHUNK-byte messages
 *
 * Listeners print `listening <multiaddr>`; a stream that ends prints `done <bytes>`.
 * Sending honours back-pressure as libp2p 3 defines it: when `send()`
 * returns false, wait for 'drain' (`onDrain()`); a relay pauses its inbound
 * stream meanwhile.
 */
import { inspect } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { generateKey } from '../node/identity.js'
import { createCascadeLibp2p } from '../node/libp2p.js'
import type { Stream } from '@libp2p/interface'

/** A protocol id of its own: nothing of Cascade's handles it. */
export const BARE_PROTOCOL = '/cascade-bench/bare/1.0.0'

function say (line: string): void {
  process.stdout.write(`${line}\n`)
}

/** Counts what arrives on `stream` until the remote closes it. */
async function drainStream (stream: Stream): Promise<number> {
  let bytes = 0
  for await (const data of stream) bytes += data.byteLength
  return bytes
}

/** Forwards `inbound` onto `outbound`, pausing the inbound side while the outbound one drains. */
async function forward (inbound: Stream, outbound: Stream): Promise<number> {
  let bytes = 0
  const reading = inbound[Symbol.asyncIterator]()
  inbound.resume()
  for await (const data of { [Symbol.asyncIterator]: () => reading }) {
    bytes += data.byteLength
    if (!outbound.send(data)) {
      inbound.pause()
      await outbound.onDrain()
      inbound.resume()
    }
  }
  await outbound.close()
  return bytes
}

async function main (): Promise<void> {
  const [role, target, bytesText, chunkText] = process.argv.slice(2)
  const listen = role === 'source' ? [] : ['/ip4/127.0.0.1/tcp/0']
  const libp2p = await createCascadeLibp2p({ privateKey: await generateKey(), listen })
  const stop = (): void => { Promise.resolve(libp2p.stop()).finally(() => process.exit(0)) }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  if (role === 'sink' || role === 'relay') {
    await libp2p.handle(BARE_PROTOCOL, async (stream) => {
      // held (buffered) while the relay opens its outbound stream: the iterator starts on a readable stream
      if (role === 'relay') stream.pause()
      const bytes = role === 'sink'
        ? await drainStream(stream)
        : await forward(stream, await libp2p.dialProtocol(multiaddr(target), BARE_PROTOCOL))
      await stream.close().catch(() => {})
      say(`done ${bytes}`)
    }, { maxInboundStreams: 4 })
    // the relay's connection to its target is up before anything arrives
    if (role === 'relay') await libp2p.dial(multiaddr(target))
    say(`listening ${libp2p.getMultiaddrs()[0].toString()}`)
    return
  }
  if (role !== 'source') throw new Error(`unknown role "${role}" (sink, relay, source)`)
  const total = Number(bytesText)
  const chunk = new Uint8Array(Number(chunkText)).fill(0x5a)
  const stream = await libp2p.dialProtocol(multiaddr(target), BARE_PROTOCOL)
  // listening before "ready": SIGUSR2's default action ends the process
  const go = new Promise<void>(resolve => { process.once('SIGUSR2', () => { resolve() }) })
  say('ready')
  await go
  let sent = 0
  while (sent < total) {
    const data = sent + chunk.byteLength <= total ? chunk : chunk.subarray(0, total - sent)
    sent += data.byteLength
    if (!stream.send(data)) await stream.onDrain()
  }
  await stream.close()
  say(`done ${sent}`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bare-stream: ${inspect(err)}\n`)
  process.exit(1)
})
