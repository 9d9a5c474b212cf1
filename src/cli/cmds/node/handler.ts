import { NodeState } from '../../../state/index.js'
import { createNode } from '../../../node/client/index.js'
import { runUntilSignal, say } from '../../daemon.js'
import { DEFAULT_LISTEN } from '../../parse.js'
import type { NodeOptions } from './options.js'

/** Starts the node (its --host already checked), prints its peer id, release and addresses, and runs until a signal. */
export async function runNode (options: NodeOptions): Promise<void> {
  const node = createNode({
    dataDir: options.data,
    host: options.host, // checked by index.ts
    listen: options.listen ?? [DEFAULT_LISTEN],
    uploadLimit: options.uploadLimit,
    labels: options.label,
    joinToken: options.joinToken,
    app: options.app == null ? undefined : { command: options.app, healthCommand: options.health, graceMs: options.healthGrace },
    seedRelease: options.seedRelease == null ? undefined : { version: options.seedVersion, dir: options.seedRelease },
    faults: options.testFault,
    metrics: options.metrics,
    upnp: options.upnp === true,
    trustRoot: options.trustRoot,
    trustRefreshMs: options.trustRefresh,
    reconnectMaxMs: options.reconnectMax,
    installPolicy: {
      busyCheck: options.busyCheck,
      busyRetryMs: options.busyRetry,
      deferDeadlineMs: options.deferDeadline,
      notifyCommand: options.notify,
      installWindow: options.installWindow,
      relayWindow: options.relayWindow,
      relayWhenIdle: options.relayWhenIdle === true,
      idleLoad: options.idleLoad,
      installRetries: options.installRetries
    }
  })
  node.on('notice', ({ message }) => { say('node', message) })
  node.on('trust', ({ message }) => { say('node', message) })
  node.on('refused-push', ({ deploymentId, from, reason }) => { say('node', `refused the push of ${deploymentId} from ${from}: ${reason}`) })
  node.on('joined', ({ host }) => { say('node', `joined host ${host}`) })
  node.on('installed', ({ version }) => { say('node', `installed ${version}; restarted the app`) })
  node.on('install-failed', ({ version, state, reason, running }) => {
    say('node', `${state === NodeState.rolledBack ? 'rolled back' : 'did not install'} ${version}: ${reason}${running == null ? '' : `; running ${running} again`}`)
  })
  node.on('app-exited', ({ version, code, signal, logFile }) => {
    say('node', `the app (${version}) exited ${signal == null ? `with code ${String(code)}` : `on ${signal}`}; its output is in ${logFile}`)
  })
  node.on('disconnected', ({ reason }) => { say('node', `not connected to the host: ${reason}`) })
  node.on('refused', ({ reason, permanent }) => {
    if (permanent !== true) {
      say('node', `refused: ${reason}`)
      return
    }
    // retrying cannot help (not enrolled, wrong token): one line, exit 2
    const hint = reason.includes('--join-token') ? '' : ' (give the host\'s token with --join-token)'
    process.stderr.write(`cascade node: the host refused this node: ${reason}${hint}\n`)
    void node.stop().finally(() => { process.exit(2) })
  })
  await node.start()
  process.stdout.write(`cascade node ${node.peerId.toString()}\n`)
  // after a crash this says which release survived: the old or the new, never a mix
  const release = await node.installedVersion()
  process.stdout.write(`running ${release === '' ? 'no release' : release}\n`)
  for (const addr of node.multiaddrs()) {
    process.stdout.write(`listening on ${addr}\n`)
  }
  if (node.metricsUrl != null) process.stdout.write(`metrics on ${node.metricsUrl}/metrics\n`)
  runUntilSignal(async () => { await node.stop() })
}
