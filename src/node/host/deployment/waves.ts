/**
 * A phased rollout (`cascade publish --waves`): the targets split into waves in
 * speed order, each wave delivered after the one before it finished, and a
 * wave whose failed share passes the threshold stops the rollout.
 */
import { NodeState, isFailure, isTerminal } from '../../../state/index.js'
import type { NodeRecord, NodeTracker } from './node-tracker.js'
import type { StopReason } from '../../../state/index.js'
import type { MemberChannels } from '../member-channels.js'
import type { DeploymentCancel } from '../../../protocols/join/index.js'

/**
 * Puts each node of `order` (fastest first) into its wave: `fractions` are
 * cumulative shares of the targets ([] = one wave). Returns the wave count.
 */
export function assignWaves (order: string[], fractions: number[], nodes: NodeTracker): number {
  const waves = fractions.length > 0 ? fractions : [1]
  let from = 0
  waves.forEach((fraction, wave) => {
    const to = wave === waves.length - 1 ? order.length : Math.max(from, Math.min(order.length, Math.ceil(fraction * order.length)))
    for (const peerId of order.slice(from, to)) {
      const node = nodes.get(peerId)
      if (node != null) {
        node.wave = wave
        node.reason = wave > 0 ? `waits for wave ${wave + 1}` : ''
      }
    }
    from = to
  })
  nodes.recount()
  return waves.length
}

/** The nodes of one wave. */
export function waveMembers (nodes: NodeTracker, wave: number): NodeRecord[] {
  return [...nodes.values()].filter(node => node.wave === wave)
}

/** Why a finished wave stops the rollout (its failed share passed `threshold`), or undefined to go on. */
export function waveFailure (members: NodeRecord[], wave: number, waves: number, threshold: number): StopReason | undefined {
  const failed = members.filter(node => isFailure(node.state)).length
  if (members.length > 0 && failed / members.length > threshold) {
    return { kind: 'failure-threshold', wave, waves, failed, of: members.length, threshold }
  }
  return undefined
}

/**
 * The rollout stopped early: every node of a later wave, and every node
 * still only planned (all unfinished nodes when `everyone`, a cancel), is
 * skipped with the cancel's reason; those of the waves under way are sent the cancel first.
 */
export function skipUnfinished (nodes: NodeTracker, channels: Pick<MemberChannels, 'send'>, cancel: DeploymentCancel, everyone: boolean, wave: number): void {
  for (const node of nodes.values()) {
    if (isTerminal(node.state) || !(everyone || node.wave > wave || node.state === NodeState.planned)) {
      continue
    }
    if (node.wave <= wave) {
      channels.send(node.peerId, { cancel })
    }
    nodes.skip(node, cancel.reason)
  }
}
