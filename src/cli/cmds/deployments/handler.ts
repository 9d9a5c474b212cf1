import { listDeployments } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import { deploymentsToJson, formatDeployments } from '../../admin-tables.js'
import type { DeploymentsOptions } from './options.js'

export async function runDeployments (options: DeploymentsOptions): Promise<void> {
  const deployments = await listDeployments(await adminOf(options), options.limit ?? 0)
  process.stdout.write(options.json === true ? `${JSON.stringify(deploymentsToJson(deployments), null, 2)}\n` : `${formatDeployments(deployments)}\n`)
}
