/**
 * Shared set-up of the hostile-frames tests (test/hostile-frames-*.test.ts):
 * how a stream ended, what a peer sent before it did, and a host under attack.
 *
 * `useHostUnderAttack()` registers mocha hooks on the enclosing describe: a
 * host with one honest member, an attacker peer and an admin peer. They are
 * exported as live bindings (`host`, `member`, …), set by its `before` hook,
 * so test bodies read them as if they were the describe's own variables.
 * Mocha runs describes one after another, so one set at a time is enough.
 */
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { fetchStatus } from '../src/node/admin/status.js'
import { createNode } from '../src/node/client/index.js'
import { createHost } from '../src/node/host/index.js'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { makePackage } from '../src/fuzz/fixture.js'
import { Rng } from '../src/fuzz/rng.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { lpStream } from '@libp2p/utils'
import type { FuzzPackage } from '../src/fuzz/fixture.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'
import type { PrivateKey, Stream } from '@libp2p/interface'

/** How the peer ended the stream: 'closed', the error name of a reset, or 'still open' after `ms`. */
export async function ended (stream: Stream, ms = 3_000): Promise<string> {
  const timer = setTimeout(() => { stream.abort(new Error('still open')) }, ms)
  try {
    for await (const _ of stream) {}
    return 'closed'
  } catch (err: any) {
    return err.message === 'still open' ? 'still open' : err.name
  } finally {
    clearTimeout(timer)
  }
}

/** Frames the peer sent before the stream ended (an lp reader over a stream we also write to). */
export async function readAll<T> (lp: ReturnType<typeof lpStream>, decode: (bytes: Uint8Array) => T, ms = 3_000): Promise<T[]> {
  const out: T[] = []
  const signal = AbortSignal.timeout(ms)
  try {
    while (true) {
      out.push(decode((await lp.read({ signal })).subarray()))
    }
  } catch {}
  return out
}

export let host: CascadeHost
export let member: CascadeNode
export let attacker: CascadeLibp2p
export let admin: CascadeLibp2p
let adminKey: PrivateKey
export let pkg: FuzzPackage
export let hostDir: string
const dirs: string[] = []
export const refusals: Array<{ protocol: string, reason: string }> = []

/** Starts the host, its honest member, the attacker and the admin before the describe's tests; stops them after. */
export function useHostUnderAttack (): void {
  before(async () => {
    adminKey = await generateKey()
    pkg = await makePackage(new Rng(5), adminKey, { version: '1.0.0' })
    hostDir = await tempDir()
    const nodeDir = await tempDir()
    dirs.push(hostDir, nodeDir)
    host = createHost({ dataDir: hostDir, probeDurationMs: 50, admins: [peerIdFromPrivateKey(adminKey).toString()], statusAccess: 'anyone' })
    host.on('refused', ({ protocol, reason }) => refusals.push({ protocol, reason }))
    await host.start()
    member = createNode({ dataDir: nodeDir, host: host.multiaddrs()[0], joinToken: host.joinToken })
    await member.start()
    await waitFor(() => member.joined, 5000, 'member to join')
    attacker = await createCascadeLibp2p({ privateKey: await generateKey() })
    admin = await createCascadeLibp2p({ privateKey: adminKey })
  })

  after(async () => {
    await attacker?.stop()
    await admin?.stop()
    await member?.stop()
    await host?.stop()
    await cleanup(...dirs.splice(0))
  })

  beforeEach(() => { refusals.length = 0 })
}

/** Status within a second, the honest member online and joined, and no deployment left holding the host. */
export async function assertHostCarriesOn (): Promise<void> {
  const status = await fetchStatus(host.multiaddrs()[0], { timeoutMs: 1_000 })
  const honest = status.members.find(m => m.peerId === member.peerId.toString())
  assert.equal(honest?.online, true, 'honest member listed online')
  assert.equal(member.joined, true, 'honest member joined')
  assert.ok(host.deployment == null || host.deployment.finished, 'no unfinished deployment left behind')
}

export async function refusedMatching (pattern: RegExp): Promise<void> {
  await waitFor(() => refusals.some(r => pattern.test(r.reason)), 2_000, `a refusal matching ${pattern}`)
}

export async function dial (peer: CascadeLibp2p, protocol: string): Promise<Stream> {
  return peer.dialProtocol(multiaddr(host.multiaddrs()[0]), protocol)
}
