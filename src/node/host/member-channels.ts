/**
 * The members' control channels open now, by peer id: one per member (a
 * reconnect replaces the old one).
 */
import type { ControlChannel } from '../control-channel.js'
import type { HostMessage, NodeMessage } from '../../protocols/join/index.js'
import type { PeerId } from '@libp2p/interface'

export type MemberChannel = ControlChannel<NodeMessage, HostMessage>

export class MemberChannels {
  private readonly channels = new Map<string, MemberChannel>()

  get (peerId: string): MemberChannel | undefined {
    return this.channels.get(peerId)
  }

  has (peerId: string): boolean {
    return this.channels.has(peerId)
  }

  /** Sends to a member if it is online; a message to a member that went away is dropped. */
  send (peerId: string, message: HostMessage): void {
    this.channels.get(peerId)?.send(message).catch(() => {})
  }

  /** Opens `channel` for its peer, closing one the peer left behind (a reconnect may race the old channel's timeout). */
  open (peerId: string, channel: MemberChannel): void {
    this.channels.get(peerId)?.close()
    this.channels.set(peerId, channel)
  }

  /** Forgets `channel` if it is still the peer's current one; true when it was. */
  closed (peerId: string, channel: MemberChannel): boolean {
    if (this.channels.get(peerId) !== channel) {
      return false
    }
    this.channels.delete(peerId)
    return true
  }

  peers (): PeerId[] {
    return [...this.channels.values()].map(channel => channel.peer)
  }

  closeAll (): void {
    for (const channel of this.channels.values()) {
      channel.close()
    }
  }
}
