/**
 * `/cascade/admin/1.0.0`: an authorized admin manages the host's groups and
 * rules (docs/fleet-rules.md), manages the admins themselves and removes
 * members (docs/enrollment.md), lists deployments and the audit log, and pauses, resumes
 * or cancels a deployment. One AdminRequest and one AdminResponse per stream;
 * a peer that is not in the host's admin set gets a refusal and changes nothing.
 */
export {
  AdminRequest, AdminResponse, GroupAdd, GroupRemove, GroupList, RuleAdd, RuleRemove, RuleList,
  DeploymentList, DeploymentControl, AuditList, Group, Rule, Deployment, NodeStateCount, AuditEntry,
  PeerRef, AdminList, Admin
} from './admin.js'

export const ADMIN_PROTOCOL = '/cascade/admin/1.0.0'

/**
 * The largest request is a GroupAdd with MAX_GROUP_MEMBERS (1024, rules.ts)
 * peer ids of ~52 characters plus a 1 KiB selector: ~56 KiB; 128 KiB leaves
 * room and bounds what any peer can make the host buffer.
 */
export const MAX_ADMIN_REQUEST_BYTES = 128 * 1024

/**
 * Same bound as a status response. The host refuses to answer with more
 * (MAX_GROUPS 256 × 1024 members ≈ 14 MiB is the largest group list; the
 * list limits below keep deployments and the audit log well under it).
 */
export const MAX_ADMIN_RESPONSE_BYTES = 16 * 1024 * 1024

/** Deployments listed when the request asks for 0, and at most: ~300 bytes each. */
export const DEFAULT_DEPLOYMENT_LIMIT = 50
export const MAX_DEPLOYMENT_LIMIT = 1000

/** Audit entries listed when the request asks for 0, and at most: a few hundred bytes each. */
export const DEFAULT_AUDIT_LIMIT = 200
export const MAX_AUDIT_LIMIT = 10_000

/** Deployment ids are `<base36 time>-<8 hex>` (publish-service.ts); this bounds the field. */
export const MAX_DEPLOYMENT_ID_LENGTH = 64

/** Same as status: one round trip, plus a pause/cancel that waits on the deployment. */
export const ADMIN_TIMEOUT_MS = 30_000

/** A host keeps at most this many admin keys (the response's `admins` limit in admin.proto). */
export const MAX_ADMINS = 1024

export const CONTROL_ACTIONS = ['pause', 'resume', 'cancel'] as const
export type ControlAction = typeof CONTROL_ACTIONS[number]
