/**
 * `/cascade/status/1.0.0`: any peer asks the host for its member list, one
 * request and one response per stream.
 */
export { StatusRequest, StatusResponse, Member, MemberLabel } from './status.js'

export const STATUS_PROTOCOL = '/cascade/status/1.0.0'

/** A request is a handful of bytes. */
export const MAX_STATUS_REQUEST_BYTES = 1024

/**
 * ~300 bytes per member: 16 MiB answers for fleets of tens of thousands of
 * devices, and bounds what a client of the host will buffer.
 */
export const MAX_STATUS_RESPONSE_BYTES = 16 * 1024 * 1024

export const STATUS_TIMEOUT_MS = 30_000
