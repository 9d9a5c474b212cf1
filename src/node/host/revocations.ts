/**
 * Members revoked for good (`cascade member remove --revoke`,
 * docs/enrollment.md): unlike a removed member, a revoked peer's joins are
 * refused from then on, with or without the join token. Kept in the
 * host's database (table `revoked_members`).
 */
import type { DatabaseSync } from 'node:sqlite'

export class RevokedMembers {
  private readonly db: DatabaseSync

  /** `db`: the host's open database (HostDatabase.db), migrated. */
  constructor (db: DatabaseSync) {
    this.db = db
  }

  /** Who revoked `peerId`, or undefined when it is not revoked. */
  revokedBy (peerId: string): string | undefined {
    const row = this.db.prepare('SELECT revoked_by FROM revoked_members WHERE peer_id = ?').get(peerId) as { revoked_by: string } | undefined
    return row?.revoked_by
  }

  /** Every revoked peer id, oldest first. */
  list (): string[] {
    return (this.db.prepare('SELECT peer_id FROM revoked_members ORDER BY revoked_at, peer_id').all() as Array<{ peer_id: string }>).map(row => row.peer_id)
  }

  revoke (peerId: string, actor: string): void {
    this.db.prepare('INSERT INTO revoked_members (peer_id, revoked_at, revoked_by) VALUES (?, ?, ?) ON CONFLICT (peer_id) DO NOTHING')
      .run(peerId, Date.now(), actor)
  }
}
