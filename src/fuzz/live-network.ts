/**
 * The live fuzz target's network: a real host with its honest member node,
 * a victim node pinned to a host the fuzzer controls, attacker peers and the
 * authorized admin; started, rotated, checked for liveness and stopped here.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { fetchStatus } from '../node/admin/status.js'
import { createNode } from '../node/client/index.js'
import { createHost } from '../node/host/index.js'
import { generateKey } from '../node/identity.js'
import { createCascadeLibp2p } from '../node/libp2p.js'
import { FakeHost } from './fake-host.js'
import { within } from './target.js'
import type { Fixture } from './fixture.js'
import type { TargetContext } from './target.js'
import type { CascadeHost } from '../node/host/index.js'
import type { CascadeNode } from '../node/client/index.js'
import type { CascadeLibp2p } from '../node/libp2p.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * A push whose offer names a deployment the node has not heard of waits 10 s
 * for the notice (NOTICE_WAIT_MS): at most this many at once, and none in a
 * short run (a late one would hold the run for 10 s; hostile-frames covers it).
 */
const SLOW_LANE = 3
const SLOW_LANE_MIN_SESSIONS = 1_000
export const SLOW_TIMEOUT_MS = 13_000
/** The host must answer status within a second, even under the fuzz load; tried up to STATUS_TRIES times per check. */
const STATUS_TIMEOUT_MS = 1_000
const STATUS_TRIES = 3
/** A node that lost its control channel (the control fuzzing breaks it on purpose) must be back within this. */
const REJOIN_MS = 5_000
/** Deployments announced to the victim at once; rotated so that some are always incomplete. */
const LIVE_DEPLOYMENTS = 3
/** The deployment ids the push fuzzing announces to the victim. */
export const SAFE_DEPLOYMENT_ID = /^fz-[0-9]+$/

export interface Network {
  host: CascadeHost
  hostAddr: Multiaddr
  member: CascadeNode
  memberAddr: Multiaddr
  fakeHost: FakeHost
  victim: CascadeNode
  victimAddr: Multiaddr
  attackers: CascadeLibp2p[]
  admin: CascadeLibp2p
  dirs: string[]
  /** the admin's publish sessions run one at a time */
  adminBusy: boolean
  slowInFlight: number
  slowLane: number
  /** a deployment found holding the host after its upload failed */
  wedgedId?: string
  nextDeployment: number
  pushesSinceRotation: number
  fixtureAddrs: Set<string>
  maxStatusMs: number
}

/** Every address is one of the fixture's (all loopback), or unparseable: a node dials what it is given. */
export function dialsOnlyFixture (net: Network, entries: ReadonlyArray<{ addrs: Uint8Array[] }> | undefined): boolean {
  for (const entry of entries ?? []) {
    for (const addr of entry.addrs) {
      let text: string
      try {
        text = multiaddr(addr).toString()
      } catch {
        continue
      }
      if (!net.fixtureAddrs.has(text)) {
        return false
      }
    }
  }
  return true
}

/** Refusal reasons with the specifics (peer ids, numbers, quoted values) taken out, so they group. */
export function reasonKey (protocol: string, reason: string): string {
  const short = protocol.replace(/^\/cascade\//, '').replace(/\/1\.0\.0$/, '')
  const generic = reason
    .replace(/12D3Koo[1-9A-HJ-NP-Za-km-z]+/g, '<peer>')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 90)
  return `${short}: ${generic}`
}

export async function startNetwork (ctx: TargetContext, sessions: number): Promise<Network> {
  const dirs = await Promise.all([0, 1, 2].map(async i => mkdtemp(join(ctx.workDir, `live-${i}-`))))
  const adminKey = ctx.fx.publisher
  const joinToken = ctx.fx.joinToken
  // status for anyone: the liveness check asks as an ephemeral peer
  const host = createHost({ dataDir: dirs[0], admins: [peerIdFromPrivateKey(adminKey).toString()], joinToken, probeDurationMs: 50, stallTimeoutMs: 2_000, maxAttempts: 1, statusAccess: 'anyone' })
  host.on('refused', ({ protocol, reason }) => { ctx.stats.outcome('live host refusals', reasonKey(protocol, reason)) })
  await host.start()
  const member = createNode({ dataDir: dirs[1], host: host.multiaddrs()[0], joinToken, reconnectMinMs: 100, reconnectMaxMs: 1_000 })
  await member.start()
  const fakeHost = await FakeHost.start()
  const victim = createNode({ dataDir: dirs[2], host: fakeHost.address, reconnectMinMs: 100, reconnectMaxMs: 1_000 })
  await victim.start()
  const attackers = await Promise.all([0, 1, 2, 3, 4, 5].map(async () => createCascadeLibp2p({ privateKey: await generateKey() })))
  const admin = await createCascadeLibp2p({ privateKey: adminKey })
  const net: Network = {
    host,
    hostAddr: multiaddr(host.multiaddrs()[0]),
    member,
    memberAddr: multiaddr(member.multiaddrs()[0]),
    fakeHost,
    victim,
    victimAddr: multiaddr(victim.multiaddrs()[0]),
    attackers,
    admin,
    dirs,
    adminBusy: false,
    slowInFlight: 0,
    slowLane: sessions >= SLOW_LANE_MIN_SESSIONS ? SLOW_LANE : 0,
    nextDeployment: 0,
    pushesSinceRotation: 0,
    fixtureAddrs: new Set(ctx.fx.addrs.map(addr => multiaddr(addr).toString())),
    maxStatusMs: 0
  }
  const deadline = Date.now() + 10_000
  while (!(member.joined && victim.joined && fakeHost.connected)) {
    if (Date.now() > deadline) {
      throw new Error('the live network did not come up within 10 s')
    }
    await sleep(25)
  }
  for (let i = 0; i < LIVE_DEPLOYMENTS; i++) {
    rotate(net, ctx.fx)
  }
  return net
}

