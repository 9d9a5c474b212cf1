/**
 * Revocations down the hierarchy (docs/enrollment.md): a peer revoked at a
 * host (`cascade member remove --revoke`) is sent to each of its online
 * site hosts at once, and the whole list to a site whenever it joins. A
 * site takes the list from its parent only, revokes each peer it did not
 * have, which disconnects it if it is one of the site's members, and
 * sends the list on to its own sites: a revoked device joins nowhere below.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { MAX_REVOCATIONS_BYTES, REVOCATIONS_PROTOCOL, decodeRevocations, encodeRevocations } from '../../protocols/revocations/index.js'
import { RevokedMembers } from '../host/revocations.js'
import type { HostComponents } from '../host/components.js'
import type { MemberRemover } from '../host/member-removal.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'

const log = logger('cascade:site:revocations')

/** Sending the list to one site, or reading it from the parent, takes at most this long. */
const TIMEOUT_MS = 10_000

/** The parent's actor name in a site's revocation records and audit. */
export const PARENT_REVOCATION_ACTOR = 'parent'

export class SiteRevocations {
  private readonly components: Pick<HostComponents, 'libp2p' | 'database' | 'sites' | 'channels'>
  private scheduled = false

  constructor (components: Pick<HostComponents, 'libp2p' | 'database' | 'sites' | 'channels'>) {
    this.components = components
  }

  /** A peer was revoked here: the online sites hear of it (once for a burst of revocations). */
  revoked (): void {
    if (this.scheduled) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      void this.forward()
    }, 0)
  }

  /** Sends the whole list to `sites` (default: every online site of this host). */
  async forward (sites?: string[]): Promise<void> {
    const { libp2p, database, channels } = this.components
    const revoked = new RevokedMembers(database.db).list()
    const targets = sites ?? this.components.sites.list().filter(site => site.revokedAt === 0 && channels.has(site.peerId)).map(site => site.peerId)
    if (revoked.length === 0) return
    await Promise.all(targets.map(async (site) => {
      try {
        const signal = AbortSignal.timeout(TIMEOUT_MS)
        const stream = await libp2p.dialProtocol(peerIdFromString(site), REVOCATIONS_PROTOCOL, { signal })
        await lpStream(stream, { maxDataLength: MAX_REVOCATIONS_BYTES }).write(encodeRevocations(revoked), { signal })
        await stream.close({ signal })
      } catch (err: any) {
        // it hears the whole list again when it re-joins
        log('could not send the revocations to site %s: %e', site, err)
      }
    }))
  }
}

export interface RevocationsReceiverInit {
  /** the site's parent host: the only peer whose list it takes */
  parent: PeerId
  members: MemberRemover
  database: HostComponents['database']
}

/** The site's side: the parent's list, each peer not revoked here yet revoked now. */
export async function receiveRevocations (stream: Stream, connection: Connection, init: RevocationsReceiverInit): Promise<void> {
  if (!connection.remotePeer.equals(init.parent)) {
    log('refused revocations from %p: not our parent', connection.remotePeer)
    stream.abort(new Error('only the parent sends revocations'))
    return
  }
  let revoked: string[]
  try {
    revoked = decodeRevocations((await lpStream(stream, { maxDataLength: MAX_REVOCATIONS_BYTES }).read({ signal: AbortSignal.timeout(TIMEOUT_MS) })).subarray())
    await stream.close()
  } catch (err: any) {
    log('unreadable revocations from the parent: %e', err)
    stream.abort(err)
    return
  }
  const known = new RevokedMembers(init.database.db)
  for (const peerId of revoked.filter(id => known.revokedBy(id) == null)) {
    try {
      const done = init.members.revoke(peerId, `${PARENT_REVOCATION_ACTOR} ${init.parent.toString()}`)
      init.database.audit(`${PARENT_REVOCATION_ACTOR} ${init.parent.toString()}`, 'member-revoke', '', done)
    } catch (err: any) {
      log('the parent\'s revocation of %s is not one: %e', peerId.slice(0, 64), err)
    }
  }
}
