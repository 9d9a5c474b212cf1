/**
 * The fleet's root of trust, in TUF's metadata format (@tufjs/models):
 * root metadata provisioned on every node, release (targets) metadata
 * signed by a threshold of publishers, timestamps signed by the host's
 * online key. docs/security.md says what each stops.
 */
export { TrustError } from './errors.js'
export { tufKey, tufKeyOfPeerId, tufSigner } from './keys.js'
export { buildRoot, checkRootUpdate, checkSelfSigned, encodeMetadata, parseRoot, signMetadata, MAX_METADATA_BYTES } from './root.js'
export type { RootInit } from './root.js'
export { buildRelease, newDeploymentId, readRelease, rollbackDeploymentOf, verifyRelease, withRelease, DEFAULT_RELEASE_LIFETIME_MS, DEFAULT_ROLLBACK_LIFETIME_MS } from './release.js'
export type { TrustedRelease } from './release.js'
export { DEFAULT_TIMESTAMP_LIFETIME_MS } from './timestamp.js'
export { NodeTrust } from './node-trust.js'
export { HostTrust } from './host-trust.js'
export type { HostTrustInit } from './host-trust.js'
export { TrustRefresh, DEFAULT_TRUST_REFRESH_MS } from './trust-refresh.js'
