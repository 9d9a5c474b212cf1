import { createHost } from '../../../node/host/index.js'
import { formatRate } from '../../../node/units.js'
import { runUntilSignal, say } from '../../daemon.js'
import { DEFAULT_LISTEN } from '../../parse.js'
import { describeFinished, describeStarted } from '../../deployment-lines.js'
import type { HostOptions } from './options.js'

/** Starts the host, prints its peer id, join token and addresses, and runs until a signal. */
export async function runHost (options: HostOptions): Promise<void> {
  const host = createHost({
    openEnrollment: options.openEnrollment === true,
    joinToken: options.joinToken,
    dataDir: options.data,
    listen: options.listen ?? [DEFAULT_LISTEN],
    uploadLimit: options.uploadLimit,
    admins: options.admin,
    probeDurationMs: options.probeDuration,
    maxFanout: options.maxFanout,
    stallTimeoutMs: options.stallTimeout,
    maxAttempts: options.maxAttempts,
    statusAccess: options.statusAccess,
    http: options.http
  })
  host.on('member:joined', ({ peerId, version }) => { say('host', `member ${peerId} joined (version ${version === '' ? 'none' : version})`) })
  host.on('member:left', ({ peerId }) => { say('host', `member ${peerId} left`) })
  host.on('member:measured', ({ peerId, uploadBps, downloadBps, rttMs }) => {
    say('host', `member ${peerId} measured: upload ${formatRate(uploadBps)}, download ${formatRate(downloadBps)}, rtt ${rttMs} ms`)
  })
  host.on('deployment:started', event => { say('host', describeStarted(event)) })
  host.on('deployment:finished', event => { say('host', describeFinished(event)) })
  host.on('refused', ({ peer, protocol, reason }) => { say('host', `refused ${protocol} from ${peer}: ${reason}`) })
  await host.start()
  process.stdout.write(`cascade host ${host.peerId.toString()}\n`)
  process.stdout.write(host.joinToken == null ? 'enrollment open: any peer may join\n' : `join token ${host.joinToken}\n`)
  for (const addr of host.multiaddrs()) {
    process.stdout.write(`listening on ${addr}\n`)
  }
  if (host.httpUrl != null) process.stdout.write(`dashboard on ${host.httpUrl}/ (metrics on ${host.httpUrl}/metrics)\n`)
  runUntilSignal(async () => { await host.stop() })
}
