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
import { collect, integerOption, labelOption, percentOption, rateOption, sizeOption, wavesOption } from './parse.js'
import { formatStatusTable, statusToJson } from './status-table.js'
import { adminRequest } from '../node/admin/admin-client.js'
import { checkGroupName, validateGroup, validateRule } from '../node/host/rules.js'
import { CONTROL_ACTIONS, DEFAULT_AUDIT_LIMIT, DEFAULT_DEPLOYMENT_LIMIT, MAX_AUDIT_LIMIT, MAX_DEPLOYMENT_LIMIT } from '../protocols/admin/index.js'
import { MAX_STRIPES } from '../protocols/push/index.js'
import { adminCommand, adminOf, channelOption, limitOption, ruleIdOption, selectorOption } from './admin-options.js'
import { deploymentsToJson, describeAdmits, describeMembers, formatAudit, formatDeployments, formatGroups, formatRules } from './admin-tables.js'
import { loadOption, positiveIntegerOption, timeWindowOption } from './install-policy-options.js'
import { DEFAULT_BUSY_RETRY_MS, DEFAULT_DEFER_DEADLINE_MS, DEFAULT_INSTALL_RETRIES } from '../node/client/install-gate.js'
import { DEFAULT_IDLE_LOAD } from '../node/client/cpu-load.js'

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
  .option('--join-token <token>', 'the token new nodes present to enroll (default: made on first start, kept in DIR/join.token)')
  .option('--open-enrollment', 'let any peer join without a token (a lab, a demo)')
  .action(async (options) => {
    const host = createHost({
      openEnrollment: options.openEnrollment === true,
      joinToken: options.joinToken,
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
    process.stdout.write(host.joinToken == null ? 'enrollment open: any peer may join\n' : `join token ${host.joinToken}\n`)
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
  .option('--join-token <token>', 'the host\'s join token, to enroll on the first join (or CASCADE_JOIN_TOKEN)')
  .option('--app <command>', 'the managed app: run from the current release, restarted after each install')
  .option('--health <command>', 'after a restart, this must exit 0 or the release is rolled back')
  .option('--health-grace <ms>', 'the app must stay up this long after a restart (default 2000)', integerOption)
  .option('--seed-release <dir>', 'with no release installed yet, install this directory as --seed-version')
  .option('--seed-version <version>', 'the version of --seed-release', 'v1')
  .option('--busy-check <command>', 'run in the current release dir: exit 0 means the app is free, anything else that it is in use (installs wait)')
  .option('--busy-retry <ms>', 'while the app is in use, check again this often', positiveIntegerOption, DEFAULT_BUSY_RETRY_MS)
  .option('--defer-deadline <ms>', 'give an install up when the app stays in use this long', integerOption, DEFAULT_DEFER_DEADLINE_MS)
  .option('--notify <command>', 'tell the user an update waits (CASCADE_NOTICE, CASCADE_VERSION in its environment)')
  .option('--install-window <HH:MM-HH:MM>', 'install only inside this daily window, local time (may cross midnight: 22:00-06:00)', timeWindowOption)
  .option('--relay-window <HH:MM-HH:MM>', 'start relaying to children only inside this daily window, local time', timeWindowOption)
  .option('--relay-when-idle', 'start relaying to children only while the CPU load is below --idle-load')
  .option('--idle-load <load>', '1-minute load average per CPU below which the device is idle', loadOption, DEFAULT_IDLE_LOAD)
  .option('--install-retries <n>', 'when the node cannot install (disk, another install), check again this many times', integerOption, DEFAULT_INSTALL_RETRIES)
  .addOption(new Option('--test-fault <fault>', 'testing only: corrupt-relay=INDEX or corrupt-stored').hideHelp().argParser(faultOption))
  .action(async (options) => {
    const node = createNode({
      dataDir: options.data,
      host: options.host,
      listen: options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      uploadLimit: options.uploadLimit,
      labels: options.label,
      joinToken: options.joinToken ?? process.env.CASCADE_JOIN_TOKEN,
      app: options.app == null ? undefined : { command: options.app, healthCommand: options.health, graceMs: options.healthGrace },
      seedRelease: options.seedRelease == null ? undefined : { version: options.seedVersion, dir: options.seedRelease },
      faults: options.testFault,
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
    node.on('joined', ({ host }) => { say('node', `joined host ${host}`) })
    node.on('installed', ({ version }) => { say('node', `installed ${version}; restarted the app`) })
    node.on('disconnected', ({ reason }) => { say('node', `not connected to the host: ${reason}`) })
    node.on('refused', ({ reason, permanent }) => {
      if (!permanent) {
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
  .option('--target <selector>', 'only online members matching this selector: region=eu,hw=v2, @group, a peer id (default: all)', selectorOption)
  .option('--channel <name>', 'publish on this channel, for channel rules (e.g. stable, beta)', channelOption)
  .option('--waves <list>', 'phased rollout: cumulative shares of the targets, fastest first, e.g. 10%,50%,100%', wavesOption)
  .addOption(new Option('--strategy <strategy>', 'tree (default: speed-sorted, pipelined), or a baseline to compare with: star, binary-saf').choices(['tree', 'star', 'binary-saf']))
  .option('--stripes <n>', `with the tree: split the package over n trees, 1 to ${MAX_STRIPES} (default: the planner chooses; 1 = a single tree)`, integerOption)
  .option('--max-failures <percent>', 'with --waves: stop by itself when a wave\'s failures pass this share (default 0%)', percentOption)
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
      target: options.target,
      channel: options.channel,
      waves: options.waves,
      maxFailures: options.maxFailures,
      strategy: options.strategy,
      stripes: options.stripes,
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

const groupCommand = program.command('group')
  .description('groups of nodes, by label match or by explicit members (admins only)')

adminCommand(groupCommand, 'add', 'define a group: --match SELECTOR or --member PEER_ID...')
  .argument('<name>', 'group name: letters, digits, ".", "_" or "-"')
  .addOption(new Option('--match <selector>', 'members whose labels match: region=eu,hw=v2 (comma = AND), @other-group, a peer id, or *').conflicts('member'))
  .addOption(new Option('--member <peer-id...>', 'explicit members (repeatable)').conflicts('match'))
  .action(async (name: string, options) => {
    if (options.match == null && options.member == null) {
      throw new InvalidArgumentError('give --match SELECTOR or --member PEER_ID...')
    }
    const group = validateGroup({ name, match: options.match, members: options.member })
    const response = await adminRequest(adminOf(options), { groupAdd: { name: group.name, match: group.match, members: group.members } })
    process.stdout.write(`${response.done}: ${describeMembers(response.groups[0])}\n`)
  })

adminCommand(groupCommand, 'remove', 'remove a group (its rules must be removed first)')
  .argument('<name>', 'the group')
  .action(async (name: string, options) => {
    const response = await adminRequest(adminOf(options), { groupRemove: { name: checkGroupName(name) } })
    process.stdout.write(`${response.done}\n`)
  })

adminCommand(groupCommand, 'list', 'list the groups')
  .option('--json', 'machine-readable output')
  .action(async (options) => {
    const { groups } = await adminRequest(adminOf(options), { groupList: {} })
    process.stdout.write(options.json === true ? `${JSON.stringify(groups, null, 2)}\n` : `${formatGroups(groups)}\n`)
  })

const ruleCommand = program.command('rule')
  .description('which updates each group may receive; with no rules every update is allowed (admins only)')

adminCommand(ruleCommand, 'add', 'let a group receive a package within a version range, or a channel')
  .requiredOption('--group <name>', 'the group the rule is for')
  .addOption(new Option('--package <name>', 'package name, or * for any package').conflicts('channel'))
  .addOption(new Option('--versions <range>', 'version range: *, >=2.0.0, ">=2 <3", ~1.4, 2.1.0 (default *)').conflicts('channel'))
  .addOption(new Option('--channel <name>', 'every update published on this channel, e.g. stable, beta'))
  .action(async (options) => {
    if (options.versions != null && options.package == null) {
      throw new InvalidArgumentError('--versions needs --package')
    }
    if (options.package == null && options.channel == null) {
      throw new InvalidArgumentError('give --package NAME [--versions RANGE] or --channel NAME')
    }
    const rule = validateRule({ group: options.group, package: options.package, versions: options.versions, channel: options.channel })
    const response = await adminRequest(adminOf(options), { ruleAdd: rule })
    process.stdout.write(`${response.done}: group ${rule.group} may receive ${describeAdmits(response.rules[0])}\n`)
  })

adminCommand(ruleCommand, 'remove', 'remove a rule')
  .argument('<id>', 'the rule id, as `cascade rule list` shows it', ruleIdOption)
  .action(async (id: number, options) => {
    const response = await adminRequest(adminOf(options), { ruleRemove: { id } })
    process.stdout.write(`${response.done}\n`)
  })

adminCommand(ruleCommand, 'list', 'list the rules')
  .option('--json', 'machine-readable output')
  .action(async (options) => {
    const { rules } = await adminRequest(adminOf(options), { ruleList: {} })
    process.stdout.write(options.json === true ? `${JSON.stringify(rules, null, 2)}\n` : `${formatRules(rules)}\n`)
  })

adminCommand(program, 'deployments', 'list deployments, newest first, with their nodes per state (admins only)')
  .option('--limit <n>', `how many (default ${DEFAULT_DEPLOYMENT_LIMIT}, at most ${MAX_DEPLOYMENT_LIMIT})`, limitOption)
  .option('--json', 'machine-readable output')
  .action(async (options) => {
    const { deployments } = await adminRequest(adminOf(options), { deploymentList: { limit: options.limit ?? 0 } })
    process.stdout.write(options.json === true ? `${JSON.stringify(deploymentsToJson(deployments), null, 2)}\n` : `${formatDeployments(deployments)}\n`)
  })

const deploymentCommand = program.command('deployment')
  .description('pause, resume or cancel a deployment (admins only)')

for (const action of CONTROL_ACTIONS) {
  adminCommand(deploymentCommand, action, `${action} a deployment`)
    .argument('<id>', 'the deployment id, as `cascade deployments` shows it')
    .action(async (id: string, options) => {
      const response = await adminRequest(adminOf(options), { deploymentControl: { deploymentId: id, action } })
      process.stdout.write(`${response.done}\n`)
    })
}

adminCommand(program, 'audit', 'the host\'s audit log: who published, changed groups and rules, paused or cancelled what (admins only)')
  .option('--deployment <id>', 'only entries about this deployment')
  .option('--limit <n>', `the newest n entries (default ${DEFAULT_AUDIT_LIMIT}, at most ${MAX_AUDIT_LIMIT})`, limitOption)
  .option('--json', 'machine-readable output')
  .action(async (options) => {
    const { audit } = await adminRequest(adminOf(options), { auditList: { limit: options.limit ?? 0, deploymentId: options.deployment ?? '' } })
    process.stdout.write(options.json === true ? `${JSON.stringify(audit, null, 2)}\n` : `${formatAudit(audit)}\n`)
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
