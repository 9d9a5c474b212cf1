import { adminCommand } from '../../admin-options.js'
import { runDeployments } from './handler.js'
import { deploymentsOptions } from './options.js'
import type { DeploymentsOptions } from './options.js'
import type { Command } from 'commander'

/** `cascade deployments`: the host's deployments, newest first. */
export function deploymentsCommand (): Command {
  return adminCommand('deployments', 'list deployments, newest first, with their nodes per state (admins only)', deploymentsOptions())
    .action(async (options: DeploymentsOptions) => { await runDeployments(options) })
}
