import { HostPushes } from '../src/node/host/deployment/host-pushes.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'
import type { MemberRecord } from '../src/node/host/database.js'
import type { HostMessage } from '../src/protocols/join/index.js'

/** A stand-in for the host's control channels: what a test records of the messages the host sends its members. */
export interface FixtureChannels {
  send: (to: string, message: HostMessage) => void
  get?: (to: string) => { send: (message: HostMessage) => Promise<void> } | undefined
}

/** The host's pushes of deployment d1 to `members`, over `channels`: no libp2p, no package store (the tests only plan and ask). */
export function hostPushesOver (members: MemberRecord[], channels: FixtureChannels, hostUpload = 1e6): HostPushes {
  const components: any = { limiter: createUploadLimiter(), database: { getMember: () => undefined }, channels, config: {} }
  return new HostPushes(components, {
    deploymentId: 'd1',
    manifestId: 'm1',
    signedManifest: new Uint8Array(0),
    store: {} as any,
    targets: new Map(members.map(m => [m.peerId, m])),
    storeAndForward: false,
    hostUpload
  })
}
