import { Command, InvalidArgumentError, Option } from 'commander'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createNode } from '../node/client/index.js'
import { createHost } from '../node/host/index.js'
import { generateKey, saveKey } from '../node/identity.js'
import { fetchStatus } from '../node/admin/status.js'
import { publish } from '../node/admin/publish.js'
import { PublishView, jsonLine } from './publish-view.js'
import { runDemo } from './demo.js'
import type { TestFaults } from '../node/client/index.js'
import { formatRate } from '../node/units.js'
import { runUntilSignal, say } from './daemon.js'
import { collect, integerOption, labelOption, rateOption, sizeOption } from './parse.js'
import { formatStatusTable, statusToJson } from './status-table.js'

function faultOption (value: string): TestFaults {
  if (value === 'corrupt-stored') {
    return { corruptStoredChunk: true }
  }
  const match = /^corrupt-relay=(\d+)$/.exec(value)
  if (match != null) {
    return { corruptRelayChunk: Number(match[1]) }
  }
  throw new InvalidArgumentError('faults: corrupt-relay=INDEX, corrupt-stored')
}

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
  .option('--max-fanout <n>', 'cap on any client\'s children in the relay tree (default 4)', integerOption)
  .option('--stall-timeout <ms>', 'retry a node that shows no progress for this long (default 30000)', integerOption)
  .option('--max-attempts <n>', 'attempts per node before it is reported failed (default 3)', integerOption)
  .action(async (options) => {
    const host = createHost({
      dataDir: options.data,
      listen: options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      uploadLimit: options.uploadLimit,
      admins: options.admin,
      probeDurationMs: options.probeDuration,
      maxFanout: options.maxFanout,
      stallTimeoutMs: options.stallTimeout,
      maxAttempts: options.maxAttempts
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
  .option('--app <command>', 'the managed app: run from the current release, restarted after each install')
  .option('--health <command>', 'after a restart, this must exit 0 or the release is rolled back')
  .option('--health-grace <ms>', 'the app must stay up this long after a restart (default 2000)', integerOption)
  .option('--seed-release <dir>', 'with no release installed yet, install this directory as --seed-version')
  .option('--seed-version <version>', 'the version of --seed-release', 'v1')
  .addOption(new Option('--test-fault <fault>', 'testing only: corrupt-relay=INDEX or corrupt-stored').hideHelp().argParser(faultOption))
  .action(async (options) => {
    const node = createNode({
      dataDir: options.data,
      host: options.host,
      listen: options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      uploadLimit: options.uploadLimit,
      labels: options.label,
      app: options.app == null ? undefined : { command: options.app, healthCommand: options.health, graceMs: options.healthGrace },
      seedRelease: options.seedRelease == null ? undefined : { version: options.seedVersion, dir: options.seedRelease },
      faults: options.testFault
    })
    node.on('joined', ({ host }) => { say('node', `joined host ${host}`) })
    node.on('installed', ({ version }) => { say('node', `installed ${version}; restarted the app`) })
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

program.command('publish')
  .description('send a package to the fleet: the host seeds it down a speed-sorted relay tree')
  .argument('<package>', 'the file to deploy (a .tar.gz is unpacked into the release; anything else is placed as is)')
  .requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>')
  .requiredOption('--key <file>', 'admin key file (from `cascade keygen`), authorized on the host with --admin')
  .requiredOption('--version <version>', 'the version this package is')
  .option('--name <name>', 'the package name (default: the file name)')
  .option('--chunk-size <size>', 'chunk size, e.g. 256KiB (default: chosen from the package size)', sizeOption)
  .option('--max-fanout <n>', 'cap on any client\'s children in the relay tree', integerOption)
  .option('--rollback', 'an explicit, signed rollback to an older version')
  .option('--json', 'machine-readable lines: events, then the summary')
  .action(async (packagePath: string, options) => {
    const view = options.json === true ? undefined : new PublishView()
    if (view != null) {
      process.stdout.write(`requesting to send ${packagePath} as ${options.version}\n`)
    }
    const summary = await publish({
      host: options.host,
      keyFile: options.key,
      packagePath,
      version: options.version,
      name: options.name,
      chunkSize: options.chunkSize,
      maxFanout: options.maxFanout,
      rollback: options.rollback,
      onEvent: (event) => {
        if (view != null) {
          view.handle(event)
        } else if (event.type !== 'upload' || event.bytes === event.total) {
          process.stdout.write(`${jsonLine(event)}\n`)
        }
      }
    })
    process.exitCode = summary.success ? 0 : 1
  })

program.command('demo')
  .description('a local fleet on 127.0.0.1: a host and N nodes running a sample app take v1 → v2')
  .option('--nodes <n>', 'how many node processes', integerOption, 12)
  .option('--size <size>', 'payload added to the v2 package', sizeOption, 16 * 1024 * 1024)
  .option('--keep', 'keep the demo\'s data dirs')
  .action(async (options) => {
    const result = await runDemo({ nodes: options.nodes, size: options.size, keep: options.keep })
    process.exitCode = result.summary.success ? 0 : 1
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
