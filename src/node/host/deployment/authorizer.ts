/**
 * The back channel's authentication (docs/update-flow.md): a node's
 * signed receipt for the whole verified package is checked, the rules (as
 * they stand now) are asked again, and the host answers with a signed
 * install authorization. Receipts that arrive while the deployment is
 * paused are held until it resumes.
 */
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { INSTALL_DOMAIN, RECEIPT_DOMAIN, signStatement, verifyStatement } from '../../../protocols/join/index.js'
import { allowedUpdates } from '../rules.js'
import type { CoreComponents } from '../components.js'
import type { InstallAuthorization, Receipt } from '../../../protocols/join/index.js'
import type { UpdateInfo } from '../rules.js'

const log = logger('cascade:host:deployment:authorizer')

export class Authorizer {
  private readonly components: Pick<CoreComponents, 'database' | 'rules' | 'hostKey'>
  private readonly deploymentId: string
  private readonly manifestId: string
  private readonly update: UpdateInfo
  /** receipts that arrived while paused: authorized on resume */
  private readonly held = new Map<string, Receipt>()

  constructor (components: Pick<CoreComponents, 'database' | 'rules' | 'hostKey'>, deploymentId: string, manifestId: string, update: UpdateInfo) {
    this.components = components
    this.deploymentId = deploymentId
    this.manifestId = manifestId
    this.update = update
  }

  private expected (peerId: string): { deploymentId: string, manifestId: string, node: string } {
    return { deploymentId: this.deploymentId, manifestId: this.manifestId, node: peerId }
  }

  /** Whether `receipt` is the node's own signature over this deployment's package. */
  async verify (peerId: string, receipt: Receipt): Promise<boolean> {
    try {
      await verifyStatement(RECEIPT_DOMAIN, receipt, peerIdFromString(peerId).publicKey as any, this.expected(peerId))
      return true
    } catch (err: any) {
      log('%s: refused a receipt from %s: %e', this.deploymentId, peerId, err)
      return false
    }
  }

  /** Why the rules refuse `peerId` this update now, or undefined: they decide at every authorization. */
  refusal (peerId: string): string | undefined {
    const member = this.components.database.getMember(peerId)
    if (member == null) {
      return 'not a member'
    }
    const decision = allowedUpdates(member, this.update, this.components.rules.policy())
    return decision.allowed ? undefined : decision.reason
  }

  async authorize (peerId: string): Promise<InstallAuthorization> {
    return signStatement(INSTALL_DOMAIN, { ...this.expected(peerId), issuedAt: Date.now() }, this.components.hostKey)
  }

  hold (peerId: string, receipt: Receipt): void {
    this.held.set(peerId, receipt)
  }

  /** The receipts held while paused, now to authorize. */
  release (): Array<[string, Receipt]> {
    const held = [...this.held]
    this.held.clear()
    return held
  }
}
