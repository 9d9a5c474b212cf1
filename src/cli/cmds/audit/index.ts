import { adminCommand } from '../../admin-options.js'
import { runAudit } from './handler.js'
import { auditOptions } from './options.js'
import type { AuditOptions } from './options.js'
import type { Command } from 'commander'

/** `cascade audit`: the host's audit log. */
export function auditCommand (): Command {
  return adminCommand('audit', 'the host\'s audit log: who published, changed groups and rules, paused or cancelled what (admins only)', auditOptions())
    .action(async (options: AuditOptions) => { await runAudit(options) })
}
