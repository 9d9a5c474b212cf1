/** A planner input that cannot describe a real fleet (negative rate, duplicate id, fan-out < 1...). */
export class InvalidPlanInputError extends Error {
  static override readonly name = 'InvalidPlanInputError'
  override readonly name = 'InvalidPlanInputError'
}

/** A peer id that the plan does not contain. */
export class UnknownPeerError extends Error {
  static override readonly name = 'UnknownPeerError'
  override readonly name = 'UnknownPeerError'
}
