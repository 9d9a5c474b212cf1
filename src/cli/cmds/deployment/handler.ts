import { controlDeployment } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import type { DeploymentControlOptions } from './options.js'
import type { ControlAction } from '../../../protocols/admin/index.js'

/** Pauses, resumes or cancels deployment `id`; prints what the host did. */
export async function runDeploymentControl (action: ControlAction, id: string, options: DeploymentControlOptions): Promise<void> {
  process.stdout.write(`${await controlDeployment(await adminOf(options), id, action)}\n`)
}
