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
import { NodeState, hasReached } from '../../../state/index.js'
import { isAuthorized } from './node-tracker.js'
import type { NodeTracker } from './node-tracker.js'
import type { VerifiedManifest } from '../../package/index.js'
import type { CoreComponents } from '../components.js'
import type { InstallAuthorization, Receipt } from '../../../protocols/join/index.js'
import type { UpdateInfo } from '../rules.js'

const log = logger('cascade:host:deployment:authorizer')

type AuthorizerComponents = Pick<CoreComponents, 'database' | 'rules' | 'hostKey' | 'channels'>

export class Authorizer {
  private readonly components: AuthorizerComponents
  private readonly nodes: NodeTracker
  private readonly deploymentId: string
  private readonly manifestId: string
  private readonly size: number
  private readonly update: UpdateInfo
  /** receipts that arrived while paused: authorized on resume */
  private readonly held = new Map<string, Receipt>()

  constructor (components: AuthorizerComponents, nodes: NodeTracker, manifest: VerifiedManifest, channel: string) {
    this.components = components
    this.nodes = nodes
    this.deploymentId = nodes.deploymentId
    this.manifestId = manifest.id
    this.size = manifest.fields.size
    this.update = { name: manifest.fields.name, version: manifest.fields.version, channel }
  }

  /**
   * Checks a node's signed receipt, asks the rules again, and answers with a
   * host-signed install authorization; while `paused`, holds the receipt.
   */
  async onReceipt (peerId: string, receipt: Receipt, paused: boolean): Promise<void> {
    const node = this.nodes.serving(peerId)
    if (node == null || !await this.verify(peerId, receipt)) {
      return
    }
    if (!hasReached(node.state, NodeState.verified)) {
      this.nodes.update(node, { state: NodeState.verified, bytesReceived: this.size })
    }
    const refusal = this.refusal(peerId)
    if (refusal != null) {
      this.nodes.update(node, { state: NodeState.failed, reason: `not authorized by the rules: ${refusal}` })
      return
    }
    if (paused) {
      this.held.set(peerId, receipt)
      this.nodes.update(node, { reason: 'deployment paused: install waits' })
      return
    }
    const authorization = await this.authorize(peerId)
    await this.components.channels.get(peerId)?.send({ authorization })
    if (!isAuthorized(node)) {
      this.nodes.update(node, { state: NodeState.authenticated })
    }
  }

  /** On resume: the receipts held while paused are authorized now. */
  async releaseHeld (): Promise<void> {
    const held = [...this.held]
    this.held.clear()
    for (const [peerId, receipt] of held) {
      await this.onReceipt(peerId, receipt, false)
    }
  }

  private expected (peerId: string): { deploymentId: string, manifestId: string, node: string } {
    return { deploymentId: this.deploymentId, manifestId: this.manifestId, node: peerId }
  }

  /** Whether `receipt` is the node's own signature over this deployment's package. */
  private async verify (peerId: string, receipt: Receipt): Promise<boolean> {
    try {
      await verifyStatement(RECEIPT_DOMAIN, receipt, peerIdFromString(peerId).publicKey as any, this.expected(peerId))
      return true
    } catch (err: any) {
      log('%s: refused a receipt from %s: %e', this.deploymentId, peerId, err)
      return false
    }
  }

  /** Why the rules refuse `peerId` this update now, or undefined: they decide at every authorization. */
  private refusal (peerId: string): string | undefined {
    const member = this.components.database.getMember(peerId)
    if (member == null) {
      return 'not a member'
    }
    const decision = allowedUpdates(member, this.update, this.components.rules.policy())
    return decision.allowed ? undefined : decision.reason
  }

  private async authorize (peerId: string): Promise<InstallAuthorization> {
    return signStatement(INSTALL_DOMAIN, { ...this.expected(peerId), issuedAt: Date.now() }, this.components.hostKey)
  }
}
