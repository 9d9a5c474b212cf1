import { Option } from 'commander'
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../../../protocols/admin/index.js'
import { jsonOption, limitOption } from '../../admin-options.js'
import type { AdminCommandOptions } from '../../admin-options.js'

export interface AuditOptions extends AdminCommandOptions {
  deployment?: string
  limit?: number
  json?: boolean
}

export function auditOptions (): Option[] {
  return [
    new Option('--deployment <id>', 'only entries about this deployment'),
    new Option('--limit <n>', `the newest n entries (default ${DEFAULT_AUDIT_LIMIT}, at most ${MAX_AUDIT_LIMIT})`).argParser(limitOption),
    jsonOption()
  ]
}
