/** A simulation input that cannot be run (size 0, negative rate, a plan that does not match the peers...). */
export class InvalidSimInputError extends Error {
  static override readonly name = 'InvalidSimInputError'
  override readonly name = 'InvalidSimInputError'
}
