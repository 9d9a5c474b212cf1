import { boundedPbStream } from '../src/node/control-channel.js'
import { MAX_PUSH_FRAME_BYTES, PUSH_PROTOCOL, PushFrame } from '../src/protocols/push/index.js'
import type { IncomingDeployment } from '../src/node/client/incoming-deployment.js'
import type { CascadeLibp2p } from '../src/node/libp2p.js'

/** Serves every push to `libp2p` with `deployment`'s own receiving code, as a node's push handler does once the host announced it. */
export async function receivePushes (libp2p: CascadeLibp2p, deployment: IncomingDeployment): Promise<void> {
  await libp2p.handle(PUSH_PROTOCOL, async (stream, connection) => {
    const pb = boundedPbStream(stream, MAX_PUSH_FRAME_BYTES)
    const { offer } = await pb.read(PushFrame)
    if (offer == null) throw new Error('no offer')
    await deployment.receive(stream, pb, offer, connection.remotePeer.toString(), connection)
  })
}
