/**
 * The host's authorized admins (docs/enrollment.md): the keys that may
 * publish, send admin requests and read status. They live in the host's
 * database (table `admins`), so they survive a restart; `cascade host
 * --admin` adds to them at start (the bootstrap), `cascade admin add|remove`
 * changes them. Every check reads an in-memory set, refreshed on each change.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { MAX_ADMINS } from '../../protocols/admin/index.js'
import type { DatabaseSync } from 'node:sqlite'

/** What `--admin` keys are recorded as added by. */
export const BOOTSTRAP_ACTOR = 'host (--admin)'

/** A peer id is ~52 characters; a refusal quotes at most this much of a bad one. */
const QUOTED_CHARS = 64

export interface AdminRecord {
  peerId: string
  /** unix ms */
  addedAt: number
  /** the admin's peer id who added it, or BOOTSTRAP_ACTOR */
  addedBy: string
}

/** Who is an authorized admin: the host's AdminRegistry, or a plain Set where nothing manages them. */
export interface AdminCheck {
  has(peerId: string): boolean
}

/** Not a peer id, not an admin, already one, or the last one. */
export class InvalidAdminError extends Error {
  static override readonly name = 'InvalidAdminError'
  override readonly name = 'InvalidAdminError'
}

/** `value` as a peer id in its canonical text form; InvalidAdminError when it is not one. */
export function checkPeerId (value: string): string {
  try {
    return peerIdFromString(value).toString()
  } catch {
    throw new InvalidAdminError(`"${value.slice(0, QUOTED_CHARS)}" is not a peer id (one like 12D3KooW…, as \`cascade keygen\` prints)`)
  }
}

export class AdminRegistry implements AdminCheck {
  private readonly db: DatabaseSync
  private ids = new Set<string>()

  /** `db`: the host's open database (HostDatabase.db), migrated. */
  constructor (db: DatabaseSync) {
    this.db = db
    this.refresh()
  }

  private refresh (): void {
    this.ids = new Set(this.list().map(admin => admin.peerId))
  }

  has (peerId: string): boolean {
    return this.ids.has(peerId)
  }

  get size (): number {
    return this.ids.size
  }

  /** Oldest first. */
  list (): AdminRecord[] {
    return (this.db.prepare('SELECT peer_id, added_at, added_by FROM admins ORDER BY added_at, peer_id').all() as Array<Record<string, any>>)
      .map(row => ({ peerId: row.peer_id, addedAt: row.added_at, addedBy: row.added_by }))
  }

  /** At start: every `--admin` key not yet authorized is added, as by BOOTSTRAP_ACTOR; returns the ones added. */
  bootstrap (peerIds: string[]): string[] {
    const added = [...new Set(peerIds.map(checkPeerId))].filter(peerId => !this.has(peerId))
    for (const peerId of added) {
      this.insert(peerId, BOOTSTRAP_ACTOR)
    }
    return added
  }

  /** Authorizes `peerId`; InvalidAdminError when it is not a peer id, or already an admin. */
  add (peerId: string, actor: string): AdminRecord {
    const id = checkPeerId(peerId)
    if (this.has(id)) {
      throw new InvalidAdminError(`${id} is already an admin`)
    }
    if (this.size >= MAX_ADMINS) {
      throw new InvalidAdminError(`a host keeps at most ${MAX_ADMINS} admins; remove one first`)
    }
    return this.insert(id, actor)
  }

  /** Withdraws `peerId`; refused when it is not an admin, or the last one (nobody could manage the fleet any more). */
  remove (peerId: string): AdminRecord {
    const id = checkPeerId(peerId)
    const admin = this.list().find(record => record.peerId === id)
    if (admin == null) {
      throw new InvalidAdminError(`${id} is not an admin`)
    }
    if (this.size <= 1) {
      throw new InvalidAdminError(`${id} is the last admin: removing it would lock every admin out of the fleet; add another admin first`)
    }
    this.db.prepare('DELETE FROM admins WHERE peer_id = ?').run(id)
    this.refresh()
    return admin
  }

  private insert (peerId: string, actor: string): AdminRecord {
    const record = { peerId, addedAt: Date.now(), addedBy: actor }
    this.db.prepare('INSERT INTO admins (peer_id, added_at, added_by) VALUES (?, ?, ?)').run(record.peerId, record.addedAt, record.addedBy)
    this.refresh()
    return record
  }
}
