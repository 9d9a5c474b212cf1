import { Option } from 'commander'
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_PROBE_DURATION_MS, DEFAULT_STALL_TIMEOUT_MS, STATUS_ACCESS } from '../../../node/host/index.js'
import { DEFAULT_MAX_FANOUT } from '../../../tree/index.js'
import { DEFAULT_LISTEN, inExistingDirOption, integerOption, listenOption, optionParser, paceShareOption, peerIdsOption, rateOption } from '../../parse.js'
import type { StatusAccess } from '../../../node/host/index.js'
import { requiredOption } from '../../usage.js'
import { DEFAULT_SITE_KEEP_RELEASES } from '../../../node/site/index.js'
import { checkHttpAddress } from '../../../node/metrics/index.js'
import { DEFAULT_TIMESTAMP_LIFETIME_MS, DEFAULT_TRUST_REFRESH_MS } from '../../../node/trust/index.js'
import { positiveIntegerOption } from '../../install-policy-options.js'

/** `cascade host`'s options, as commander parses them (from flags, CASCADE_* variables or a config file: src/cli/config/). */
export interface HostOptions {
  config?: string
  data: string
  listen?: string[]
  uploadLimit?: number
  admin?: string[]
  probeDuration?: number
  maxFanout?: number
  stallTimeout?: number
  maxAttempts?: number
  joinToken?: string
  openEnrollment?: boolean
  statusAccess?: StatusAccess
  parent?: string
  keepReleases?: number
  http?: string
  pace?: number
  trustRoot?: string
  timestampLifetime?: number
  trustRefresh?: number
}

export function hostOptions (): Option[] {
  return [
    requiredOption('--data <dir>', 'data dir: identity, database, buffered packages (its parent must exist)').argParser(inExistingDirOption),
    new Option('--listen <multiaddr>', `address to listen on (repeatable; default ${DEFAULT_LISTEN})`).argParser(listenOption),
    new Option('--upload-limit <rate>', 'cap on what the host sends, e.g. 2MiB/s or 16mbit').argParser(rateOption),
    new Option('--admin <peer-id>', 'authorize an admin key (repeatable); kept in the database, so later starts need it no more (`cascade admin` manages them)').argParser(peerIdsOption),
    new Option('--probe-duration <ms>', `length of each of a speed probe's three parts: two uploads (the faster kept) and a download (default ${DEFAULT_PROBE_DURATION_MS})`).argParser(integerOption),
    new Option('--max-fanout <n>', `cap on any node's children in the relay tree (default ${DEFAULT_MAX_FANOUT})`).argParser(integerOption),
    new Option('--stall-timeout <ms>', `retry a node that shows no progress for this long (default ${DEFAULT_STALL_TIMEOUT_MS})`).argParser(integerOption),
    new Option('--pace <share>', 'pace every push of a deployment (the host\'s and its relays\') at this share of the sender\'s measured upload, 0.5 to 1, so a drop-tail uplink stays usable; off unless given (docs/update-flow.md)').argParser(paceShareOption),
    new Option('--max-attempts <n>', `attempts per node before it is reported failed (default ${DEFAULT_MAX_ATTEMPTS})`).argParser(integerOption),
    new Option('--join-token <token>', 'the token new nodes present to enroll (default: made on first start, kept in DIR/join.token)'),
    new Option('--open-enrollment', 'let any peer join without a token (a lab, a demo)'),
    new Option('--status-access <who>', 'who may read status: admins (an authorized admin key), or anyone (a lab, a demo) (default anyone with --open-enrollment, else admins)').choices(STATUS_ACCESS),
    new Option('--parent <multiaddr>', 'run as a site host: also a member of this parent host, ending in /p2p/<parent peer id>; --join-token is then the parent\'s (docs/hierarchy.md)'),
    new Option('--keep-releases <n>', `with --parent: releases kept per package (default ${DEFAULT_SITE_KEEP_RELEASES})`).argParser(integerOption),
    new Option('--http <host:port>', 'serve the read-only web dashboard and /metrics here, e.g. 127.0.0.1:8080 (off unless given)').argParser(optionParser(checkHttpAddress)),
    new Option('--trust-root <file>', 'the fleet\'s root metadata (from `cascade trust init`), or the next version of the one kept: refuse releases its publishers did not sign, serve it to the members (docs/security.md)'),
    new Option('--timestamp-lifetime <ms>', `how long each timestamp this host signs (when the root names its key) stays fresh (default ${DEFAULT_TIMESTAMP_LIFETIME_MS})`).argParser(positiveIntegerOption),
    new Option('--trust-refresh <ms>', `with --parent and a root of trust: ask the parent for newer roots and timestamps this often (default ${DEFAULT_TRUST_REFRESH_MS})`).argParser(positiveIntegerOption)
  ]
}
