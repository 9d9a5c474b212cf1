import { logger } from '@libp2p/logger'
import { ProtocolService } from './protocol-service.js'
import { AdminQueries } from './admin-queries.js'
import { describeRule } from './rules.js'
import { AdminRegistry } from './admins.js'
import {
  ADMIN_PROTOCOL, ADMIN_TIMEOUT_MS, AdminRequest, AdminResponse, CONTROL_ACTIONS, DEFAULT_AUDIT_LIMIT, DEFAULT_DEPLOYMENT_LIMIT,
  MAX_ADMIN_REQUEST_BYTES, MAX_ADMIN_RESPONSE_BYTES, MAX_AUDIT_LIMIT, MAX_DEPLOYMENT_ID_LENGTH, MAX_DEPLOYMENT_LIMIT
} from '../../protocols/admin/index.js'
import type { CoreComponents } from './components.js'
import type { RulesStore } from './rules-store.js'
import type { GroupDefinition } from './rules.js'
import type { AdminCheck, AdminRecord } from './admins.js'
import type { MemberRemover } from './member-removal.js'
import type { SiteMarker } from '../site/site-marks.js'
import type { Admin, ControlAction, Group } from '../../protocols/admin/index.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

const log = logger('cascade:host:admin')

/** Audit details name at most this many explicit members, then "+N more". */
const AUDIT_MEMBERS_SHOWN = 8

const PRINTABLE = /^[\x20-\x7e]*$/

export class AdminRefusedError extends Error {
  static override readonly name = 'AdminRefusedError'
  override readonly name = 'AdminRefusedError'
}

/**
 * What the running deployments offer to admins (RunningDeployments): each
 * action resolves when done, and throws DeploymentControlError with why it
 * could not (the deployment is not running, already paused, …).
 */
export interface DeploymentControl {
  control(action: ControlAction, id: string, actor: string): Promise<void>
}

export interface AdminServiceComponents extends Pick<CoreComponents, 'database' | 'rules'> {
  /** who is an admin; the host's AdminRegistry also adds and removes them (with a plain set, admin add/remove/list are refused) */
  admins: AdminCheck | AdminRegistry
  /** pause/resume/cancel; without it those requests are refused */
  deployments?: DeploymentControl
  /** `member remove`; without it those requests are refused */
  members?: MemberRemover
  /** `member site [--revoke]`; without it those requests are refused */
  sites?: SiteMarker
}


const PAST: Record<ControlAction, string> = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' }

function describeGroup (group: GroupDefinition): string {
  if (group.match !== '') {
    return `${group.name}: match ${group.match}`
  }
  const shown = group.members.slice(0, AUDIT_MEMBERS_SHOWN).join(', ')
  const more = group.members.length - AUDIT_MEMBERS_SHOWN
  return `${group.name}: members ${shown}${more > 0 ? ` (+${more} more)` : ''}`
}

function toGroup (group: GroupDefinition): Group {
  return { name: group.name, match: group.match, members: group.members, createdAt: group.createdAt, createdBy: group.createdBy }
}

function toAdmin (admin: AdminRecord): Admin {
  return { peerId: admin.peerId, addedAt: admin.addedAt, addedBy: admin.addedBy }
}

function emptyResponse (): AdminResponse {
  return { error: '', done: '', groups: [], rules: [], deployments: [], audit: [], admins: [] }
}

/**
 * `/cascade/admin/1.0.0` on the host (docs/fleet-rules.md): groups and
 * rules, deployments, the audit log, deployment control, the admins
 * themselves and member removal (docs/enrollment.md), for authorized
 * admins only. Every change is recorded in the audit log with the admin's
 * peer id as actor; a refused request changes nothing.
 */
export class AdminService extends ProtocolService<AdminServiceComponents> {
  readonly rules: RulesStore
  readonly queries: AdminQueries
  private readonly timeoutMs: number

  constructor (components: AdminServiceComponents, timeoutMs = ADMIN_TIMEOUT_MS) {
    super(components, ADMIN_PROTOCOL, 'admin')
    this.rules = components.rules
    this.queries = new AdminQueries(components.database.db)
    this.timeoutMs = timeoutMs
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const signal = AbortSignal.timeout(this.timeoutMs)
    const opened = await this.readRequest(peer, stream, AdminRequest, MAX_ADMIN_REQUEST_BYTES, signal)
    if (opened == null) {
      return
    }
    const { request, pb } = opened
    let response = await this.answer(peer, request)
    if (AdminResponse.encode(response).byteLength > MAX_ADMIN_RESPONSE_BYTES) {
      response = this.refusal(peer, `the answer is larger than ${MAX_ADMIN_RESPONSE_BYTES} bytes; ask for fewer entries (a smaller limit)`)
    }
    try {
      await pb.write(response, AdminResponse, { signal })
      await stream.close({ signal })
    } catch (err: any) {
      log('could not answer %p: %e', peer, err)
      stream.abort(err)
    }
  }

  private refusal (peer: PeerId, reason: string): AdminResponse {
    this.refuse(peer, reason)
    return { ...emptyResponse(), error: reason }
  }

  /** Answers one request from `peer`: what `handle` does once the request is read. */
  async answer (peer: PeerId, request: AdminRequest): Promise<AdminResponse> {
    if (!this.components.admins.has(peer.toString())) {
      return this.refusal(peer, `peer ${peer.toString()} is not an authorized admin`)
    }
    const named = Object.entries(request).filter(([, value]) => value != null).map(([key]) => key)
    if (named.length !== 1) {
      return this.refusal(peer, `an admin request names exactly one operation, not ${named.length}`)
    }
    const actor = peer.toString()
    try {
      return await this.dispatch(actor, request)
    } catch (err: any) {
      return this.refusal(peer, err.message)
    }
  }

