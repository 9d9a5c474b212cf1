import { Option } from 'commander'
import { DEFAULT_DEPLOYMENT_LIMIT, MAX_DEPLOYMENT_LIMIT } from '../../../protocols/admin/index.js'
import { jsonOption, limitOption } from '../../admin-options.js'
import type { AdminCommandOptions } from '../../admin-options.js'

export interface DeploymentsOptions extends AdminCommandOptions {
  limit?: number
  json?: boolean
}

export function deploymentsOptions (): Option[] {
  return [
    new Option('--limit <n>', `how many (default ${DEFAULT_DEPLOYMENT_LIMIT}, at most ${MAX_DEPLOYMENT_LIMIT})`).argParser(limitOption),
    jsonOption()
  ]
}
