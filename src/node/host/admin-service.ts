import { logger } from '@libp2p/logger'
import { boundedPbStream } from '../control-channel.js'
import { AdminQueries } from './admin-queries.js'
import { RulesStore } from './rules-store.js'
import { describeRule } from './rules.js'
import {
  ADMIN_PROTOCOL, ADMIN_TIMEOUT_MS, AdminRequest, AdminResponse, CONTROL_ACTIONS, DEFAULT_AUDIT_LIMIT, DEFAULT_DEPLOYMENT_LIMIT,
  MAX_ADMIN_REQUEST_BYTES, MAX_ADMIN_RESPONSE_BYTES, MAX_AUDIT_LIMIT, MAX_DEPLOYMENT_ID_LENGTH, MAX_DEPLOYMENT_LIMIT
} from '../../protocols/admin/index.js'
import type { HostDatabase } from './database.js'
import type { GroupDefinition, Rule } from './rules.js'
import type { ControlAction } from '../../protocols/admin/index.js'
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
 * What the running deployment offers to admins. Each call resolves with why
 * it could not (the deployment is not running, already paused, …) or with
 * undefined when it did.
 */
export interface DeploymentControl {
  pause(id: string, actor: string): Promise<string | undefined>
  resume(id: string, actor: string): Promise<string | undefined>
  cancel(id: string, actor: string): Promise<string | undefined>
}

export interface AdminServiceInit {
  db: HostDatabase
  /** the connecting peer is in the host's admin set */
  isAdmin(peer: PeerId): boolean
  refuse(peer: PeerId, protocol: string, reason: string): void
  /** pause/resume/cancel; without it those requests are refused */
  control?: DeploymentControl
  timeoutMs?: number
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

function toGroup (group: GroupDefinition): AdminResponse['groups'][number] {
  return { name: group.name, match: group.match, members: group.members, createdAt: group.createdAt, createdBy: group.createdBy }
}

function toRule (rule: Rule): AdminResponse['rules'][number] {
  return { ...rule }
}

function emptyResponse (): AdminResponse {
  return { error: '', done: '', groups: [], rules: [], deployments: [], audit: [] }
}

/**
 * `/cascade/admin/1.0.0` on the host (seed 002's admin API): groups and
 * rules, deployments, the audit log, and deployment control, for authorized
 * admins only. Every change is recorded in the audit log with the admin's
 * peer id as actor; a refused request changes nothing.
 */
export class AdminService {
  readonly rules: RulesStore
  readonly queries: AdminQueries
  private readonly init: AdminServiceInit

  constructor (init: AdminServiceInit) {
    this.init = init
    this.rules = new RulesStore(init.db.db)
    this.queries = new AdminQueries(init.db.db)
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const signal = AbortSignal.timeout(this.init.timeoutMs ?? ADMIN_TIMEOUT_MS)
    const pb = boundedPbStream(stream, MAX_ADMIN_REQUEST_BYTES)
    let request: AdminRequest
    try {
      request = await pb.read(AdminRequest, { signal })
    } catch (err: any) {
      this.init.refuse(peer, ADMIN_PROTOCOL, `unreadable admin request: ${err.message}`)
      stream.abort(err)
      return
    }
    let response = await this.answer(peer, request)
    if (AdminResponse.encode(response).byteLength > MAX_ADMIN_RESPONSE_BYTES) {
      response = this.refusal(peer, `the answer is larger than ${MAX_ADMIN_RESPONSE_BYTES} bytes; ask for fewer entries (a smaller limit)`)
    }
    try {
      await pb.write(response, AdminResponse, { signal })
      await stream.close({ signal })
    } catch (err: any) {
      log('could not answer %p: %s', peer, err.message)
      stream.abort(err)
    }
  }

  private refusal (peer: PeerId, reason: string): AdminResponse {
    this.init.refuse(peer, ADMIN_PROTOCOL, reason)
    return { ...emptyResponse(), error: reason }
  }

  /** Answers one request from `peer`: what `handle` does once the request is read. */
  async answer (peer: PeerId, request: AdminRequest): Promise<AdminResponse> {
    if (!this.init.isAdmin(peer)) {
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
    const db = this.init.db
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
      response.rules = [toRule(rule)]
      response.done = `rule #${rule.id} added`
    } else if (request.ruleRemove != null) {
      const rule = this.rules.removeRule(request.ruleRemove.id)
      db.audit(actor, 'rule-remove', '', describeRule(rule))
      response.rules = [toRule(rule)]
      response.done = `rule #${rule.id} removed`
    } else if (request.ruleList != null) {
      response.rules = this.rules.listRules().map(toRule)
    } else if (request.deploymentList != null) {
      const limit = checkLimit(request.deploymentList.limit, DEFAULT_DEPLOYMENT_LIMIT, MAX_DEPLOYMENT_LIMIT)
      response.deployments = this.queries.deployments(limit).map(d => ({
        ...d,
        nodeStates: Object.entries(d.nodeStates).map(([state, count]) => ({ state, count }))
      }))
    } else if (request.auditList != null) {
      const limit = checkLimit(request.auditList.limit, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT)
      const deploymentId = request.auditList.deploymentId
      if (deploymentId !== '') {
        checkDeploymentId(deploymentId)
      }
      response.audit = this.queries.audit(limit, deploymentId)
    } else if (request.deploymentControl != null) {
      const { deploymentId: id, action } = request.deploymentControl
      if (!(CONTROL_ACTIONS as readonly string[]).includes(action)) {
        throw new AdminRefusedError(`deployment action must be one of ${CONTROL_ACTIONS.join(', ')}, not "${action.slice(0, 32)}"`)
      }
      checkDeploymentId(id)
      if (db.getDeployment(id) == null) {
        throw new AdminRefusedError(`no deployment ${id}`)
      }
      const control = this.init.control
      if (control == null) {
        throw new AdminRefusedError('this host cannot pause, resume or cancel deployments')
      }
      const verb = action as ControlAction
      const error = await control[verb](id, actor)
      if (error != null) {
        throw new AdminRefusedError(error)
      }
      db.audit(actor, verb, id, '')
      response.done = `deployment ${id} ${PAST[verb]}`
    }
    if (response.done !== '') {
      log('%s by %s', response.done, actor)
    }
    return response
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
