/**
 * From a verified package to a running release (docs/update-flow.md): the
 * signed receipt to the host, the host's install authorization checked, the
 * install gate's clearance (window, app in use, disk; docs/install-policy.md),
 * the A/B install, and a report at every step.
 */
import { EventEmitter } from 'node:events'
import { logger } from '@libp2p/logger'
import { AuthorizationPayload, INSTALL_DOMAIN, RECEIPT_DOMAIN, signStatement, verifyStatement } from '../../protocols/join/index.js'
import { NodeState } from '../../state/index.js'
import type { HostLink } from './host-link.js'
import type { IncomingDeployment } from './incoming-deployment.js'
import type { InstallClearance, InstallGate } from './install-gate.js'
import type { UserNotice } from './notify.js'
import type { Installer, InstallOutcome } from '../installer/index.js'
import type { CascadeLibp2p } from '../libp2p.js'
import type { InstallAuthorization } from '../../protocols/join/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const log = logger('cascade:node:install')

/**
 * While installing, the node repeats its `installing` report this often, so
 * the host's stall watchdog (--stall-timeout: 30 s by default, 2 s in some
 * tests) does not take an install that outlasts it for a dead node.
 */
const INSTALLING_REPORT_INTERVAL_MS = 1_000

export interface InstallerFlowInit {
  libp2p: CascadeLibp2p
  privateKey: PrivateKey
  hostPeerId: PeerId
  installer: Installer
  gate: InstallGate
  link: HostLink
  /** the deployments this node works on now, by id (read only) */
  deployments: ReadonlyMap<string, IncomingDeployment>
  /** aborts when the node stops */
  signal: AbortSignal
}

export interface InstallFailure {
  version: string
  state: typeof NodeState.failed | typeof NodeState.rolledBack
  reason: string
  /** the release running now, when the installer knows it (after a rollback) */
  running?: string
}

export interface InstallerFlowEvents {
  installed: [{ version: string }]
  /** the release was not installed, or was rolled back: the reason, and the release that runs now */
  'install-failed': [InstallFailure]
  /** an install authorization that does not verify */
  refused: [{ reason: string }]
  /** a line for the device's user */
  notice: [UserNotice]
}

export class InstallerFlow extends EventEmitter<InstallerFlowEvents> {
  private readonly init: InstallerFlowInit
  /** verified deployments whose receipt the host has not answered yet */
  private readonly awaitingAuthorization = new Set<string>()
  /** installs run one at a time, in the order their authorizations came */
  private installing: Promise<void> = Promise.resolve()

  constructor (init: InstallerFlowInit) {
    super()
    this.init = init
  }

  /** A package is verified: prove receipt to the host and wait for its authorization. */
  verified (deployment: IncomingDeployment): void {
    log('%s verified; proving receipt to the host', deployment.id)
    this.awaitingAuthorization.add(deployment.id)
    void this.sendReceipt(deployment)
  }

  /** After a re-join: the host may have missed our receipts. */
  resendReceipts (): void {
    for (const id of this.awaitingAuthorization) {
      const deployment = this.init.deployments.get(id)
      if (deployment != null) {
        void this.sendReceipt(deployment)
      }
    }
  }

  /** The host cancelled the deployment: no authorization for it is awaited any more. */
  forget (deploymentId: string): void {
    this.awaitingAuthorization.delete(deploymentId)
  }

  /** Queues an install the host authorized, after the ones before it. */
  authorized (authorization: InstallAuthorization): void {
    this.installing = this.installing.then(async () => {
      await this.install(authorization)
    }).catch((err: Error) => { log.error('install failed: %e', err) })
  }

  /** Resolves once the install in progress (if any) has ended. */
  async stop (): Promise<void> {
    await this.installing
  }

  /** Proves receipt to the host over our own connection (docs/update-flow.md). */
  private async sendReceipt (deployment: IncomingDeployment): Promise<void> {
    const receipt = await signStatement(RECEIPT_DOMAIN, {
      deploymentId: deployment.id,
      manifestId: deployment.manifestId,
      node: this.init.libp2p.peerId.toString(),
      issuedAt: Date.now()
    }, this.init.privateKey)
    this.init.link.send({ receipt })
  }

  /** The deployment an authorization names, if its package is verified and waits for one. */
  private waitingFor (authorization: InstallAuthorization): IncomingDeployment | undefined {
    let named: string
    try {
      named = AuthorizationPayload.decode(authorization.payload).deploymentId
    } catch (err: any) {
      log('ignored an unreadable install authorization: %e', err)
      return undefined
    }
    const deployment = this.awaitingAuthorization.has(named) ? this.init.deployments.get(named) : undefined
    if (deployment?.store == null || deployment.manifest == null) {
      log('ignored an install authorization: no verified package is waiting for one')
      return undefined
    }
    return deployment
  }

