import { DatabaseSync } from 'node:sqlite'
import { DeploymentState, NodeState, parseDeploymentState, parseNodeState } from '../../state/index.js'

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
  /** as the host judged it from the member's last join connection (src/node/host/reachability.ts) */
  reachability?: string
  /** the IP address that connection came from: its own, or its router's */
  observedIp?: string
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
  )`,
  `CREATE TABLE deployments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    manifest_id TEXT NOT NULL,
    signed_manifest BLOB NOT NULL,
    publisher TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    plan TEXT NOT NULL DEFAULT '',
    host_bytes_sent INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE deployment_nodes (
    deployment_id TEXT NOT NULL REFERENCES deployments (id),
    peer_id TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    parent TEXT NOT NULL DEFAULT '',
    bytes_received INTEGER NOT NULL DEFAULT 0,
    bytes_sent INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    version TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (deployment_id, peer_id)
  );
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    deployment_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
  )`,
  // groups and rules (docs/fleet-rules.md): which updates each group may receive; see rules.ts and rules-store.ts
  `CREATE TABLE groups (
    name TEXT PRIMARY KEY,
    match TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE group_members (
    group_name TEXT NOT NULL REFERENCES groups (name),
    peer_id TEXT NOT NULL,
    PRIMARY KEY (group_name, peer_id)
  );
  CREATE TABLE rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL REFERENCES groups (name),
    package TEXT NOT NULL DEFAULT '',
    versions TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
  )`,
  // who a deployment is for and how it rolls out, so a resumed or catching-up one knows
  `ALTER TABLE deployments ADD COLUMN target TEXT NOT NULL DEFAULT '';
  ALTER TABLE deployments ADD COLUMN channel TEXT NOT NULL DEFAULT '';
  ALTER TABLE deployments ADD COLUMN waves TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE deployments ADD COLUMN max_failures REAL NOT NULL DEFAULT 0`,
  // a late member's catch-up to a finished deployment: its row is kept apart from the deployment's own nodes
  'ALTER TABLE deployment_nodes ADD COLUMN catch_up INTEGER NOT NULL DEFAULT 0',
  // the authorized admin keys, kept across restarts (docs/enrollment.md); see admins.ts
  `CREATE TABLE admins (
    peer_id TEXT PRIMARY KEY,
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL DEFAULT ''
  )`,
  // the sites this host admits, and their reports per deployment (docs/hierarchy.md; src/node/site/)
  `CREATE TABLE sites (
    peer_id TEXT PRIMARY KEY,
    marked_at INTEGER NOT NULL,
    marked_by TEXT NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0,
    revoked_by TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE site_reports (
    deployment_id TEXT NOT NULL,
    site TEXT NOT NULL,
    bytes_served INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    -- JSON: { members, counts } as the report gave them
    detail TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (deployment_id, site)
  )`,
  // what the host saw of each member's join connection (docs/internet.md)
  `ALTER TABLE members ADD COLUMN reachability TEXT NOT NULL DEFAULT 'unknown';
  ALTER TABLE members ADD COLUMN observed_ip TEXT NOT NULL DEFAULT ''`,
  // members revoked for good (`cascade member remove --revoke`): their joins are refused (src/node/host/revocations.ts)
  `CREATE TABLE revoked_members (
    peer_id TEXT PRIMARY KEY,
    revoked_at INTEGER NOT NULL,
    revoked_by TEXT NOT NULL
  )`
]

export interface DeploymentRecord {
  id: string
  name: string
  version: string
  manifestId: string
  signedManifest: Uint8Array
  publisher: string
  state: DeploymentState
  reason: string
  plan: string
  hostBytesSent: number
  createdAt: number
  startedAt: number
  finishedAt: number
  /** the selector it was published for ('' = all) and its channel */
  target: string
  channel: string
  /** cumulative fractions of the targets per wave ([] = one wave) */
  waves: number[]
  maxFailures: number
}

export interface DeploymentNodeRecord {
  deploymentId: string
  peerId: string
  state: NodeState
  reason: string
  parent: string
  bytesReceived: number
  bytesSent: number
  attempts: number
  version: string
  updatedAt: number
  /** written by a catch-up of a late member, not by the deployment's own rollout */
  catchUp?: boolean
}

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
  reachability: string
  observed_ip: string
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
    measuredAt: row.measured_at,
    reachability: row.reachability,
    observedIp: row.observed_ip
  }
}

/**
 * States are written only through the typed records below; a row holding
 * anything else (a hand-edited file) reads as failed rather than as a state
 * nothing can move out of.
 */
function toDeployment (row: Record<string, any>): DeploymentRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    manifestId: row.manifest_id,
    signedManifest: new Uint8Array(row.signed_manifest),
    publisher: row.publisher,
    state: parseDeploymentState(row.state) ?? DeploymentState.failed,
    reason: row.reason,
    plan: row.plan,
    hostBytesSent: row.host_bytes_sent,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    target: row.target ?? '',
    channel: row.channel ?? '',
    waves: JSON.parse(row.waves ?? '[]'),
    maxFailures: row.max_failures ?? 0
  }
}

function toNodeRecord (row: Record<string, any>): DeploymentNodeRecord {
  return {
    deploymentId: row.deployment_id,
    peerId: row.peer_id,
    state: parseNodeState(row.state) ?? NodeState.failed,
    reason: row.reason,
    parent: row.parent,
    bytesReceived: row.bytes_received,
    bytesSent: row.bytes_sent,
    attempts: row.attempts,
    version: row.version,
    updatedAt: row.updated_at,
    catchUp: row.catch_up === 1
  }
}

/** The host's durable state: members, deployments and per-node progress, the audit log. */
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
  upsertMember (member: Pick<MemberRecord, 'peerId' | 'addrs' | 'labels' | 'version' | 'uploadLimit'> & Pick<MemberRecord, 'reachability' | 'observedIp'>, now: number): void {
    this.db.prepare(`INSERT INTO members (peer_id, addrs, labels, version, upload_limit, first_seen, last_seen, reachability, observed_ip)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (peer_id) DO UPDATE SET addrs = excluded.addrs, labels = excluded.labels,
        version = excluded.version, upload_limit = excluded.upload_limit, last_seen = excluded.last_seen,
        reachability = excluded.reachability, observed_ip = excluded.observed_ip`)
      .run(member.peerId, JSON.stringify(member.addrs), JSON.stringify(member.labels), member.version, member.uploadLimit, now, now,
        member.reachability ?? 'unknown', member.observedIp ?? '')
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

  /** Forgets a member and its explicit group memberships (`cascade member remove`); false when it was not a member. */
  removeMember (peerId: string): boolean {
    this.db.exec('BEGIN')
    try {
      const { changes } = this.db.prepare('DELETE FROM members WHERE peer_id = ?').run(peerId)
      this.db.prepare('DELETE FROM group_members WHERE peer_id = ?').run(peerId)
      this.db.exec('COMMIT')
      return Number(changes) > 0
    } catch (err) {
      this.db.exec('ROLLBACK')
      throw err
    }
  }

  /** Fastest uploaders first: the order the host seeds in. */
  listMembers (): MemberRecord[] {
    return (this.db.prepare('SELECT * FROM members ORDER BY upload_bps DESC, peer_id').all() as unknown as MemberRow[]).map(toRecord)
  }

  insertDeployment (deployment: Omit<DeploymentRecord, 'reason' | 'plan' | 'hostBytesSent' | 'startedAt' | 'finishedAt'>): void {
    this.db.prepare(`INSERT INTO deployments (id, name, version, manifest_id, signed_manifest, publisher, state, created_at, target, channel, waves, max_failures)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(deployment.id, deployment.name, deployment.version, deployment.manifestId, deployment.signedManifest, deployment.publisher, deployment.state,
        deployment.createdAt, deployment.target, deployment.channel, JSON.stringify(deployment.waves), deployment.maxFailures)
  }

  updateDeployment (id: string, fields: Partial<Pick<DeploymentRecord, 'state' | 'reason' | 'plan' | 'hostBytesSent' | 'startedAt' | 'finishedAt'>>): void {
    const columns: Record<string, string> = { state: 'state', reason: 'reason', plan: 'plan', hostBytesSent: 'host_bytes_sent', startedAt: 'started_at', finishedAt: 'finished_at' }
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined)
    if (entries.length === 0) {
      return
    }
    this.db.prepare(`UPDATE deployments SET ${entries.map(([key]) => `${columns[key]} = ?`).join(', ')} WHERE id = ?`)
      .run(...entries.map(([, value]) => value as string | number), id)
  }

  getDeployment (id: string): DeploymentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deployments WHERE id = ?').get(id) as Record<string, any> | undefined
    return row == null ? undefined : toDeployment(row)
  }

  listDeployments (): DeploymentRecord[] {
    return (this.db.prepare('SELECT * FROM deployments ORDER BY created_at DESC').all() as Array<Record<string, any>>).map(toDeployment)
  }

  /**
   * Newest first, without the signed manifests (up to 1 MiB each): what is
   * read on every join, for catch-up, must not grow with a host's history.
   */
  listDeploymentsBrief (): Array<Omit<DeploymentRecord, 'signedManifest'>> {
    const columns = 'id, name, version, manifest_id, publisher, state, reason, plan, host_bytes_sent, created_at, started_at, finished_at, target, channel, waves, max_failures'
    return (this.db.prepare(`SELECT ${columns}, x'' AS signed_manifest FROM deployments ORDER BY created_at DESC`).all() as Array<Record<string, any>>).map(toDeployment)
  }

  /** A node's row; a target of the rollout stays one when a catch-up later serves it again (its catch_up flag is kept). */
  upsertDeploymentNode (node: DeploymentNodeRecord): void {
    this.db.prepare(`INSERT INTO deployment_nodes (deployment_id, peer_id, state, reason, parent, bytes_received, bytes_sent, attempts, version, updated_at, catch_up)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (deployment_id, peer_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, parent = excluded.parent,
        bytes_received = excluded.bytes_received, bytes_sent = excluded.bytes_sent, attempts = excluded.attempts,
        version = excluded.version, updated_at = excluded.updated_at`)
      .run(node.deploymentId, node.peerId, node.state, node.reason, node.parent, node.bytesReceived, node.bytesSent, node.attempts, node.version, node.updatedAt, node.catchUp === true ? 1 : 0)
  }

  /** Forgets the node rows of a deployment that starts again from nothing (a site's forward cut off by its restart). */
  clearDeploymentNodes (deploymentId: string): void {
    this.db.prepare('DELETE FROM deployment_nodes WHERE deployment_id = ?').run(deploymentId)
  }

  listDeploymentNodes (deploymentId: string): DeploymentNodeRecord[] {
    return (this.db.prepare('SELECT * FROM deployment_nodes WHERE deployment_id = ? ORDER BY peer_id').all(deploymentId) as Array<Record<string, any>>).map(toNodeRecord)
  }

  /** One member's rows in every deployment, the newest first. */
  listMemberNodes (peerId: string): DeploymentNodeRecord[] {
    return (this.db.prepare('SELECT * FROM deployment_nodes WHERE peer_id = ? ORDER BY updated_at DESC').all(peerId) as Array<Record<string, any>>).map(toNodeRecord)
  }

  /** Append-only: who published, approved, paused or cancelled what, and when. */
  audit (actor: string, action: string, deploymentId = '', detail = ''): void {
    this.db.prepare('INSERT INTO audit_log (at, actor, action, deployment_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(Date.now(), actor, action, deploymentId, detail)
  }

  auditLog (): Array<{ seq: number, at: number, actor: string, action: string, deploymentId: string, detail: string }> {
    return (this.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Record<string, any>>).map(row => ({
      seq: row.seq, at: row.at, actor: row.actor, action: row.action, deploymentId: row.deployment_id, detail: row.detail
    }))
  }

  close (): void {
    if (this.db.isOpen) {
      this.db.close()
    }
  }
}
