import { createHost } from '../../../node/host/index.js'
import { createSite } from '../../../node/site/index.js'
import { formatRate } from '../../../node/units.js'
import { runUntilSignal, say } from '../../daemon.js'
import { DEFAULT_LISTEN, checkHostOption } from '../../parse.js'
import { UsageError } from '../../usage.js'
import { describeFinished, describeStarted } from '../../deployment-lines.js'
import type { CascadeHost, CascadeHostInit } from '../../../node/host/index.js'
import type { CascadeSite } from '../../../node/site/index.js'
import type { HostOptions } from './options.js'

/** Starts the host (a site host with --parent), prints its peer id, join token and addresses, and runs until a signal. */
export async function runHost (options: HostOptions): Promise<void> {
  if (options.trustRefresh != null && options.parent == null) {
    throw new UsageError('--trust-refresh is for a site host: give --parent too (a host does not refresh its roots; give it the next one with --trust-root)')
  }
  if (options.timestampLifetime != null && options.parent != null) {
    throw new UsageError('--timestamp-lifetime is for the root host: a site host signs no timestamps, it passes its parent\'s down (docs/security.md)')
  }
  if (options.keepReleases != null && (options.parent == null || options.keepReleases < 1)) {
    throw new UsageError(options.parent == null ? '--keep-releases is for a site host: give --parent too' : `--keep-releases must be 1 or more, not ${options.keepReleases}`)
  }
  const init: CascadeHostInit = {
    openEnrollment: options.openEnrollment === true,
    // a site host presents --join-token to its parent; its own members' token is made on first start
    joinToken: options.parent == null ? options.joinToken : undefined,
    dataDir: options.data,
    listen: options.listen ?? [DEFAULT_LISTEN],
    uploadLimit: options.uploadLimit,
    admins: options.admin,
    probeDurationMs: options.probeDuration,
    maxFanout: options.maxFanout,
    stallTimeoutMs: options.stallTimeout,
    maxAttempts: options.maxAttempts,
    paceShare: options.pace,
    // a host any peer may join shows its status to any peer too, unless told otherwise (docs/enrollment.md)
    statusAccess: options.statusAccess ?? (options.openEnrollment === true ? 'anyone' : 'admins'),
    http: options.http,
    trustRoot: options.trustRoot,
    timestampLifetimeMs: options.timestampLifetime
  }
  const site = options.parent == null ? undefined : createSite({ ...init, parent: checkParentOption(options.parent), parentJoinToken: options.joinToken, keepReleases: options.keepReleases, trustRefreshMs: options.trustRefresh })
  const host = site?.host ?? createHost(init)
  host.on('member:joined', ({ peerId, version }) => { say('host', `member ${peerId} joined (version ${version === '' ? 'none' : version})`) })
  host.on('member:left', ({ peerId }) => { say('host', `member ${peerId} left`) })
  host.on('member:measured', ({ peerId, uploadBps, downloadBps, rttMs }) => {
    say('host', `member ${peerId} measured: upload ${formatRate(uploadBps)}, download ${formatRate(downloadBps)}, rtt ${rttMs} ms`)
  })
  host.on('deployment:started', event => { say('host', describeStarted(event)) })
  host.on('deployment:finished', event => { say('host', describeFinished(event)) })
  host.on('refused', ({ peer, protocol, reason }) => { say('host', `refused ${protocol} from ${peer}: ${reason}`) })
  host.on('pair:failed', ({ parent, child, reason }) => { say('host', `${parent} could not connect to ${child} (${reason}): not planned again`) })
  if (site != null) {
    followSite(site)
  }
  await (site ?? host).start()
  printHost(host, site != null)
  runUntilSignal(async () => { await (site ?? host).stop() })
}

function printHost (host: CascadeHost, isSite: boolean): void {
  process.stdout.write(`cascade host ${host.peerId.toString()}${isSite ? ' (site)' : ''}\n`)
  process.stdout.write(host.joinToken == null ? 'enrollment open: any peer may join\n' : `join token ${host.joinToken}\n`)
  for (const addr of host.multiaddrs()) {
    process.stdout.write(`listening on ${addr}\n`)
  }
  if (host.httpUrl != null) process.stdout.write(`dashboard on ${host.httpUrl}/ (metrics on ${host.httpUrl}/metrics)\n`)
}

/** `--parent`: as `--host` elsewhere, named as itself. */
function checkParentOption (value: string): string {
  try {
    return checkHostOption(value)
  } catch (err: any) {
    throw new UsageError(String(err.message).replace('--host', '--parent').replace('the host\'s address', 'the parent host\'s address'))
  }
}

/** One line per event of the site's member role and of the deployments it forwards. */
function followSite (site: CascadeSite): void {
  site.on('parent:joined', ({ host }) => { say('site', `joined parent ${host}`) })
  site.on('parent:disconnected', ({ reason }) => { say('site', `not connected to the parent: ${reason}`) })
  site.on('parent:refused', ({ reason, permanent }) => {
    if (permanent !== true) {
      say('site', `the parent refused: ${reason}`)
      return
    }
    // retrying cannot help (not enrolled, wrong token): one line, exit 2
    process.stderr.write(`cascade host: the parent refused this site: ${reason}\n`)
    void site.stop().finally(() => { process.exit(2) })
  })
  site.on('release:kept', ({ version }) => { say('site', `kept release ${version}`) })
  site.on('parent:trust', ({ message }) => { say('site', message) })
  site.on('deployment:started', event => { say('site', `forwarded: ${describeStarted(event)}`) })
  site.on('deployment:finished', event => { say('site', `forwarded: ${describeFinished(event)}`) })
  site.on('refused', ({ deploymentId, excluded }) => {
    say('site', `deployment ${deploymentId}: refused by this site's rules: ${excluded.map(e => `${e.peerId} (${e.reason})`).join(', ')}`)
  })
}
