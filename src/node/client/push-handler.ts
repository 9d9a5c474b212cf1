/**
 * Pushes to this node (`/cascade/push/1.0.0`, src/protocols/push/): from a
 * parent relay or from the host. A push must offer a deployment our host
 * announced; it is handed to that deployment to receive.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { logger } from '@libp2p/logger'
import { MAX_PUSH_FRAME_BYTES, PushFrame, PushReply } from '../../protocols/push/index.js'
import { boundedPbStream } from '../control-channel.js'
import type { HostLink } from './host-link.js'
import { OfferRefusedError } from './incoming-deployment.js'
import type { IncomingDeployment } from './incoming-deployment.js'
import type { TestFaults } from './test-faults.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

const log = logger('cascade:node:push')

/**
 * A relay's push can overtake the host's notice of the deployment (they
 * travel on different connections): wait this long for the notice before
 * refusing a push as one the host never started.
 */
const NOTICE_WAIT_MS = 10_000

/** How often a push waiting for its notice looks again. */
const NOTICE_POLL_MS = 50

/** Deployment ids name folders on our disk: the host makes them from base36 time and hex. */
export const DEPLOYMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/

export interface PushHandlerInit {
  hostPeerId: PeerId
  link: HostLink
  /** the deployments the host announced, by id (read only) */
  deployments: ReadonlyMap<string, IncomingDeployment>
  /** aborts when the node stops */
  signal: AbortSignal
  /** testing only: `refuseFirstPush` refuses the first push as one the host never announced (a lost notice) */
  faults?: Pick<TestFaults, 'refuseFirstPush'>
}

export class PushHandler {
  private readonly init: PushHandlerInit
  private refusedFirst = false

  constructor (init: PushHandlerInit) {
    this.init = init
  }

  async handle (stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    const pb = boundedPbStream(stream, MAX_PUSH_FRAME_BYTES)
    if (connection.remotePeer.equals(this.init.hostPeerId)) {
      this.init.link.watchHostData(stream)
    }
    try {
      const frame = await pb.read(PushFrame, { signal: AbortSignal.timeout(NOTICE_WAIT_MS) })
      if (frame.offer == null) {
        throw new OfferRefusedError('a push must start with an offer')
      }
      const deploymentId = frame.offer.deploymentId
      if (!DEPLOYMENT_ID.test(deploymentId)) {
        throw new OfferRefusedError('malformed deployment id')
      }
      const deadline = Date.now() + NOTICE_WAIT_MS
      while (!this.init.deployments.has(deploymentId) && Date.now() < deadline && !this.init.signal.aborted) {
        await sleep(NOTICE_POLL_MS)
      }
      let deployment = this.init.deployments.get(deploymentId)
      if (this.init.faults?.refuseFirstPush === true && !this.refusedFirst) {
        this.refusedFirst = true
        deployment = undefined
      }
      if (deployment == null) {
        const reason = `deployment ${deploymentId} was not started by our host`
        log('refused a push from %s: %s', from, reason)
        await pb.write({ refusal: { reason } }, PushReply).catch(() => {})
        stream.abort(new OfferRefusedError(reason))
        return
      }
      await deployment.receive(stream, pb, frame.offer, from, connection)
    } catch (err: any) {
      log('push from %s refused: %e', from, err)
      stream.abort(err)
    }
  }
}
