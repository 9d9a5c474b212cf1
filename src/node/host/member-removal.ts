/**
 * `cascade member remove PEER_ID` on the host (docs/enrollment.md): the
 * member's row and its explicit group memberships are deleted, its control
 * channel is closed if it is online, and the deployments running now drop
 * it. Its next join is that of a peer never enrolled: refused without the
 * join token, enrolled anew with it.
 */
import { logger } from '@libp2p/logger'
import { checkPeerId } from './admins.js'
import { RevokedMembers } from './revocations.js'
import type { HostComponents } from './components.js'

const log = logger('cascade:host:members')

export class MemberRemovalError extends Error {
  static override readonly name = 'MemberRemovalError'
  override readonly name = 'MemberRemovalError'
}

/** What the admin service needs to remove a member (without it, `member remove` is refused). */
export interface MemberRemover {
  /** Removes `peerId`, as `actor`; returns what was done, throws MemberRemovalError with why not. */
  remove(peerId: string, actor: string): string
  /** Removes `peerId` if it is a member and refuses its joins from then on (revocations.ts). */
  revoke(peerId: string, actor: string): string
}

/** Who hears of a revocation: the host's sites (src/node/site/site-revocations.ts). */
export interface RevocationListeners {
  revocations?: { revoked(): void }
}

export class MemberRemoval implements MemberRemover {
  private readonly components: Pick<HostComponents, 'database' | 'channels' | 'deployments'> & RevocationListeners

  constructor (components: Pick<HostComponents, 'database' | 'channels' | 'deployments'> & RevocationListeners) {
    this.components = components
  }

  remove (peerId: string, actor: string): string {
    const id = this.check(peerId)
    if (!this.components.database.removeMember(id)) {
      throw new MemberRemovalError(`${id} is not a member of this fleet`)
    }
    return this.disconnect(id, actor)
  }

  revoke (peerId: string, actor: string): string {
    const id = this.check(peerId)
    new RevokedMembers(this.components.database.db).revoke(id, actor)
    const removed = this.components.database.removeMember(id) ? this.disconnect(id, actor) : `${id} was not a member`
    log('peer %s revoked by %s: its joins are refused from now on', id, actor)
    this.components.revocations?.revoked()
    return `${removed}; revoked: its joins are refused from now on`
  }

  private check (peerId: string): string {
    try {
      return checkPeerId(peerId)
    } catch (err: any) {
      throw new MemberRemovalError(err.message)
    }
  }

  /** The member's deployments drop it and its channel closes; says what was done. */
  private disconnect (id: string, actor: string): string {
    const { channels, deployments } = this.components
    // the deployments first: a node under way is sent their cancel before its channel closes
    const dropped = deployments.removed(id, `removed by ${actor}`)
    const online = channels.get(id)
    online?.close()
    log('member %s removed by %s%s', id, actor, online != null ? ' (it was online: its control channel is closed)' : '')
    return `member ${id} removed${online != null ? ', disconnected' : ''}${dropped.length > 0 ? `, dropped from deployment ${dropped.join(', ')}` : ''}`
  }
}
