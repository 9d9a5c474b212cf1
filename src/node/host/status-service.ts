/**
 * `/cascade/status/1.0.0` on the host: the members, their measurements and
 * where each stands in the deployment running now; a `remeasure` request
 * from an admin measures every online member again first.
 */
import { EventEmitter } from 'node:events'
import { boundedPbStream } from '../control-channel.js'
import { MAX_STATUS_REQUEST_BYTES, STATUS_PROTOCOL, STATUS_TIMEOUT_MS, StatusRequest, StatusResponse } from '../../protocols/status/index.js'
import type { HostComponents } from './components.js'
import type { HostEvents, MemberStatus } from './index.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

export type StatusServiceEvents = Pick<HostEvents, 'refused'>

/** Every member, with whether its control channel is open now. */
export function memberStatuses (components: Pick<HostComponents, 'database' | 'channels'>): MemberStatus[] {
  return components.database.listMembers().map(member => ({ ...member, online: components.channels.has(member.peerId) }))
}

export class StatusService extends EventEmitter<StatusServiceEvents> {
  private readonly components: HostComponents

  constructor (components: HostComponents) {
    super()
    this.components = components
  }

  private refuse (peer: PeerId, reason: string): void {
    this.emit('refused', { peer: peer.toString(), protocol: STATUS_PROTOCOL, reason })
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer
    const signal = AbortSignal.timeout(STATUS_TIMEOUT_MS)
    // reads are bounded by the request size; the response is ours to size
    const pb = boundedPbStream(stream, MAX_STATUS_REQUEST_BYTES)
    let request: StatusRequest
    try {
      request = await pb.read(StatusRequest, { signal })
    } catch (err: any) {
      this.refuse(peer, `unreadable status request: ${err.message}`)
      stream.abort(err)
      return
    }
    let error = ''
    if (request.remeasure) {
      if (this.components.admins.has(peer.toString())) {
        await this.components.measurements.remeasure()
      } else {
        error = 'remeasure is for authorized admins only'
        this.refuse(peer, error)
      }
    }
    await pb.write(this.response(error), StatusResponse, { signal })
    await stream.close({ signal }).catch(() => {})
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
          deploymentReason: deployment?.reason ?? ''
        }
      }),
      error
    }
  }
}
