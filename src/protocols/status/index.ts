/**
 * `/cascade/status/1.0.0`: a peer asks the host for its member list, one
 * request and one response per stream. By default only authorized admins
 * are answered; others get a refusal starting with STATUS_FOR_ADMINS_ONLY
 * (`cascade host --status-access`, docs/enrollment.md).
 */
export { StatusRequest, StatusResponse, Member, MemberLabel, SiteStatus, SiteCount } from './status.js'

export const STATUS_PROTOCOL = '/cascade/status/1.0.0'

/** A request is a handful of bytes. */
export const MAX_STATUS_REQUEST_BYTES = 1024

/**
 * ~300 bytes per member: 16 MiB answers for fleets of tens of thousands of
 * devices, and bounds what a client of the host will buffer.
 */
export const MAX_STATUS_RESPONSE_BYTES = 16 * 1024 * 1024

export const STATUS_TIMEOUT_MS = 30_000

/** How a refusal of status to a peer that is not an admin begins (the host's `--status-access admins`). */
export const STATUS_FOR_ADMINS_ONLY = 'the host shows status to admins only'
