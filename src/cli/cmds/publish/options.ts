import { Option } from 'commander'
import { MAX_STRIPES } from '../../../protocols/push/index.js'
import { DEFAULT_MAX_FANOUT } from '../../../tree/index.js'
import { channelOption, selectorOption } from '../../admin-options.js'
import { integerOption, percentOption, sizeOption, versionOption, wavesOption } from '../../parse.js'
import { requiredOption } from '../../usage.js'
import type { PublishOptions } from '../../../node/admin/publish.js'

/** `--strategy`: the tree, or a baseline to compare with. */
export const STRATEGIES = ['tree', 'star', 'binary-saf'] as const

/** `cascade publish`'s options, as commander parses them: the library's publish options, and `--key`, `--json`. */
export type PublishCommandOptions = Pick<PublishOptions, 'host' | 'version' | 'name' | 'chunkSize' | 'maxFanout' | 'rollback' | 'target' | 'channel' | 'waves' | 'maxFailures' | 'stripes'> & {
  key: string
  release?: string
  strategy?: typeof STRATEGIES[number]
  json?: boolean
}

export function publishOptions (): Option[] {
  return [
    requiredOption('--host <multiaddr>', 'the host, ending in /p2p/<host peer id>'),
    requiredOption('--key <file>', 'admin key file (from `cascade keygen`), authorized on the host with --admin'),
    new Option('--version <version>', 'the version this package is: v2, 1.4.0, 2.0.0-rc1 (docs/versions.md); required without --release').argParser(versionOption),
    new Option('--release <file>', 'send this release, prepared with `cascade release prepare` and signed with `cascade sign` (docs/security.md); its version, name and chunk size are the release\'s').conflicts(['version', 'name', 'chunkSize', 'rollback']),
    new Option('--name <name>', 'the package name (default: the file name up to its first dot, without a trailing version: app-v2.tar.gz is app)'),
    new Option('--chunk-size <size>', 'chunk size, e.g. 256KiB (default: chosen from the package size)').argParser(sizeOption),
    new Option('--max-fanout <n>', `cap on any node's children in the relay tree (default: the host's --max-fanout, ${DEFAULT_MAX_FANOUT} unless set)`).argParser(integerOption),
    new Option('--rollback', 'an explicit, signed rollback to an older version'),
    new Option('--target <selector>', 'only online members matching this selector: region=eu,hw=v2, @group, a peer id (default: all)').argParser(selectorOption),
    new Option('--channel <name>', 'publish on this channel, for channel rules (e.g. stable, beta)').argParser(channelOption),
    new Option('--waves <list>', 'phased rollout: cumulative shares of the targets, fastest first, e.g. 10%,50%,100%').argParser(wavesOption),
    new Option('--strategy <strategy>', 'tree (default: speed-sorted, pipelined), or a baseline to compare with: star, binary-saf').choices(STRATEGIES),
    new Option('--stripes <n>', `with the tree: split the package over n trees, 1 to ${MAX_STRIPES} (default: the planner chooses; 1 = a single tree)`).argParser(integerOption),
    new Option('--max-failures <percent>', 'with --waves: stop by itself when a wave\'s failures pass this share (default 0%: the first failure stops it)').argParser(percentOption),
    new Option('--json', 'machine-readable lines: events, then the summary')
  ]
}
