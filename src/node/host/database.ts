import { DatabaseSync } from 'node:sqlite'

/** One member of the fleet as the host records it. */
export interface MemberRecord {
  peerId: string
  addrs: string[]
  labels: Record<string, string>
  version: string
  /** the node's own configured cap, bytes/s, 0 when none */
  uploadLimit: number
  /** measured by the host's probe, bytes/s; 0 until measured */
  uploadBps: number
  downloadBps: number
  rttMs: number
  firstSeen: number
  lastSeen: number
  measuredAt: number
}

export interface Measurement {
  uploadBps: number
  downloadBps: number
  rttMs: number
  measuredAt: number
}

/**
 * Each entry moves the schema one version up; `PRAGMA user_version` records
 * how many have been applied, so an older data dir is upgraded in place.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE members (
    peer_id TEXT PRIMARY KEY,
    addrs TEXT NOT NULL,
    labels TEXT NOT NULL,
    version TEXT NOT NULL,
    upload_limit INTEGER NOT NULL DEFAULT 0,
    upload_bps INTEGER NOT NULL DEFAULT 0,
    download_bps INTEGER NOT NULL DEFAULT 0,
    rtt_ms INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    measured_at INTEGER NOT NULL DEFAULT 0
  )`
]

interface MemberRow {
  peer_id: string
  addrs: string
  labels: string
  version: string
  upload_limit: number
  upload_bps: number
  download_bps: number
  rtt_ms: number
  first_seen: number
  last_seen: number
  measured_at: number
}

function toRecord (row: MemberRow): MemberRecord {
  return {
    peerId: row.peer_id,
    addrs: JSON.parse(row.addrs),
    labels: JSON.parse(row.labels),
    version: row.version,
    uploadLimit: row.upload_limit,
    uploadBps: row.upload_bps,
    downloadBps: row.download_bps,
    rttMs: row.rtt_ms,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    measuredAt: row.measured_at
  }
}

/** The host's durable state: members (and, later, deployments) in SQLite. */
export class HostDatabase {
  readonly db: DatabaseSync

  constructor (path: string) {
    this.db = new DatabaseSync(path)
    // WAL: readers (status) do not block the writer; NORMAL is durable across
    // process crashes, which is what a daemon killed with -9 needs
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000')
    this.migrate()
  }

  private migrate (): void {
    const { user_version: applied } = this.db.prepare('PRAGMA user_version').get() as { user_version: number }
    for (let version = applied; version < MIGRATIONS.length; version++) {
      this.db.exec('BEGIN')
      try {
        this.db.exec(MIGRATIONS[version])
        this.db.exec(`PRAGMA user_version = ${version + 1}`)
        this.db.exec('COMMIT')
      } catch (err) {
        this.db.exec('ROLLBACK')
        throw err
      }
    }
  }

  /** Records a (re)join; measurements from earlier visits are kept. */
  upsertMember (member: Pick<MemberRecord, 'peerId' | 'addrs' | 'labels' | 'version' | 'uploadLimit'>, now: number): void {
    this.db.prepare(`INSERT INTO members (peer_id, addrs, labels, version, upload_limit, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (peer_id) DO UPDATE SET addrs = excluded.addrs, labels = excluded.labels,
        version = excluded.version, upload_limit = excluded.upload_limit, last_seen = excluded.last_seen`)
      .run(member.peerId, JSON.stringify(member.addrs), JSON.stringify(member.labels), member.version, member.uploadLimit, now, now)
  }

  setVersion (peerId: string, version: string): void {
    this.db.prepare('UPDATE members SET version = ? WHERE peer_id = ?').run(version, peerId)
  }

  setMeasurement (peerId: string, measurement: Measurement): void {
    this.db.prepare('UPDATE members SET upload_bps = ?, download_bps = ?, rtt_ms = ?, measured_at = ? WHERE peer_id = ?')
      .run(Math.round(measurement.uploadBps), Math.round(measurement.downloadBps), Math.round(measurement.rttMs), measurement.measuredAt, peerId)
  }

  touch (peerId: string, now: number): void {
    this.db.prepare('UPDATE members SET last_seen = ? WHERE peer_id = ?').run(now, peerId)
  }

  getMember (peerId: string): MemberRecord | undefined {
    const row = this.db.prepare('SELECT * FROM members WHERE peer_id = ?').get(peerId) as MemberRow | undefined
    return row == null ? undefined : toRecord(row)
  }

  /** Fastest uploaders first: the order the host seeds in. */
  listMembers (): MemberRecord[] {
    return (this.db.prepare('SELECT * FROM members ORDER BY upload_bps DESC, peer_id').all() as unknown as MemberRow[]).map(toRecord)
  }

  close (): void {
    if (this.db.isOpen) {
      this.db.close()
    }
  }
}
