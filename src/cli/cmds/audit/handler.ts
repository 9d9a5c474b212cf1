import { listAudit } from '../../../node/admin/admin-client.js'
import { adminOf } from '../../admin-options.js'
import { formatAudit } from '../../admin-tables.js'
import type { AuditOptions } from './options.js'

export async function runAudit (options: AuditOptions): Promise<void> {
  const audit = await listAudit(await adminOf(options), { limit: options.limit, deploymentId: options.deployment })
  process.stdout.write(options.json === true ? `${JSON.stringify(audit, null, 2)}\n` : `${formatAudit(audit)}\n`)
}
