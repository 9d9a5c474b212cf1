import { parseHostAddress } from '../host-address.js'
import { boundedPbStream } from '../control-channel.js'
import { withEphemeralPeer } from './ephemeral-peer.js'
import { ADMIN_PROTOCOL, ADMIN_TIMEOUT_MS, AdminRequest, AdminResponse, MAX_ADMIN_RESPONSE_BYTES } from '../../protocols/admin/index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { Admin, AuditEntry, ControlAction, Deployment, Group, Rule } from '../../protocols/admin/index.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The host refused the request; the message is its reason. */
export class AdminRefusedError extends Error {
  static override readonly name = 'AdminRefusedError'
  override readonly name = 'AdminRefusedError'
}

export interface AdminOptions {
  /** the host's multiaddr, ending in /p2p/<host peer id> */
  host: string
  /** an admin key file (from `cascade keygen`) authorized on the host */
  keyFile: string
  timeoutMs?: number
}

/** One request, one response over `/cascade/admin/1.0.0` from an existing libp2p peer. */
export async function sendAdminRequest (libp2p: CascadeLibp2p, addr: Multiaddr, request: AdminRequest, options: { timeoutMs?: number } = {}): Promise<AdminResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? ADMIN_TIMEOUT_MS)
  const stream = await libp2p.dialProtocol(addr, ADMIN_PROTOCOL, { signal })
  const pb = boundedPbStream(stream, MAX_ADMIN_RESPONSE_BYTES)
  await pb.write(request, AdminRequest, { signal })
  const response = await pb.read(AdminResponse, { signal })
  await stream.close({ signal }).catch(() => {})
  if (response.error !== '') {
    throw new AdminRefusedError(response.error)
  }
  return response
}

/** One admin request as the key in `options.keyFile`; throws AdminRefusedError with the host's reason. */
export async function adminRequest (options: AdminOptions, request: AdminRequest): Promise<AdminResponse> {
  const { addr } = parseHostAddress(options.host)
  return withEphemeralPeer(options.keyFile, async (libp2p) => sendAdminRequest(libp2p, addr, request, options))
}

export async function addGroup (options: AdminOptions, group: { name: string, match?: string, members?: string[] }): Promise<Group> {
  const response = await adminRequest(options, { groupAdd: { name: group.name, match: group.match ?? '', members: group.members ?? [] } })
  return response.groups[0]
}

export async function removeGroup (options: AdminOptions, name: string): Promise<Group> {
  return (await adminRequest(options, { groupRemove: { name } })).groups[0]
}

export async function listGroups (options: AdminOptions): Promise<Group[]> {
  return (await adminRequest(options, { groupList: {} })).groups
}

export async function addRule (options: AdminOptions, rule: { group: string, package?: string, versions?: string, channel?: string }): Promise<Rule> {
  const response = await adminRequest(options, { ruleAdd: { group: rule.group, package: rule.package ?? '', versions: rule.versions ?? '', channel: rule.channel ?? '' } })
  return response.rules[0]
}

export async function removeRule (options: AdminOptions, id: number): Promise<Rule> {
  return (await adminRequest(options, { ruleRemove: { id } })).rules[0]
}

export async function listRules (options: AdminOptions): Promise<Rule[]> {
  return (await adminRequest(options, { ruleList: {} })).rules
}

export async function listDeployments (options: AdminOptions, limit = 0): Promise<Deployment[]> {
  return (await adminRequest(options, { deploymentList: { limit } })).deployments
}

/** Pauses, resumes or cancels a deployment; resolves with what the host did. */
export async function controlDeployment (options: AdminOptions, id: string, action: ControlAction): Promise<string> {
  return (await adminRequest(options, { deploymentControl: { deploymentId: id, action } })).done
}

export async function listAudit (options: AdminOptions, query: { limit?: number, deploymentId?: string } = {}): Promise<AuditEntry[]> {
  return (await adminRequest(options, { auditList: { limit: query.limit ?? 0, deploymentId: query.deploymentId ?? '' } })).audit
}

/** Authorizes another admin key on the host. */
export async function addAdmin (options: AdminOptions, peerId: string): Promise<Admin> {
  return (await adminRequest(options, { adminAdd: { peerId } })).admins[0]
}

/** Withdraws an admin key (the host refuses to remove its last admin). */
export async function removeAdmin (options: AdminOptions, peerId: string): Promise<Admin> {
  return (await adminRequest(options, { adminRemove: { peerId } })).admins[0]
}

export async function listAdmins (options: AdminOptions): Promise<Admin[]> {
  return (await adminRequest(options, { adminList: {} })).admins
}

/** Removes a member from the fleet; resolves with what the host did. */
export async function removeMember (options: AdminOptions, peerId: string): Promise<string> {
  return (await adminRequest(options, { memberRemove: { peerId } })).done
}

/** Removes a member (if it is one) and refuses its joins from then on; resolves with what the host did. */
export async function revokeMember (options: AdminOptions, peerId: string): Promise<string> {
  return (await adminRequest(options, { memberRevoke: { peerId } })).done
}

/** Marks a peer as a site host of this host, or revokes the mark (docs/hierarchy.md); resolves with what the host did. */
export async function markSite (options: AdminOptions, peerId: string, revoke: boolean): Promise<string> {
  return (await adminRequest(options, { memberSite: { peerId, revoke } })).done
}
