/**
 * The parent's side of the reports its sites send (docs/hierarchy.md): a
 * `SiteReport` on a site's control channel is accepted only from a marked
 * site, for a deployment that exists here and that site was a node of;
 * anything else is refused with the reason and changes nothing. Accepted
 * reports are kept in the database (table `site_reports`, the latest per
 * deployment and site) and announced as `report` events: the publish
 * service forwards them as progress and waits for them before its summary
 * (site-summary.ts), and status shows them (`cascade status --tree`).
 */
import { EventEmitter } from 'node:events'
import { peerIdFromString } from '@libp2p/peer-id'
import { NODE_STATES } from '../../state/index.js'
import { SiteReportRefusedError } from './errors.js'
import type { HostDatabase } from '../host/database.js'
import type { SiteMarks } from './site-marks.js'
import type { SiteMemberState, SiteReport, SiteStateCount } from '../../protocols/join/index.js'

/** Reasons and versions longer than this are refused: a report is for people, not a data channel. */
const MAX_TEXT_LENGTH = 512

/** Printable ASCII, no control characters: what a report's text may hold. */
const REPORT_TEXT = /^[ -~]*$/

/** The latest report of one site about one deployment, as kept. */
export interface KeptSiteReport {
  deploymentId: string
  site: string
  bytesServed: number
  finished: boolean
  members: SiteMemberState[]
  counts: SiteStateCount[]
  updatedAt: number
}

export interface SiteReportsEvents {
  report: [KeptSiteReport]
}

interface ReportRow {
  deployment_id: string
  site: string
  bytes_served: number
  finished: number
  detail: string
  updated_at: number
}

function checkText (value: string, what: string): void {
  if (value.length > MAX_TEXT_LENGTH || !REPORT_TEXT.test(value)) {
    throw new SiteReportRefusedError(`${what} must be at most ${MAX_TEXT_LENGTH} printable characters`)
  }
}

function checkMember (member: SiteMemberState): void {
  for (const peerId of [member.peerId, ...(member.site === '' ? [] : [member.site])]) {
    try {
      peerIdFromString(peerId)
    } catch {
      throw new SiteReportRefusedError(`"${peerId.slice(0, 64)}" is not a peer id`)
    }
  }
  if (member.state !== '' && !(NODE_STATES as readonly string[]).includes(member.state)) {
    throw new SiteReportRefusedError(`"${member.state.slice(0, 32)}" is not a node state`)
  }
  checkText(member.version, 'a version')
  checkText(member.reason, 'a reason')
}

export class SiteReports extends EventEmitter<SiteReportsEvents> {
  private readonly database: HostDatabase
  private readonly marks: SiteMarks

  constructor (components: { database: HostDatabase, sites: SiteMarks }) {
    super()
    this.database = components.database
    this.marks = components.sites
  }

  /** Checks and keeps a site's report; throws SiteReportRefusedError with why it was refused. */
  accept (site: string, report: SiteReport): KeptSiteReport {
    if (!this.marks.isSite(site)) {
      throw new SiteReportRefusedError(`site report from ${site}, which is not a site of this host`)
    }
    const id = report.deploymentId
    checkText(id, 'a deployment id')
    if (this.database.getDeployment(id) == null) {
      throw new SiteReportRefusedError(`site report for deployment "${id.slice(0, 64)}", which does not exist`)
    }
    if (!this.database.listDeploymentNodes(id).some(node => node.peerId === site)) {
      throw new SiteReportRefusedError(`site report for deployment ${id}, which site ${site} was not part of`)
    }
    report.members.forEach(checkMember)
    for (const count of report.counts) {
      if (!(NODE_STATES as readonly string[]).includes(count.state) && count.state !== '') {
        throw new SiteReportRefusedError(`"${count.state.slice(0, 32)}" is not a node state`)
      }
    }
    if (!Number.isSafeInteger(report.bytesServed) || report.bytesServed < 0) {
      throw new SiteReportRefusedError('bytes served out of range')
    }
    const kept: KeptSiteReport = { deploymentId: id, site, bytesServed: report.bytesServed, finished: report.finished, members: report.members, counts: report.counts, updatedAt: Date.now() }
    this.database.db.prepare(`INSERT INTO site_reports (deployment_id, site, bytes_served, finished, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (deployment_id, site) DO UPDATE SET bytes_served = excluded.bytes_served, finished = excluded.finished,
        detail = excluded.detail, updated_at = excluded.updated_at`)
      .run(id, site, kept.bytesServed, kept.finished ? 1 : 0, JSON.stringify({ members: kept.members, counts: kept.counts }), kept.updatedAt)
    this.emit('report', kept)
    return kept
  }

  /** The latest report of every site about `deploymentId`. */
  forDeployment (deploymentId: string): KeptSiteReport[] {
    const rows = this.database.db.prepare('SELECT * FROM site_reports WHERE deployment_id = ? ORDER BY site').all(deploymentId) as unknown as ReportRow[]
    return rows.map(row => {
      const { members, counts } = JSON.parse(row.detail)
      return { deploymentId: row.deployment_id, site: row.site, bytesServed: row.bytes_served, finished: row.finished === 1, members, counts, updatedAt: row.updated_at }
    })
  }

  /** The latest report of each site, about whichever deployment it reported last. */
  latest (): KeptSiteReport[] {
    const rows = this.database.db.prepare('SELECT deployment_id, site FROM site_reports ORDER BY updated_at DESC').all() as unknown as ReportRow[]
    const seen = new Set<string>()
    return rows.filter(row => !seen.has(row.site) && seen.add(row.site) != null)
      .map(row => this.get(row.deployment_id, row.site))
      .filter((report): report is KeptSiteReport => report != null)
  }

  /** The latest report of `site` about `deploymentId`, if any. */
  get (deploymentId: string, site: string): KeptSiteReport | undefined {
    return this.forDeployment(deploymentId).find(report => report.site === site)
  }
}
