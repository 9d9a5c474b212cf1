/**
 * `/cascade/status/1.0.0` on the host: the members, their measurements and
 * where each stands in the deployment running now; a `remeasure` request
 * from an admin measures every online member again first. Members'
 * addresses and versions are for authorized admins only, unless the host
 * runs with `--status-access anyone` (docs/enrollment.md).
 */
import { ProtocolService } from './protocol-service.js'
import { MAX_STATUS_REQUEST_BYTES, STATUS_FOR_ADMINS_ONLY, STATUS_PROTOCOL, STATUS_TIMEOUT_MS, StatusRequest, StatusResponse } from '../../protocols/status/index.js'
import { siteStatuses } from '../site/site-status.js'
import type { HostComponents } from './components.js'
import type { HostEvents, MemberStatus } from './index.js'
import type { Connection, Stream } from '@libp2p/interface'

export type StatusServiceEvents = Pick<HostEvents, 'refused'>

/** Every member, with whether its control channel is open now. */
export function memberStatuses (components: Pick<HostComponents, 'database' | 'channels'>): MemberStatus[] {
  return components.database.listMembers().map(member => ({ ...member, online: components.channels.has(member.peerId) }))
}

export class StatusService extends ProtocolService<HostComponents, StatusServiceEvents> {
  constructor (components: HostComponents) {
    super(components, STATUS_PROTOCOL, 'status')
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const signal = AbortSignal.timeout(STATUS_TIMEOUT_MS)
    // reads are bounded by the request size; the response is ours to size
    const opened = await this.readRequest(peer, stream, StatusRequest, MAX_STATUS_REQUEST_BYTES, signal)
    if (opened == null) {
      return
    }
    const { request, pb } = opened
    let error = ''
    const admin = this.components.admins.has(peer.toString())
    if (!admin && this.components.config.statusAccess !== 'anyone') {
      error = `${STATUS_FOR_ADMINS_ONLY}: peer ${peer.toString()} is not an authorized admin`
      this.refuse(peer, error)
      await pb.write(this.refusal(error), StatusResponse, { signal }).catch(() => {})
      await stream.close({ signal }).catch(() => {})
      return
    }
    if (request.remeasure) {
      if (admin) {
        await this.components.measurements.remeasure()
      } else {
        error = 'remeasure is for authorized admins only'
        this.refuse(peer, error)
      }
    }
    await pb.write(this.response(error), StatusResponse, { signal })
    await stream.close({ signal }).catch(() => {})
  }

  /** Who asked is not allowed to see the members: only the refusal. */
  private refusal (error: string): StatusResponse {
    return { hostPeerId: this.components.libp2p.peerId.toString(), hostAddrs: [], members: [], error, sites: [] }
  }

  private response (error: string): StatusResponse {
    const libp2p = this.components.libp2p
    return {
      hostPeerId: libp2p.peerId.toString(),
      hostAddrs: libp2p.getMultiaddrs().map(ma => ma.toString()),
      members: memberStatuses(this.components).map(member => {
        const deployment = this.components.deployments.nodeState(member.peerId)
        return {
          peerId: member.peerId,
          addrs: member.addrs,
          labels: Object.entries(member.labels).map(([key, value]) => ({ key, value })),
          version: member.version,
          uploadBps: member.uploadBps,
          downloadBps: member.downloadBps,
          rttMs: member.rttMs,
          lastSeen: member.lastSeen,
          measuredAt: member.measuredAt,
          online: member.online,
          uploadLimit: member.uploadLimit,
          deploymentId: deployment?.id ?? '',
          deploymentState: deployment?.state ?? '',
          deploymentReason: deployment?.reason ?? '',
          reachability: member.reachability ?? 'unknown',
          observedIp: member.observedIp ?? '',
          trust: this.components.trust?.reportOf(member.peerId)
        }
      }),
      sites: siteStatuses(this.components),
      error
    }
  }
}
