/**
 * A node's state in one deployment, as the host tracks it and the node
 * reports it (docs/update-flow.md). One union, its order of progress, and the
 * moves allowed between states, as data: the host, the node, the bench, the
 * fuzzer and the database layer all use this module, and no other file spells
 * a state out.
 */

/** Every state by name: `NodeState.rolledBack` rather than the bare string. */
export const NodeState = {
  planned: 'planned',
  receiving: 'receiving',
  verified: 'verified',
  authenticated: 'authenticated',
  /** holds an authorized package but may not install yet (app in use, outside its window) */
  deferred: 'deferred',
  installing: 'installing',
  restarting: 'restarting',
  done: 'done',
  failed: 'failed',
  rolledBack: 'rolled-back',
  /** never attempted: the rollout stopped or was cancelled first */
  skipped: 'skipped'
} as const

export type NodeState = typeof NodeState[keyof typeof NodeState]

/** The states in order of progress: a report moves a node forward along this list. */
export const NODE_STATES: readonly NodeState[] = [
  NodeState.planned,
  NodeState.receiving,
  NodeState.verified,
  NodeState.authenticated,
  NodeState.deferred,
  NodeState.installing,
  NodeState.restarting,
  NodeState.done,
  NodeState.failed,
  NodeState.rolledBack,
  NodeState.skipped
]

const TERMINAL: ReadonlySet<NodeState> = new Set([NodeState.done, NodeState.failed, NodeState.rolledBack, NodeState.skipped])
const FAILURES: ReadonlySet<NodeState> = new Set([NodeState.failed, NodeState.rolledBack])
const RANK = new Map(NODE_STATES.map((state, index) => [state, index]))

/**
 * The only moves backwards: a node that must receive again (a resend after a
 * bad receive, an install cut short by a restart, a parent lost) goes back to
 * `receiving`. Terminal states have no way out. Every other move is forward
 * along NODE_STATES, and `deferred` may repeat (its reason changes).
 */
const BACKWARD: Readonly<Record<NodeState, readonly NodeState[]>> = {
  planned: [],
  receiving: [],
  verified: [NodeState.receiving],
  authenticated: [NodeState.receiving],
  deferred: [NodeState.receiving],
  installing: [NodeState.receiving],
  restarting: [NodeState.receiving],
  done: [],
  failed: [],
  'rolled-back': [],
  skipped: []
}

export function isNodeState (value: string): value is NodeState {
  return RANK.has(value as NodeState)
}

/** Parses a state from the wire or the database; undefined for anything else. */
export function parseNodeState (value: string): NodeState | undefined {
  return isNodeState(value) ? value : undefined
}

/** done, failed, rolled-back or skipped: nothing more happens to the node in this deployment. */
export function isTerminal (state: NodeState): boolean {
  return TERMINAL.has(state)
}

/** failed or rolled-back: counts against a wave's failure threshold. */
export function isFailure (state: NodeState): boolean {
  return FAILURES.has(state)
}

/** `state` is `milestone` or further along (e.g. has the package: at least `verified`). */
export function hasReached (state: NodeState, milestone: NodeState): boolean {
  return (RANK.get(state) ?? 0) >= (RANK.get(milestone) ?? 0)
}

/** Whether a node may move from `from` to `to` (staying put is not a move). */
export function canMove (from: NodeState, to: NodeState): boolean {
  if (isTerminal(from) || from === to) {
    return false
  }
  return (RANK.get(to) ?? 0) > (RANK.get(from) ?? 0) || BACKWARD[from].includes(to)
}
