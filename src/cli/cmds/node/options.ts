import { InvalidArgumentError, Option } from 'commander'
import { DEFAULT_BUSY_RETRY_MS, DEFAULT_DEFER_DEADLINE_MS, DEFAULT_INSTALL_RETRIES } from '../../../node/client/install-gate.js'
import { DEFAULT_IDLE_LOAD } from '../../../node/client/cpu-load.js'
import { DEFAULT_GRACE_MS } from '../../../node/installer/index.js'
import { loadOption, positiveIntegerOption, timeWindowOption } from '../../install-policy-options.js'
import { DEFAULT_LISTEN, inExistingDirOption, integerOption, labelOption, listenOption, optionParser, rateOption, versionOption } from '../../parse.js'
import { requiredOption } from '../../usage.js'
import { checkHttpAddress } from '../../../node/metrics/index.js'
import { DEFAULT_TRUST_REFRESH_MS } from '../../../node/trust/index.js'
import { RECONNECT_MAX_MS, RECONNECT_MIN_MS } from '../../../node/client/host-link.js'
import type { TestFaults, TimeWindow } from '../../../node/client/index.js'

/** The version `--seed-release` is installed as when `--seed-version` is not given. */
export const DEFAULT_SEED_VERSION = 'v1'

/** `cascade node`'s options, as commander parses them (from flags, CASCADE_* variables or a config file: src/cli/config/). */
export interface NodeOptions {
  config?: string
  data: string
  host: string
  listen?: string[]
  uploadLimit?: number
  label?: Record<string, string>
  joinToken?: string
  app?: string
  health?: string
  healthGrace?: number
  seedRelease?: string
  seedVersion: string
  busyCheck?: string
  busyRetry: number
  deferDeadline: number
  notify?: string
  installWindow?: TimeWindow
  relayWindow?: TimeWindow
  relayWhenIdle?: boolean
  idleLoad: number
  installRetries: number
  testFault?: TestFaults
  metrics?: string
  upnp?: boolean
  trustRoot?: string
  trustRefresh?: number
  reconnectMax?: number
}

function faultOption (value: string): TestFaults {
  if (value === 'corrupt-stored') {
    return { corruptStoredChunk: true }
  }
  if (value === 'refuse-first-push') {
    return { refuseFirstPush: true }
  }
  const match = /^corrupt-relay=(\d+)$/.exec(value)
  if (match != null) {
    return { corruptRelayChunk: Number(match[1]) }
  }
  const slow = /^slow-relay=(\d+):(\d+)$/.exec(value)
  if (slow != null) {
    return { slowRelay: { after: Number(slow[1]), rate: Number(slow[2]) } }
  }
  const endless = /^endless-relay=(repeat|beyond)$/.exec(value)
  if (endless != null) {
    return { endlessRelay: endless[1] as 'repeat' | 'beyond' }
  }
  throw new InvalidArgumentError('faults: corrupt-relay=INDEX, corrupt-stored, slow-relay=AFTER_CHUNKS:BYTES_PER_S, endless-relay=repeat|beyond, refuse-first-push')
}

export function nodeOptions (): Option[] {
  return [
    requiredOption('--data <dir>', 'data dir: identity, chunk store, releases (its parent must exist)').argParser(inExistingDirOption),
    requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>'),
    new Option('--listen <multiaddr>', `address to listen on for relays (repeatable; default ${DEFAULT_LISTEN})`).argParser(listenOption),
    new Option('--upload-limit <rate>', 'cap on what this node sends, e.g. 2MiB/s or 16mbit').argParser(rateOption),
    new Option('--label <key=value>', 'a label the host can select on (repeatable)').argParser(labelOption),
    new Option('--join-token <token>', 'the host\'s join token, to enroll on the first join'),
    new Option('--app <command>', 'the managed app: run from the current release, restarted after each install'),
    new Option('--health <command>', 'after a restart, this must exit 0 or the release is rolled back'),
    new Option('--health-grace <ms>', `the app must stay up this long after a restart (default ${DEFAULT_GRACE_MS})`).argParser(integerOption),
    new Option('--seed-release <dir>', 'with no release installed yet, install this directory as --seed-version'),
    new Option('--seed-version <version>', 'the version of --seed-release').argParser(versionOption).default(DEFAULT_SEED_VERSION),
    new Option('--busy-check <command>', 'run in the current release dir: exit 0 means the app is free, anything else that it is in use (installs wait)'),
    new Option('--busy-retry <ms>', 'while the app is in use, check again this often').argParser(positiveIntegerOption).default(DEFAULT_BUSY_RETRY_MS),
    new Option('--defer-deadline <ms>', 'give an install up when the app stays in use this long').argParser(integerOption).default(DEFAULT_DEFER_DEADLINE_MS),
    new Option('--notify <command>', 'tell the user an update waits (CASCADE_NOTICE, CASCADE_VERSION in its environment)'),
    new Option('--install-window <HH:MM-HH:MM>', 'install only inside this daily window, local time (may cross midnight: 22:00-06:00)').argParser(timeWindowOption),
    new Option('--relay-window <HH:MM-HH:MM>', 'start relaying to children only inside this daily window, local time').argParser(timeWindowOption),
    new Option('--relay-when-idle', 'start relaying to children only while the CPU load is below --idle-load'),
    new Option('--idle-load <load>', '1-minute load average per CPU below which the device is idle').argParser(loadOption).default(DEFAULT_IDLE_LOAD),
    new Option('--install-retries <n>', 'when the node cannot install (disk, another install), check again this many times').argParser(integerOption).default(DEFAULT_INSTALL_RETRIES),
    new Option('--upnp', 'ask the router for a port mapping over UPnP, so that others can dial this node (docs/internet.md)'),
    new Option('--metrics <host:port>', 'serve this node\'s Prometheus metrics on /metrics here, e.g. 127.0.0.1:9464 (off unless given)').argParser(optionParser(checkHttpAddress)),
    new Option('--trust-root <file>', 'the fleet\'s root metadata (from `cascade trust init`): check every release\'s publisher signatures here (docs/security.md); without it the node trusts its host'),
    new Option('--trust-refresh <ms>', `ask the host for newer roots and timestamps this often (default ${DEFAULT_TRUST_REFRESH_MS})`).argParser(positiveIntegerOption),
    new Option('--reconnect-max <ms>', `at most this long between two attempts to reach the host (the wait doubles from ${RECONNECT_MIN_MS} ms up to it, with jitter; default ${RECONNECT_MAX_MS})`).argParser(positiveIntegerOption),
    new Option('--test-fault <fault>', 'testing only: corrupt-relay=INDEX, corrupt-stored, slow-relay=AFTER_CHUNKS:BYTES_PER_S, endless-relay=repeat|beyond or refuse-first-push').hideHelp().argParser(faultOption)
  ]
}
