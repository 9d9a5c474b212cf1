/**
 * The parent's side of a site (docs/hierarchy.md): which peers its admins
 * marked as site hosts (`cascade member site PEER_ID`, `--revoke`), kept in
 * the host's database (table `sites`). A join that says it is a site is
 * admitted only for a marked peer; revoking the mark disconnects the site,
 * drops it from the deployments running now, and refuses its next joins.
 */
import { logger } from '@libp2p/logger'
import { checkPeerId } from '../host/admins.js'
import { SiteMarkError, SiteRefusedError } from './errors.js'
import type { HostComponents } from '../host/components.js'
import type { DatabaseSync } from 'node:sqlite'

const log = logger('cascade:host:sites')

export interface SiteRecord {
  peerId: string
  markedAt: number
  markedBy: string
  /** 0 while the mark stands */
  revokedAt: number
  revokedBy: string
}

/** What the admin service needs for `cascade member site` (without it, those requests are refused). */
export interface SiteMarker {
  /** Marks `peerId` a site (or revokes its mark) as `actor`; returns what was done, throws SiteMarkError with why not. */
  mark(peerId: string, revoke: boolean, actor: string): string
}

interface SiteRow {
  peer_id: string
  marked_at: number
  marked_by: string
  revoked_at: number
  revoked_by: string
}

function toRecord (row: SiteRow): SiteRecord {
  return { peerId: row.peer_id, markedAt: row.marked_at, markedBy: row.marked_by, revokedAt: row.revoked_at, revokedBy: row.revoked_by }
}

/** The marks, read and written in the host's database. */
export class SiteMarks {
  private readonly db: DatabaseSync

  constructor (db: DatabaseSync) {
    this.db = db
  }

  get (peerId: string): SiteRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sites WHERE peer_id = ?').get(peerId) as SiteRow | undefined
    return row == null ? undefined : toRecord(row)
  }

  /** The peer is a site of this host now (marked, not revoked). */
  isSite (peerId: string): boolean {
    const record = this.get(peerId)
    return record != null && record.revokedAt === 0
  }

  list (): SiteRecord[] {
    return (this.db.prepare('SELECT * FROM sites ORDER BY marked_at').all() as unknown as SiteRow[]).map(toRecord)
  }

  /** Marks (again) `peerId` a site. */
  add (peerId: string, actor: string): void {
    this.db.prepare(`INSERT INTO sites (peer_id, marked_at, marked_by) VALUES (?, ?, ?)
      ON CONFLICT (peer_id) DO UPDATE SET marked_at = excluded.marked_at, marked_by = excluded.marked_by, revoked_at = 0, revoked_by = ''`)
      .run(peerId, Date.now(), actor)
  }

  revoke (peerId: string, actor: string): void {
    this.db.prepare('UPDATE sites SET revoked_at = ?, revoked_by = ? WHERE peer_id = ?').run(Date.now(), actor, peerId)
  }
}

/** `cascade member site [--revoke] PEER_ID` on the parent. */
export class SiteMarking implements SiteMarker {
  private readonly components: Pick<HostComponents, 'channels' | 'deployments'>
  private readonly marks: SiteMarks

  constructor (components: Pick<HostComponents, 'channels' | 'deployments'>, marks: SiteMarks) {
    this.components = components
    this.marks = marks
  }

  mark (peerId: string, revoke: boolean, actor: string): string {
    let id: string
    try {
      id = checkPeerId(peerId)
    } catch (err: any) {
      throw new SiteMarkError(err.message)
    }
    if (!revoke) {
      if (this.marks.isSite(id)) {
        throw new SiteMarkError(`${id} is a site already`)
      }
      this.marks.add(id, actor)
      log('site %s marked by %s', id, actor)
      return `site ${id} marked: it may join as a site host`
    }
    if (!this.marks.isSite(id)) {
      throw new SiteMarkError(`${id} is not a site of this host`)
    }
    this.marks.revoke(id, actor)
    // a revoked site gets nothing more: out of the running deployments, then disconnected
    const dropped = this.components.deployments.removed(id, `site revoked by ${actor}`)
    const online = this.components.channels.get(id)
    online?.close()
    log('site %s revoked by %s', id, actor)
    return `site ${id} revoked${online != null ? ', disconnected' : ''}${dropped.length > 0 ? `, dropped from deployment ${dropped.join(', ')}` : ''}`
  }
}

/**
 * A join that says it is a site must come from a marked site; a revoked
 * site is refused whatever it says (it gets nothing more). Not permanent:
 * the admin may mark it later, and its next attempt is admitted.
 */
export function checkSiteJoin (marks: SiteMarks, peerId: string, claimsSite: boolean): void {
  const record = marks.get(peerId)
  if (record != null && record.revokedAt !== 0) {
    throw new SiteRefusedError(`site ${peerId} was revoked by ${record.revokedBy}`)
  }
  if (claimsSite && record == null) {
    throw new SiteRefusedError(`${peerId} is not a site of this host: its admin must mark it (cascade member site ${peerId})`)
  }
}
