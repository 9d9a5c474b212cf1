/**
 * Read-only views of the host database for admins: the deployments with
 * their per-state node counts, and the newest entries of the audit log.
 */
import type { AuditEntry, Deployment, NodeStateCount } from '../../protocols/admin/index.js'
import { NodeState } from '../../state/index.js'
import type { DatabaseSync } from 'node:sqlite'

export class AdminQueries {
  private readonly db: DatabaseSync

  /** `db`: the host's open database (HostDatabase.db). */
  constructor (db: DatabaseSync) {
    this.db = db
  }

  /** The newest `limit` deployments, newest first. */
  deployments (limit: number): Deployment[] {
    const rows = this.db.prepare(`SELECT id, name, version, state, reason, publisher, created_at, started_at, finished_at, host_bytes_sent
      FROM deployments ORDER BY created_at DESC, id DESC LIMIT ?`).all(limit) as Array<Record<string, any>>
    // a late member's catch-up (catch_up = 1) is counted apart from the deployment's own nodes
    const count = this.db.prepare('SELECT state, COUNT(*) AS n FROM deployment_nodes WHERE deployment_id = ? AND catch_up = ? GROUP BY state ORDER BY state')
    const catchUpFailures = this.db.prepare(`SELECT peer_id, state, reason FROM deployment_nodes WHERE deployment_id = ? AND catch_up = 1 AND state IN ('${NodeState.failed}', '${NodeState.rolledBack}') ORDER BY peer_id`)
    return rows.map(row => {
      const nodeStates: NodeStateCount[] = []
      let nodeCount = 0
      for (const { state, n } of count.all(row.id, 0) as Array<{ state: string, n: number }>) {
        nodeStates.push({ state, count: n })
        nodeCount += n
      }
      const catchUpStates = (count.all(row.id, 1) as Array<{ state: string, n: number }>).map(({ state, n }) => ({ state, count: n }))
      // every failure with its reason: the catch-ups' after the deployment's own
      const reasons = [row.reason, ...(catchUpFailures.all(row.id) as Array<Record<string, string>>).map(f => `catch-up ${f.peer_id}: ${f.state} (${f.reason})`)]
      return {
        id: row.id,
        name: row.name,
        version: row.version,
        state: row.state,
        reason: reasons.filter(reason => reason !== '').join('; '),
        publisher: row.publisher,
        createdAt: row.created_at,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        hostBytesSent: row.host_bytes_sent,
        nodeCount,
        nodeStates,
        catchUpStates
      }
    })
  }

  /** How many deployments are kept in each state (one query, however long the history). */
  countByState (): Array<{ state: string, n: number }> {
    return this.db.prepare('SELECT state, COUNT(*) AS n FROM deployments GROUP BY state ORDER BY state').all() as Array<{ state: string, n: number }>
  }

  /** The newest `limit` audit entries (of one deployment when `deploymentId` is set), oldest first. */
  audit (limit: number, deploymentId = ''): AuditEntry[] {
    const rows = (deploymentId === ''
      ? this.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT * FROM audit_log WHERE deployment_id = ? ORDER BY seq DESC LIMIT ?').all(deploymentId, limit)) as Array<Record<string, any>>
    return rows.reverse().map(row => ({
      seq: row.seq, at: row.at, actor: row.actor, action: row.action, deploymentId: row.deployment_id, detail: row.detail
    }))
  }
}