  private async dispatch (actor: string, request: AdminRequest): Promise<AdminResponse> {
    const response = emptyResponse()
    const db = this.components.database
    if (request.groupAdd != null) {
      const { name, match, members } = request.groupAdd
      const group = this.rules.addGroup({ name, match, members }, actor)
      db.audit(actor, 'group-add', '', describeGroup(group))
      response.groups = [toGroup(group)]
      response.done = `group ${group.name} added`
    } else if (request.groupRemove != null) {
      const group = this.rules.removeGroup(request.groupRemove.name)
      db.audit(actor, 'group-remove', '', describeGroup(group))
      response.groups = [toGroup(group)]
      response.done = `group ${group.name} removed`
    } else if (request.groupList != null) {
      response.groups = this.rules.listGroups().map(toGroup)
    } else if (request.ruleAdd != null) {
      const { group, package: pkg, versions, channel } = request.ruleAdd
      const rule = this.rules.addRule({ group, package: pkg, versions, channel }, actor)
      db.audit(actor, 'rule-add', '', describeRule(rule))
      response.rules = [rule]
      response.done = `rule #${rule.id} added`
    } else if (request.ruleRemove != null) {
      const rule = this.rules.removeRule(request.ruleRemove.id)
      db.audit(actor, 'rule-remove', '', describeRule(rule))
      response.rules = [rule]
      response.done = `rule #${rule.id} removed`
    } else if (request.ruleList != null) {
      response.rules = this.rules.listRules()
    } else if (request.deploymentList != null) {
      const limit = checkLimit(request.deploymentList.limit, DEFAULT_DEPLOYMENT_LIMIT, MAX_DEPLOYMENT_LIMIT)
      response.deployments = this.queries.deployments(limit)
    } else if (request.auditList != null) {
      const limit = checkLimit(request.auditList.limit, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT)
      const deploymentId = request.auditList.deploymentId
      if (deploymentId !== '') {
        checkDeploymentId(deploymentId)
      }
      response.audit = this.queries.audit(limit, deploymentId)
    } else if (request.adminAdd != null || request.adminRemove != null || request.adminList != null) {
      this.manageAdmins(actor, request, response)
    } else if (request.memberRemove != null || request.memberRevoke != null) {
      const members = this.components.members
      if (members == null) {
        throw new AdminRefusedError('this host cannot remove members')
      }
      response.done = request.memberRevoke != null ? members.revoke(request.memberRevoke.peerId, actor) : members.remove(request.memberRemove?.peerId ?? '', actor)
      db.audit(actor, request.memberRevoke != null ? 'member-revoke' : 'member-remove', '', response.done)
    } else if (request.memberSite != null) {
      if (this.components.sites == null) {
        throw new AdminRefusedError('this host cannot mark sites')
      }
      response.done = this.components.sites.mark(request.memberSite.peerId, request.memberSite.revoke, actor)
      db.audit(actor, request.memberSite.revoke ? 'site-revoke' : 'site-mark', '', response.done)
    } else if (request.deploymentControl != null) {
      const { deploymentId: id, action } = request.deploymentControl
      if (!(CONTROL_ACTIONS as readonly string[]).includes(action)) {
        throw new AdminRefusedError(`deployment action must be one of ${CONTROL_ACTIONS.join(', ')}, not "${action.slice(0, 32)}"`)
      }
      checkDeploymentId(id)
      if (db.getDeployment(id) == null) {
        throw new AdminRefusedError(`no deployment ${id}`)
      }
      const deployments = this.components.deployments
      if (deployments == null) {
        throw new AdminRefusedError('this host cannot pause, resume or cancel deployments')
      }
      const verb = action as ControlAction
      await deployments.control(verb, id, actor)
      db.audit(actor, verb, id, '')
      response.done = `deployment ${id} ${PAST[verb]}`
    }
    if (response.done !== '') {
      log('%s by %s', response.done, actor)
    }
    return response
  }

  /** `cascade admin add|remove|list`: each change audited with the acting admin. */
  private manageAdmins (actor: string, request: AdminRequest, response: AdminResponse): void {
    const registry = this.components.admins
    if (!(registry instanceof AdminRegistry)) {
      throw new AdminRefusedError('this host cannot manage its admins')
    }
    if (request.adminAdd != null) {
      const admin = registry.add(request.adminAdd.peerId, actor)
      this.components.database.audit(actor, 'admin-add', '', admin.peerId)
      response.admins = [toAdmin(admin)]
      response.done = `admin ${admin.peerId} added`
    } else if (request.adminRemove != null) {
      const admin = registry.remove(request.adminRemove.peerId)
      this.components.database.audit(actor, 'admin-remove', '', admin.peerId)
      response.admins = [toAdmin(admin)]
      response.done = `admin ${admin.peerId} removed`
    } else {
      response.admins = registry.list().map(toAdmin)
    }
  }
}

function checkLimit (limit: number, fallback: number, max: number): number {
  if (limit > max) {
    throw new AdminRefusedError(`limit must be at most ${max}, not ${limit}`)
  }
  return limit === 0 ? fallback : limit
}

function checkDeploymentId (id: string): void {
  if (id === '' || id.length > MAX_DEPLOYMENT_ID_LENGTH || !PRINTABLE.test(id)) {
    throw new AdminRefusedError(`a deployment id is 1-${MAX_DEPLOYMENT_ID_LENGTH} printable characters`)
  }
}
