/**
 * `/cascade/join/1.0.0` on the host: the handshake (a valid request from an
 * enrolled member, or one presenting the join token, docs/enrollment.md),
 * then the member's control channel for as long as it stays, each of its
 * messages handed to the deployment it names.
 */
import { logger } from '@libp2p/logger'
import { hostSideChannel } from '../control-channel.js'
import { ProtocolService } from './protocol-service.js'
import { validateJoinRequest } from './membership.js'
import { NotEnrolledError, tokenMatches } from './enrollment.js'
import { RevokedMembers } from './revocations.js'
import { checkSiteJoin } from '../site/site-marks.js'
import { judgeReachability } from './reachability.js'
import { AuthorizationPayload, JOIN_PROTOCOL, JOIN_REQUEST_TIMEOUT_MS, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../../protocols/join/index.js'
import type { HostComponents } from './components.js'
import type { MemberChannel } from './member-channels.js'
import type { HostEvents } from './index.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

const log = logger('cascade:host:join')

/**
 * A measurement younger than this is reused when a member re-joins: a fleet
 * reconnecting after a host restart is not probed all over again.
 */
const REMEASURE_AFTER_MS = 10 * 60_000

/**
 * An online member's `last_seen` is written at most this often (and always
 * when it leaves): every progress report used to be an SQLite write on the
 * host's event loop, 64 a second at N = 32 (src/node/client/client.ts reports
 * every 500 ms), with a checkpoint's fsync now and then behind a disk full of
 * chunk writes (docs/benchmarks-log.md, "CPU on the reference harness"). The value only
 * shows for an offline member, and a host that crashes loses at most this much.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 30_000

export type JoinServiceEvents = Pick<HostEvents, 'member:joined' | 'member:left' | 'refused'>

export class JoinService extends ProtocolService<HostComponents, JoinServiceEvents> {
  constructor (components: HostComponents) {
    super(components, JOIN_PROTOCOL, 'join')
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const key = peer.toString()
    const { database, channels, config } = this.components
    const opened = await this.readRequest(peer, stream, JoinRequest, MAX_CONTROL_MESSAGE_BYTES, AbortSignal.timeout(JOIN_REQUEST_TIMEOUT_MS))
    if (opened == null) {
      return
    }
    const { request, pb } = opened
    let details
    try {
      details = validateJoinRequest(request)
      const revokedBy = new RevokedMembers(database.db).revokedBy(key)
      if (revokedBy != null) {
        throw new NotEnrolledError(`revoked by ${revokedBy}: this peer may not join (cascade member remove --revoke)`)
      }
      // enrolled once (it is in the registry), or enrolling now with the token
      if (config.joinToken != null && database.getMember(key) == null && !tokenMatches(config.joinToken, request.joinToken)) {
        throw new NotEnrolledError(request.joinToken === ''
          ? 'not enrolled: present the host\'s join token (cascade node --join-token)'
          : 'not enrolled: wrong join token')
      }
      // a site host is admitted only when this host's admin marked it (docs/hierarchy.md)
      checkSiteJoin(this.components.sites, key, request.site === true)
    } catch (err: any) {
      this.refuse(peer, err.message)
      // retrying cannot change a refused enrollment: the node stops and says so
      await pb.write({ accepted: false, reason: err.message, permanent: err instanceof NotEnrolledError }, JoinResponse).catch(() => {})
      await stream.close().catch(() => {})
      return
    }
    // what the host sees of the connection decides which advertised addresses others may dial (docs/internet.md)
    const verdict = judgeReachability(connection.remoteAddr, details.addrs, details.reachability)
    if (verdict.refused.length > 0) {
      log('member %p advertised addresses it was not seen on, not kept: %s', peer, verdict.refused.join(', '))
    }
    database.upsertMember({ peerId: key, ...details, addrs: verdict.addrs, reachability: verdict.reachability, observedIp: verdict.observedIp }, Date.now())
    await pb.write({ accepted: true, reason: '' }, JoinResponse)

    // the host's end of the join stream from here on (the node's is in src/node/client)
    const channel: MemberChannel = hostSideChannel({ peer, stream, pb, heartbeatIntervalMs: config.heartbeatIntervalMs })
    channels.open(key, channel)
    log('member %p joined with version "%s" (%s, seen from %s)', peer, details.version, verdict.reachability, verdict.observedIp)
    this.emit('member:joined', { peerId: key, version: details.version })
    const member = database.getMember(key)
    if (member != null) {
      this.components.deployments.joined(member)
    }
    // a member re-joining (after a restart of the host, or its own) keeps a recent measurement
    if (Date.now() - (member?.measuredAt ?? 0) > (config.remeasureAfterMs ?? REMEASURE_AFTER_MS)) {
      this.components.measurements.measure(peer).catch(() => {})
    }
    await this.serve(peer, channel)
  }

  /** The member's control channel until it ends; the member leaves then. */
  private async serve (peer: PeerId, channel: MemberChannel): Promise<void> {
    const key = peer.toString()
    const { database, channels } = this.components
    // the join's upsert has just written it
    let written = Date.now()
    try {
      await channel.run(async (message) => {
        const now = Date.now()
        if (now - written >= LAST_SEEN_WRITE_INTERVAL_MS) {
          database.touch(key, now)
          written = now
        }
        await this.dispatch(peer, message)
      })
      // the member closed its end: close ours too
      await channel.stream.close().catch(() => {})
    } catch (err: any) {
      // garbage, an oversized frame, a timeout: refused, and the stream is reset
      this.refuse(peer, `control channel: ${err.message}`)
      channel.stream.abort(err)
    } finally {
      if (channels.closed(key, channel)) {
        if (database.db.isOpen) {
          database.touch(key, Date.now())
        }
        log('member %p left', peer)
        this.components.deployments.left(key)
        this.emit('member:left', { peerId: key })
      }
    }
  }

  /** A receipt names its deployment inside its signed payload; everything else names it outright. */
  private async dispatch (peer: PeerId, message: NodeMessage): Promise<void> {
    let receiptFor: string | undefined
    if (message.receipt != null) {
      try {
        receiptFor = AuthorizationPayload.decode(message.receipt.payload).deploymentId
      } catch (err: any) {
        this.refuse(peer, `unreadable receipt: ${err.message}`)
        return
      }
    }
    if (message.siteReport != null) {
      try {
        this.components.siteReports.accept(peer.toString(), message.siteReport)
      } catch (err: any) {
        // forged, or about a deployment this site had no part in: logged, nothing kept
        this.refuse(peer, err.message)
      }
    }
    await this.components.deployments.dispatch(peer.toString(), message, receiptFor)
  }
}
