/**
 * A site host in the fleet's root of trust (docs/security.md). With a root
 * (`--trust-root`, or one its host role kept from an earlier start), the
 * site's member role acts as a node toward its parent: it checks every
 * release from the parent against that root before it keeps it, relays it
 * inside the parent's tree or forwards it to its own members
 * (src/node/trust/node-trust.ts), and fetches newer roots and timestamps
 * from the parent (src/node/trust/trust-refresh.ts). What it accepted, the
 * site's host role serves to its own members: each newer root, kept once it
 * follows the newest there, and the parent's timestamps as they came (the
 * site signs none of its own).
 */
import { logger } from '@libp2p/logger'
import type { CascadeNode } from '../client/index.js'
import type { HostTrust } from '../trust/index.js'

const log = logger('cascade:site:trust')

/** Serves to the site's members, through its host role's `trust`, what its member role accepts from the parent. */
export function serveParentTrust (member: CascadeNode, trust: HostTrust): void {
  member.on('trust:root', ({ root }) => {
    trust.adopt(root).catch((err: Error) => {
      log.error('cannot serve root version %d from the parent to this site\'s members: %e', root.signed.version, err)
    })
  })
  member.on('trust:timestamp', ({ timestamp }) => {
    try {
      trust.relayTimestamp(timestamp)
    } catch (err) {
      // verified against the member role's root already: only a site whose own root is ahead of its parent's gets here
      log('the parent\'s timestamp does not verify against this site\'s root: %e', err)
    }
  })
}
