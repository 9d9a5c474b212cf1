/**
 * The site role's refusals (docs/hierarchy.md), thrown where they are
 * decided: on the parent a mark, a join or a report it refuses; on the site
 * what its release store cannot do.
 */

/** `cascade member site [--revoke]` that cannot be done (not a peer id, marked already, not a site). */
export class SiteMarkError extends Error {
  static override readonly name = 'SiteMarkError'
  override readonly name = 'SiteMarkError'
}

/** A join from a revoked site, or from a peer that says it is a site and is not marked. */
export class SiteRefusedError extends Error {
  static override readonly name = 'SiteRefusedError'
  override readonly name = 'SiteRefusedError'
}

/** A site report the parent does not keep: not from a site, about an unknown deployment, or malformed. */
export class SiteReportRefusedError extends Error {
  static override readonly name = 'SiteReportRefusedError'
  override readonly name = 'SiteReportRefusedError'
}

/** What a site's release store cannot do (it keeps releases; it has no slots to roll back). */
export class SiteReleaseError extends Error {
  static override readonly name = 'SiteReleaseError'
  override readonly name = 'SiteReleaseError'
}
