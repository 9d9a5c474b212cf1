/**
 * The host's refusals, thrown where they are decided and turned into the
 * wire's refusal at the protocol edge (publish-service.ts, admin-service.ts).
 */
export { PublishRefusedError } from '../admin/publish.js'

/** pause / resume / cancel of a deployment that cannot take it (not running, already paused, finished). */
export class DeploymentControlError extends Error {
  static override readonly name = 'DeploymentControlError'
  override readonly name = 'DeploymentControlError'
}

/** A CascadeHostInit value the host cannot start with (index.ts). */
export class InvalidHostOptionError extends Error {
  static override readonly name = 'InvalidHostOptionError'
  override readonly name = 'InvalidHostOptionError'
}
