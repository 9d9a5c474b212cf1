/**
 * How late a node's reports arrive (docs/reliability.md, "A relay that falls
 * behind"). A node's reports share its uplink with everything it relays; when
 * that uplink collapses they wait behind a full queue, seconds each, and what
 * they say is that old. Each report carries the node's clock when it was sent
 * (`StateReport.sent_at`); arrival minus sending is the clocks' offset plus
 * the report's wait. The smallest such difference seen in this deployment
 * stands for the offset (the first reports leave an idle uplink), so a
 * report's lag is its difference less that smallest one. Clocks that drift
 * during one deployment move it by far less than the seconds that matter.
 */

/** What the host keeps of a node's reports. */
export interface ReportTimes {
  /** when its last report arrived (host clock, ms); 0 before the first */
  reportedAt: number
  /** the smallest arrival-minus-sending seen so far; undefined before the first report that says when it was sent */
  reportOffset?: number
  /** how long its last report waited beyond the quickest one (ms) */
  reportLag: number
}

/** Records a report's arrival at `now`, sent at `sentAt` on the node's clock (absent from older nodes). */
export function noteReport (node: ReportTimes, sentAt: number | undefined, now = Date.now()): void {
  node.reportedAt = now
  if (sentAt == null || !Number.isFinite(sentAt)) {
    node.reportLag = 0
    return
  }
  const difference = now - sentAt
  node.reportOffset = Math.min(node.reportOffset ?? difference, difference)
  node.reportLag = difference - node.reportOffset
}

/** How old what the node last told us is, at `now`: the wait since its last report, plus that report's own lag. */
export function reportAge (node: ReportTimes, now = Date.now()): number {
  return node.reportedAt === 0 ? 0 : now - node.reportedAt + node.reportLag
}