  /** Installs only with the host's signed authorization for this node and this deployment. */
  private async install (authorization: InstallAuthorization): Promise<void> {
    // the deployment the authorization names (its signature is checked below)
    const deployment = this.waitingFor(authorization)
    if (deployment?.store == null || deployment.manifest == null) {
      return
    }
    try {
      await verifyStatement(INSTALL_DOMAIN, authorization, this.init.hostPeerId.publicKey as any, {
        deploymentId: deployment.id,
        manifestId: deployment.manifestId,
        node: this.init.libp2p.peerId.toString()
      })
    } catch (err: any) {
      log('refused an install authorization: %e', err)
      this.emit('refused', { reason: `install authorization: ${err.message}` })
      return
    }
    this.awaitingAuthorization.delete(deployment.id)
    const version = deployment.manifest.fields.version
    const report = (state: NodeState, reason = ''): void => {
      this.init.link.send({ report: { deploymentId: deployment.id, state, bytesReceived: deployment.bytesReceived, bytesSent: deployment.bytesSent, reason, version, relaysActive: deployment.relaying ? 1 : 0, bytesDuplicate: deployment.bytesDuplicate, stripeChunks: [] } })
    }
    report(NodeState.authenticated)
    // the install window, the app in use, the installable state (docs/install-policy.md)
    const clearance = await this.waitForInstallClearance(deployment, report)
    if (clearance == null) {
      return
    }
    if (clearance.status === 'refused') {
      log('gave up installing %s: %s', version, clearance.reason)
      this.fail(version, NodeState.failed, clearance.reason, report)
      return
    }
    report(NodeState.installing)
    log('%s authorized and cleared; installing %s', deployment.id, version)
    let outcome: InstallOutcome
    // an install may take long (a long --health-grace): the host hears that we are still at it
    const alive = setInterval(() => { report(NodeState.installing) }, INSTALLING_REPORT_INTERVAL_MS)
    try {
      outcome = await this.init.installer.install({ version, packagePath: deployment.store.packagePath, fileName: deployment.manifest.fields.fileName })
    } catch (err: any) {
      // refused before the switch (an unsafe archive, a full disk): the old release still runs
      log.error('could not install %s: %e', version, err)
      this.fail(version, NodeState.failed, err.message, report)
      return
    } finally {
      clearInterval(alive)
      await clearance.lock.release()
    }
    if (outcome.status === 'installed' || outcome.status === 'unchanged') {
      report(NodeState.restarting)
      log('installed %s; re-joining the host', version)
      this.emit('installed', { version })
      // like a device after a reboot: reconnect and report the version we now run
      await this.init.libp2p.hangUp(this.init.hostPeerId).catch(() => {})
    } else if (outcome.status === 'rolled-back') {
      this.fail(version, NodeState.rolledBack, outcome.reason, report, outcome.restoredVersion)
    } else {
      this.fail(version, NodeState.failed, outcome.reason, report)
    }
  }

  /** The host and the device's operator both hear why `version` did not install. */
  private fail (version: string, state: InstallFailure['state'], reason: string, report: (state: NodeState, reason?: string) => void, running?: string): void {
    report(state, reason)
    this.emit('install-failed', { version, state, reason, running })
  }

  /**
   * Waits until the install gate clears the package (reporting `deferred`
   * with the reason meanwhile), or refuses it. Undefined when the node stops
   * or the host cancels the deployment while it waits.
   */
  private async waitForInstallClearance (deployment: IncomingDeployment, report: (state: NodeState, reason?: string) => void): Promise<InstallClearance | undefined> {
    const version = deployment.manifest?.fields.version ?? ''
    const cancelled = new AbortController()
    const signal = AbortSignal.any([this.init.signal, cancelled.signal])
    try {
      const request = this.init.gate.requestClearance({ version, packageSize: deployment.manifest?.fields.size ?? 0, signal })
      request.on('deferred', (reason) => {
        if (this.init.deployments.get(deployment.id) !== deployment) {
          cancelled.abort()
          return
        }
        report(NodeState.deferred, reason)
      })
      request.on('notice', (notice) => { this.emit('notice', notice) })
      return await request.run()
    } catch (err: any) {
      if (signal.aborted) {
        log('stopped waiting to install %s: %s', version, cancelled.signal.aborted ? 'the host cancelled the deployment' : 'the node stops')
        return undefined
      }
      throw err
    }
  }
}
