import { Command } from 'commander'
import { adminCommand } from '../../admin-options.js'
import { runDeploymentControl } from './handler.js'
import { DEPLOYMENT_ACTIONS } from './options.js'
import type { DeploymentControlOptions } from './options.js'

/** `cascade deployment pause|resume|cancel ID`. */
export function deploymentCommand (): Command {
  const command = new Command('deployment')
    .description('pause, resume or cancel a deployment (admins only)')
  for (const action of DEPLOYMENT_ACTIONS) {
    command.addCommand(adminCommand(action, `${action} a deployment`)
      .argument('<id>', 'the deployment id, as `cascade deployments` shows it')
      .action(async (id: string, options: DeploymentControlOptions) => { await runDeploymentControl(action, id, options) }))
  }
  return command
}
