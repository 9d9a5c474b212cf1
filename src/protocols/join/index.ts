/**
 * `/cascade/join/1.0.0`: a node opens this stream to its host, sends a
 * JoinRequest, gets a JoinResponse, and keeps the stream open as its control
 * channel (HostMessage / NodeMessage) for as long as it is a live member.
 * It is also the back channel (docs/update-flow.md): receipts, install
 * authorizations and resend requests travel here, never through relays.
 */
export {
  JoinRequest, JoinResponse, HostMessage, NodeMessage, Label, Heartbeat, DeploymentNotice, DeploymentCancel,
  StateReport, Receipt, InstallAuthorization, AuthorizationPayload, BadChunkReport, NeedParent, ResendRequest, StopRelaying, RelayRequest,
  SiteReport, SiteMemberState, SiteStateCount, ConnectRequest, UnreachableChild
} from './join.js'
export { signStatement, verifyStatement, RECEIPT_DOMAIN, INSTALL_DOMAIN, InvalidStatementError } from './statements.js'
export type { Statement } from './statements.js'

export const JOIN_PROTOCOL = '/cascade/join/1.0.0'

/**
 * Control messages are small (labels, addresses, signatures); 64 KiB leaves
 * room for many labels and addresses and bounds what a peer can make us buffer.
 */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024

/** How long a joining node waits for the host's answer (from the last bytes it had from the host). */
export const JOIN_HANDSHAKE_TIMEOUT_MS = 10_000

/**
 * How long the host waits for a JoinRequest once the stream is open. Longer
 * than the node's wait: a node re-joining while the host pushes to it over
 * the same connection sees the protocol negotiation queued behind that push
 * (tens of seconds to a slow node), and only then can send its request.
 */
export const JOIN_REQUEST_TIMEOUT_MS = 30_000

/** At most this many labels, addresses per member (bounds the registry). */
export const MAX_LABELS = 64
export const MAX_LISTEN_ADDRS = 16
export const MAX_LABEL_LENGTH = 256

/**
 * A site's report lists at most this many members (counts per state cover
 * the rest): with a peer id, a state, a version and a reason of at most
 * MAX_SITE_REPORT_REASON characters each, 256 members fit one control message.
 */
export const MAX_SITE_REPORT_MEMBERS = 256
export const MAX_SITE_REPORT_REASON = 100
