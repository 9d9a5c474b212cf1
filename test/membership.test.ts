import assert from 'node:assert/strict'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createHost } from '../src/node/host/index.js'
import { createNode } from '../src/node/client/index.js'
import { IDENTITY_FILE } from '../src/node/identity.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'

/** Short probes and quick reconnects keep these tests fast; the logic is the same. */
const FAST = { probeDurationMs: 200 }
const FAST_NODE = { reconnectMinMs: 50, reconnectMaxMs: 500 }

describe('membership', function () {
  const running: Array<{ stop: () => Promise<void> }> = []
  const dirs: string[] = []

  /** the join token of the host started last: nodes present it to enroll */
  let joinToken: string | undefined

  async function startHost (dataDir: string, listen?: string[], options: { openEnrollment?: boolean } = {}): Promise<CascadeHost> {
    const host = createHost({ dataDir, listen, ...FAST, ...options })
    await host.start()
    running.push(host)
    joinToken = host.joinToken
    return host
  }

  async function startNode (host: string, labels?: Record<string, string>, dataDir?: string, token: string | undefined = joinToken): Promise<CascadeNode> {
    const dir = dataDir ?? await tempDir()
    dirs.push(dir)
    const node = createNode({ dataDir: dir, host, labels, joinToken: token, ...FAST_NODE })
    await node.start()
    running.push(node)
    return node
  }

  afterEach(async () => {
    await Promise.allSettled(running.reverse().map(async r => r.stop()))
    running.length = 0
    await cleanup(...dirs)
    dirs.length = 0
  })

  it('keeps the same peer id across restarts, in a 0600 key file', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const first = await startHost(dir)
    const id = first.peerId.toString()
    await first.stop()
    const second = await startHost(dir)
    assert.equal(second.peerId.toString(), id)
    const mode = (await stat(join(dir, IDENTITY_FILE))).mode & 0o777
    assert.equal(mode, 0o600)
  })

  it('records a joining node with its labels, and marks it offline when it leaves', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    const host = await startHost(hostDir)
    const node = await startNode(host.multiaddrs()[0], { group: 'lab', region: 'eu' })
    await waitFor(() => host.members().some(m => m.online), 5000, 'join')
    const [member] = host.members()
    assert.equal(member.peerId, node.peerId.toString())
    assert.deepEqual(member.labels, { group: 'lab', region: 'eu' })
    assert.ok(member.addrs.length > 0 && member.addrs[0].includes(member.peerId))
    await node.stop()
    await waitFor(() => !host.members()[0].online, 5000, 'leave')
    assert.equal(host.members().length, 1)
  })

  it('keeps members across a host restart, and nodes re-join by themselves', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    let host = await startHost(hostDir)
    const addr = host.multiaddrs()[0]
    const port = addr.split('/')[4]
    const a = await startNode(addr)
    const b = await startNode(addr)
    await waitFor(() => host.members().filter(m => m.online && m.measuredAt > 0).length === 2, 10_000, 'two measured members')
    const before = host.members()
    await host.stop()
    await waitFor(() => !a.joined && !b.joined, 5000, 'nodes to notice')

    host = await startHost(hostDir, [`/ip4/127.0.0.1/tcp/${port}`])
    // persisted: members and their measurements are there before anyone re-joins
    const persisted = host.members()
    assert.deepEqual(persisted.map(m => m.peerId).sort(), before.map(m => m.peerId).sort())
    assert.ok(persisted.every(m => !m.online && m.uploadBps > 0))
    await waitFor(() => a.joined && b.joined && host.members().every(m => m.online), 10_000, 're-join')
  })

  it('refuses to talk to a host whose peer id differs from --host', async () => {
    const realDir = await tempDir()
    const otherDir = await tempDir()
    dirs.push(realDir, otherDir)
    const host = await startHost(realDir)
    const impostorId = (await startHost(otherDir)).peerId.toString()
    const spoofed = host.multiaddrs()[0].replace(host.peerId.toString(), impostorId)
    const node = await startNode(spoofed)
    const refusal = await new Promise<string>(resolve => node.once('refused', ({ reason }) => { resolve(reason) }))
    assert.match(refusal, /is not host/)
    assert.equal(node.joined, false)
    assert.equal(host.members().length, 0)
  })

  it('enrolls a new node only with the join token; an enrolled node re-joins without it', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    const host = await startHost(hostDir)
    assert.match(host.joinToken ?? '', /^[0-9a-f]{32}$/)
    const stranger = await startNode(host.multiaddrs()[0], undefined, undefined, '')
    assert.match(await new Promise<string>(resolve => stranger.once('refused', ({ reason }) => { resolve(reason) })), /not enrolled: present the host's join token/)
    const guesser = await startNode(host.multiaddrs()[0], undefined, undefined, '0'.repeat(32))
    assert.match(await new Promise<string>(resolve => guesser.once('refused', ({ reason }) => { resolve(reason) })), /not enrolled: wrong join token/)
    assert.equal(host.members().length, 0)

    const nodeDir = await tempDir()
    dirs.push(nodeDir)
    const enrolled = await startNode(host.multiaddrs()[0], undefined, nodeDir)
    await waitFor(() => enrolled.joined, 5000, 'enrolment')
    await enrolled.stop()
    // the same identity, no token: it is a member now
    const again = await startNode(host.multiaddrs()[0], undefined, nodeDir, '')
    await waitFor(() => again.joined, 5000, 're-join without the token')
    assert.deepEqual(host.members().map(m => m.peerId), [again.peerId.toString()])
  })

  it('keeps the join token across restarts, in a 0600 file', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    const first = await startHost(hostDir)
    const token = first.joinToken
    await first.stop()
    const second = await startHost(hostDir)
    assert.equal(second.joinToken, token)
    assert.equal((await stat(join(hostDir, 'join.token'))).mode & 0o777, 0o600)
  })

  it('with open enrollment, any peer joins', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    const host = await startHost(hostDir, undefined, { openEnrollment: true })
    assert.equal(host.joinToken, undefined)
    const node = await startNode(host.multiaddrs()[0], undefined, undefined, '')
    await waitFor(() => node.joined, 5000, 'join')
  })

  it('rejects a --host without /p2p/<peer id>', async () => {
    assert.throws(() => createNode({ dataDir: '/nonexistent', host: '/ip4/127.0.0.1/tcp/1' }), { name: 'InvalidHostAddressError' })
  })

  it('refuses a join with invalid labels, with a reason', async () => {
    const hostDir = await tempDir()
    dirs.push(hostDir)
    const host = await startHost(hostDir)
    const node = await startNode(host.multiaddrs()[0], { 'bad=key': 'x' })
    const refusal = await new Promise<string>(resolve => node.once('refused', ({ reason }) => { resolve(reason) }))
    assert.match(refusal, /labels/)
    assert.equal(host.members().length, 0)
  })
})
