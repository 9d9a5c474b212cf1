import { Command } from 'commander'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createNode } from '../node/client/index.js'
import { createHost } from '../node/host/index.js'
import { generateKey, saveKey } from '../node/identity.js'
import { fetchStatus } from '../node/admin/status.js'
import { formatRate } from '../node/units.js'
import { runUntilSignal, say } from './daemon.js'
import { collect, integerOption, labelOption, rateOption } from './parse.js'
import { formatStatusTable, statusToJson } from './status-table.js'

const program = new Command()
  .name('cascade')
  .description('Peer-to-peer software updates: the host seeds the fastest devices first, they relay down a speed-sorted tree.')
  .showHelpAfterError()

program.command('host')
  .description('run the fleet\'s host: membership, speed measurement, status')
  .requiredOption('--data <dir>', 'data dir: identity, database, buffered packages')
  .option('--listen <multiaddr>', 'address to listen on (repeatable)', collect)
  .option('--upload-limit <rate>', 'cap on what the host sends, e.g. 2MiB/s or 16mbit', rateOption)
  .option('--admin <peer-id>', 'authorize a publisher key (repeatable)', collect)
  .option('--probe-duration <ms>', 'length of each direction of a speed probe', integerOption)
  .action(async (options) => {
    const host = createHost({
      dataDir: options.data,
      listen: options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      uploadLimit: options.uploadLimit,
      admins: options.admin,
      probeDurationMs: options.probeDuration
    })
    host.on('member:joined', ({ peerId, version }) => { say('host', `member ${peerId} joined (version ${version === '' ? 'none' : version})`) })
    host.on('member:left', ({ peerId }) => { say('host', `member ${peerId} left`) })
    host.on('member:measured', ({ peerId, uploadBps, downloadBps, rttMs }) => {
      say('host', `member ${peerId} measured: upload ${formatRate(uploadBps)}, download ${formatRate(downloadBps)}, rtt ${rttMs} ms`)
    })
    host.on('refused', ({ peer, protocol, reason }) => { say('host', `refused ${protocol} from ${peer}: ${reason}`) })
    await host.start()
    process.stdout.write(`cascade host ${host.peerId.toString()}\n`)
    for (const addr of host.multiaddrs()) {
      process.stdout.write(`listening on ${addr}\n`)
    }
    runUntilSignal(async () => { await host.stop() })
  })

program.command('node')
  .description('run a device\'s node: join the host, answer probes, receive and relay updates')
  .requiredOption('--data <dir>', 'data dir: identity, chunk store, releases')
  .requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>')
  .option('--listen <multiaddr>', 'address to listen on for relays (repeatable)', collect)
  .option('--upload-limit <rate>', 'cap on what this node sends, e.g. 2MiB/s or 16mbit', rateOption)
  .option('--label <key=value>', 'a label the host can select on (repeatable)', labelOption)
  .action(async (options) => {
    const node = createNode({
      dataDir: options.data,
      host: options.host,
      listen: options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      uploadLimit: options.uploadLimit,
      labels: options.label
    })
    node.on('joined', ({ host }) => { say('node', `joined host ${host}`) })
    node.on('disconnected', ({ reason }) => { say('node', `not connected to the host: ${reason}`) })
    node.on('refused', ({ reason }) => { say('node', `refused: ${reason}`) })
    await node.start()
    process.stdout.write(`cascade node ${node.peerId.toString()}\n`)
    for (const addr of node.multiaddrs()) {
      process.stdout.write(`listening on ${addr}\n`)
    }
    runUntilSignal(async () => { await node.stop() })
  })

program.command('status')
  .description('list the host\'s members, fastest uploaders first')
  .requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>')
  .option('--json', 'machine-readable output')
  .option('--remeasure', 'measure every online member again first (needs --key of an authorized admin)')
  .option('--key <file>', 'admin key file (from `cascade keygen`)')
  .action(async (options) => {
    const status = await fetchStatus(options.host, { key: options.key, remeasure: options.remeasure })
    process.stdout.write(options.json === true ? `${JSON.stringify(statusToJson(status), null, 2)}\n` : `${formatStatusTable(status)}\n`)
  })

program.command('keygen')
  .description('make an admin (publisher) key and print its peer id, for the host\'s --admin')
  .requiredOption('--out <file>', 'where to write the key (mode 0600)')
  .action(async (options) => {
    const key = await generateKey()
    await saveKey(options.out, key)
    process.stdout.write(`${peerIdFromPrivateKey(key).toString()}\n`)
  })

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`cascade: ${err.message}\n`)
  process.exit(1)
})
