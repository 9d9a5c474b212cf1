/**
 * A deployment as the receiving node sees it, before the host's states take
 * over: announced by the host, chunks arriving, the whole package verified,
 * or the received package failed its whole-package check (a resend follows).
 */
export const ReceiveState = {
  announced: 'announced',
  receiving: 'receiving',
  verified: 'verified',
  failed: 'failed'
} as const

export type ReceiveState = typeof ReceiveState[keyof typeof ReceiveState]

const MOVES: Readonly<Record<ReceiveState, readonly ReceiveState[]>> = {
  announced: [ReceiveState.receiving, ReceiveState.verified],
  receiving: [ReceiveState.verified, ReceiveState.failed],
  verified: [],
  failed: [ReceiveState.receiving]
}

export function canMoveReceive (from: ReceiveState, to: ReceiveState): boolean {
  return MOVES[from].includes(to)
}
