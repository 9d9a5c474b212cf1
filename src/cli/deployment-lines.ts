/**
 * The lines `cascade host` prints when a deployment (or a late member's
 * catch-up) starts and ends, from the host's `deployment:started` and
 * `deployment:finished` events.
 */
import type { DeploymentFinished, DeploymentStarted } from '../node/host/index.js'

/** Late members a catch-up's line names; a fleet coming back at once is caught up in batches of hundreds (src/node/host/catch-ups.ts). */
const MAX_NAMED_TARGETS = 8

function plural (count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** `deployment lx2a-1f3e started: app 2.0.0 to 8 nodes in waves 10%,100% (by 12D3Koo…)` */
export function describeStarted (event: DeploymentStarted): string {
  if (event.catchUp) {
    const more = event.targets.length - MAX_NAMED_TARGETS
    const named = event.targets.slice(0, MAX_NAMED_TARGETS).join(', ') + (more > 0 ? ` and ${plural(more, 'more member')}` : '')
    return `catch-up of ${named} to ${event.name} ${event.version} started (deployment ${event.id})`
  }
  const waves = event.waves.length > 1 ? ` in waves ${event.waves.map(w => `${Math.round(w * 100)}%`).join(',')}` : ''
  return `deployment ${event.id} started: ${event.name} ${event.version} to ${plural(event.targets.length, 'node')}${waves} (by ${event.admin})`
}

/**
 * `deployment lx2a-1f3e succeeded in 9.7 s: 8 done; host sent 1.00 × the package`, or with
 * the reason of every failure: `… failed in 9.7 s: 7 done, 1 failed (12D3…: rolled-back (…)); …`
 */
export function describeFinished (event: DeploymentFinished): string {
  const counts = Object.entries(event.counts).map(([state, count]) => `${count} ${state}`).join(', ')
  const reason = event.reason === '' ? '' : ` (${event.reason})`
  const share = event.packageSize > 0 ? `; host sent ${(event.hostBytesSent / event.packageSize).toFixed(2)} × the package` : ''
  const what = event.catchUp ? `catch-up in deployment ${event.id}` : `deployment ${event.id}`
  return `${what} ${event.state} in ${(event.makespanMs / 1000).toFixed(1)} s: ${counts === '' ? 'no nodes' : counts}${reason}${share}`
}