/** Announces a fresh deployment to the victim and cancels the oldest, so some stores are always incomplete. */
export function rotate (net: Network, fx: Fixture): void {
  net.fakeHost.want(`fz-${net.nextDeployment++}`, fx.pkg.manifest.id)
  const ids = [...net.fakeHost.announced.keys()].filter(id => SAFE_DEPLOYMENT_ID.test(id))
  if (ids.length > LIVE_DEPLOYMENTS) {
    net.fakeHost.drop(ids[0])
  }
  net.pushesSinceRotation = 0
}

export async function stopNetwork (net: Network): Promise<void> {
  await Promise.allSettled([...net.attackers, net.admin].map(async peer => peer.stop()))
  await net.victim.stop().catch(() => {})
  await net.fakeHost.stop().catch(() => {})
  await net.member.stop().catch(() => {})
  await net.host.stop().catch(() => {})
  await Promise.all(net.dirs.map(async dir => rm(dir, { recursive: true, force: true })))
}

/** The daemon carries on: status within a second, the honest member joined and listed online, the victim joined. */
export async function checkLiveness (ctx: TargetContext, net: Network, afterSession: number): Promise<void> {
  const target = 'live liveness'
  ctx.stats.input(target)
  let answered = false
  let lastError = ''
  for (let attempt = 0; attempt < STATUS_TRIES && !answered; attempt++) {
    const started = performance.now()
    try {
      const status = await within(fetchStatus(net.hostAddr.toString(), { timeoutMs: STATUS_TIMEOUT_MS }), STATUS_TIMEOUT_MS + 500, 'fetchStatus')
      const ms = performance.now() - started
      net.maxStatusMs = Math.max(net.maxStatusMs, ms)
      const honest = status.members.find(m => m.peerId === net.member.peerId.toString())
      if (honest?.online !== true) {
        lastError = 'the honest member is not listed online'
        await sleep(500)
        continue
      }
      answered = true
    } catch (err: any) {
      lastError = `status did not answer within ${STATUS_TIMEOUT_MS} ms: ${err.message}`
      ctx.stats.note(target, 'a status attempt failed (retried)')
    }
  }
  const deadline = Date.now() + REJOIN_MS
  while (!(net.member.joined && net.victim.joined) && Date.now() < deadline) {
    await sleep(50)
  }
  // a failed upload must not leave its deployment holding the host (reported once: it lasts until a restart)
  const wedged = (): boolean => net.host.deployment != null && !net.host.deployment.finished && !net.adminBusy
  const wedgeDeadline = Date.now() + (net.wedgedId != null ? 0 : 1_500)
  while (wedged() && Date.now() < wedgeDeadline) {
    await sleep(50)
  }
  const stuck = wedged() ? net.host.deployment?.id : undefined
  const newlyStuck = stuck != null && stuck !== net.wedgedId
  if (stuck != null) {
    net.wedgedId = stuck
  }
  const problems = [
    answered ? undefined : lastError,
    net.member.joined ? undefined : 'the honest member is not joined',
    net.victim.joined ? undefined : `the victim node did not re-join its host within ${REJOIN_MS} ms`,
    newlyStuck ? `deployment ${stuck} is still active after its upload failed (it blocks every later publish until the host restarts)` : undefined
  ].filter(problem => problem != null)
  ctx.stats.outcome(target, problems.length === 0 ? 'alive' : 'NOT ALIVE')
  for (const problem of problems) {
    ctx.stats.fail({ target, kind: 'liveness', message: `after session ${afterSession}: ${problem}` })
  }
}

