/** Metadata that cannot be trusted: why is the message (docs/security.md). */
export class TrustError extends Error {
  static override readonly name = 'TrustError'
  override readonly name = 'TrustError'
}
