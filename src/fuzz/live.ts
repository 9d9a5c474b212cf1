/**
 * Target (c): the live handlers over real libp2p streams, in process. A real
 * host (with one authorized admin, played by the fuzzer) and its honest
 * member node; a second node (the "victim") pinned to a host the fuzzer
 * controls, so deployments can be announced to it and its push handler
 * reached past the offer; and attacker peers that open streams on every
 * protocol and send random and mutated frames. After every batch the host
 * must answer status within a second, its honest member must still be
 * joined, and the victim too.
 */
import { checkLiveness, rotate, startNetwork, stopNetwork } from './live-network.js'
import { adminHost, joinHost, publishAsAdmin, publishHost, statusHost, wrongProtocol } from './live-host-kinds.js'
import { fuzzControl, probeMember, probeVictim, pushMember, pushVictim } from './live-node-kinds.js'
import { runSession } from './session.js'
import { hex } from './stats.js'
import { timeUp, within } from './target.js'
import { concat } from './wire.js'
import type { Planned, SessionKind } from './live-session-kind.js'
import type { SessionResult } from './session.js'
import type { FuzzTarget, TargetContext } from './target.js'

/** Sessions between two liveness checks. */
const BATCH = 50
/** Sessions in flight at once. */
const CONCURRENCY = 16
/** Pushes to the victim between two deployment rotations (see rotate in ./live-network.ts). */
const ROTATE_EVERY = 60

const KINDS: SessionKind[] = [joinHost, statusHost, publishHost, publishAsAdmin, adminHost, pushVictim, pushMember, probeMember, probeVictim, wrongProtocol]

function describeEnd (plan: Planned, result: SessionResult): string {
  if (result.end === 'left open') {
    // after our clean half-close the peer has nothing left to wait for: a stream it never ends is leaked
    return plan.closeWrite ? 'left open after our close' : 'still open (we never closed)'
  }
  return result.error != null ? `${result.end} (${result.error})` : result.end
}

export const liveTarget: FuzzTarget = {
  name: 'live',
  weight: 3,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    if (iterations <= 0) {
      return
    }
    const rng = ctx.rng
    const net = await startNetwork(ctx, iterations)
    const inFlight = new Set<Promise<void>>()
    const slowFlight = new Set<Promise<void>>()
    let started = 0
    try {
      const one = async (index: number): Promise<void> => {
        if (rng.bool(0.06)) {
          await fuzzControl(ctx, net, rng)
          return
        }
        // an input that cannot be sent (see the notes) is replaced by another, so the budget is spent on sessions
        let kind: SessionKind | undefined
        let plan: Planned | undefined
        for (let attempt = 0; attempt < 8 && plan == null; attempt++) {
          kind = rng.weighted(KINDS.map(k => [k.weight, k] as const))
          const planned = kind.plan(net, rng, ctx.fx)
          if (typeof planned === 'string') {
            ctx.stats.note(`live ${kind.name}`, `skipped: ${planned}`)
          } else {
            plan = planned
          }
        }
        if (kind == null || plan == null) {
          return
        }
        const name = `live ${kind.name}`
        ctx.stats.input(name)
        let result: SessionResult
        try {
          result = await within(runSession(plan), plan.timeoutMs + 5_000, `${kind.name} session`)
        } catch (err: any) {
          ctx.stats.outcome(name, err.name)
          ctx.stats.fail({ target: name, kind: err.name === 'FuzzTimeoutError' ? 'hang' : 'crash', message: err.message, input: hex(concat(plan.writes)), iteration: index })
          return
        } finally {
          plan.done?.()
        }
        ctx.stats.outcome(name, describeEnd(plan, result))
        const broken = plan.check?.(result)
        if (broken != null) {
          ctx.stats.fail({ target: name, kind: 'invariant', message: broken, input: hex(concat(plan.writes)), iteration: index })
        }
      }
      // liveness is checked every BATCH sessions while the next ones keep running: the daemon must answer under load
      let liveness: Promise<void> = Promise.resolve()
      let checking = false
      while (started < iterations && !timeUp(ctx)) {
        if (net.pushesSinceRotation >= ROTATE_EVERY) {
          rotate(net, ctx.fx)
        }
        const index = started++
        const slowBefore = net.slowInFlight
        const session: Promise<void> = one(index).catch((err: any) => {
          ctx.stats.fail({ target: 'live', kind: 'crash', message: `session ${index} failed in the fuzzer itself: ${err?.stack ?? err}` })
        })
        // a slow-lane session (10 s notice wait) does not hold a concurrency slot
        const lane = net.slowInFlight > slowBefore ? slowFlight : inFlight
        lane.add(session)
        void session.finally(() => lane.delete(session))
        if (inFlight.size >= CONCURRENCY) {
          await Promise.race(inFlight)
        }
        if (started % BATCH === 0 && !checking) {
          checking = true
          ctx.monitor.sample()
          liveness = checkLiveness(ctx, net, started).finally(() => { checking = false })
        }
      }
      await Promise.all([...inFlight, ...slowFlight, liveness])
      await checkLiveness(ctx, net, started)
      ctx.stats.note('live liveness', `slowest status answer ${net.maxStatusMs.toFixed(0)} ms`)
      for (const [kind, count] of net.fakeHost.received) {
        ctx.stats.note('live control (from its host) → victim node', `victim sent ${kind}`, count)
      }
      ctx.stats.note('live control (from its host) → victim node', 'victim joins (1 + re-joins after broken channels)', net.fakeHost.joins)
    } finally {
      await stopNetwork(net)
    }
  }
}
