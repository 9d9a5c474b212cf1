import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { logger } from '@libp2p/logger'
import { DelayQueue } from './delay/index.js'
import { offloadArgs, tbfLine } from './droptail.js'

/**
 * An emulated network of network namespaces: every member (the host, each
 * node) gets its own namespace with one interface, `eth0`, plugged into a
 * bridge that lives in a hub namespace of its own, so nothing is added to
 * the machine's own namespace. Each member's upload is shaped by `tc htb`
 * on its `eth0` (what leaves it), its download on the hub's end of its veth
 * (what reaches it), so the caps are the network's, not the app's. Two kinds
 * of link: drop-tail (`dropTailFrames`: a tbf queue per direction and a
 * delay on every path, src/bench/droptail.ts) or htb with a fair queue per
 * peer (the default here; docs/benchmarks.md says when each is used).
 *
 * Addresses come only from 198.18.0.0/15 (RFC 2544, benchmarking). Names
 * carry the creating process's pid: `cascade-b<pid>-…`; `removeStale`
 * deletes leftovers of processes that no longer run, never anyone else's.
 */

const execFileAsync = promisify(execFile)
const log = logger('cascade:bench:netns')

/** Member k (0 = the first) gets 198.18.0.0/15's address k + 1. */
const PREFIX_LENGTH = 15
const MAX_MEMBERS = 2 ** 17 - 2

/** Bytes a shaped link may queue by default: this long of traffic, at least two 64 KiB GSO packets. */
export const DEFAULT_QUEUE_MS = 100
const MIN_QUEUE_BYTES = 128 * 1024

/** htb's burst: at least one full GSO packet, so a 64 KiB segment is never split across refills. */
const MIN_BURST_BYTES = 64 * 1024

export const NAME_PREFIX = 'cascade-b'

/** The hub's own address on the bridge (the BitTorrent tracker's): the last of 198.18.0.0/15. */
const HUB_ADDRESS_NUMBER = MAX_MEMBERS

/** The delay's NFQUEUE number; queues are per namespace, and the hub namespace is this network's own. */
const DELAY_QUEUE = 0

export interface MemberLinks {
  /** bytes/s leaving the member; undefined = not shaped */
  upload?: number
  /** bytes/s reaching the member; undefined = not shaped */
  download?: number
}

export interface NetworkOptions {
  /**
   * one-way delay added to every path, ms: with `dropTailFrames` by the
   * delay program (`delayProgram`), else by sch_netem on each link
   */
  delayMs?: number
  /**
   * drop-tail links: a tbf queue of this many full frames in each direction
   * of each shaped link, offloads off (`fairQueue` and `queueMs` unused)
   */
  dropTailFrames?: number
  /** with `dropTailFrames` and `delayMs`: the built delay program (src/bench/delay) */
  delayProgram?: string
  /** how much traffic a shaped link queues before dropping, ms of its rate */
  queueMs?: number
  /**
   * Cap on each member's TCP send buffer (net.ipv4.tcp_wmem's max, which is
   * per namespace). Linux lets it grow to 4 MiB; behind a 1 Mbit/s link
   * that is half a minute of data, which a 300 ms speed probe then has to
   * drain before it ends. Default DEFAULT_SEND_BUFFER_BYTES.
   */
  sendBufferBytes?: number
  /** one queue per peer on each shaped link, served fairly (default true); false = one drop-tail queue */
  fairQueue?: boolean
}

/** Per-peer classes only up to this many members (htb class ids are 16 bits; tc gets slow beyond). */
const MAX_FAIR_MEMBERS = 1024
/** Class ids of peers start here (1 and 2 are the root and the default class). */
const CLASS_BASE = 16
/** Bytes a class may send per round: one full GSO packet. */
const FAIR_QUANTUM_BYTES = 65536

/**
 * 1 MiB: a 300 ms probe over a 1 Mbit/s link drains in ~9 s (with Linux's 4 MiB it can pass the
 * host's 30 s probe timeout), while a relay still keeps its link busy between chunks (at 256 KiB a
 * 10 Mbit/s relay forwarded at 76 % of its link, at 1 MiB at 98 %).
 */
export const DEFAULT_SEND_BUFFER_BYTES = 1024 * 1024

let ethtoolMissing = false

/** Segmentation and receive offloads off on `dev`, so tc sees wire-size frames; without ethtool, said once and left on. */
async function offloadsOff (ns: string, dev: string): Promise<void> {
  if (ethtoolMissing) return
  try {
    await run('ip', ['netns', 'exec', ns, 'ethtool', ...offloadArgs(dev)])
  } catch (err: any) {
    if (/ethtool/.test(err.message) && /ENOENT|No such file|not found/.test(err.message)) {
      ethtoolMissing = true
      log('ethtool is missing (apt-get install -y ethtool): offloads stay on, tc sees 64 KiB segments')
      return
    }
    log('offloads of %s in %s: %e', dev, ns, err)
  }
}

export async function run (command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: 10_000 })
    return stdout
  } catch (err: any) {
    throw new Error(`${command} ${args.join(' ')}: ${(err.stderr as string | undefined)?.trim() ?? err.message}`)
  }
}

/** Runs tc commands in one process (a mesh of 32 needs thousands of them). */
async function runBatch (ns: string, lines: string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('tc', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (data: Buffer) => { stderr += data.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 60_000)
    child.on('error', (err) => { clearTimeout(timer); reject(err) })
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`tc -n ${ns} -batch: ${stderr.trim() || `exit ${code}`}`))
    })
    child.stdin.end(lines.join('\n') + '\n')
  })
}

/** 198.18.0.0/15 address number `n` (1-based), dotted. */
export class NetnsUnavailableError extends Error {
  static override readonly name = 'NetnsUnavailableError'
  override readonly name = 'NetnsUnavailableError'
}

export function benchAddress (n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_MEMBERS) {
    throw new RangeError(`address number ${n} outside 1..${MAX_MEMBERS}`)
  }
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
}

function bits (bytesPerSecond: number): string {
  return `${Math.max(8, Math.round(bytesPerSecond * 8))}bit`
}

function processAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err.code === 'EPERM'
  }
}

/**
 * Why namespaces cannot be used here, or undefined when they can: root,
 * `ip` and `tc` from iproute2, and a kernel that lets us add a namespace, a
 * veth pair and an htb qdisc (tried on a scratch namespace, then removed).
 */
export async function netnsUnavailable (): Promise<string | undefined> {
  if (process.platform !== 'linux') {
    return 'network namespaces are a Linux feature'
  }
  if (process.getuid?.() !== 0) {
    return 'network namespaces need root (run as root, or go without --netns)'
  }
  for (const tool of ['ip', 'tc']) {
    try {
      await run(tool, ['-V'])
    } catch {
      return `\`${tool}\` is missing: install iproute2 (e.g. apt-get install -y iproute2)`
    }
  }
  const scratch = `${NAME_PREFIX}${process.pid}-check`
  try {
    await run('ip', ['netns', 'add', scratch])
    await run('ip', ['-n', scratch, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0'])
    await run('tc', ['-n', scratch, 'qdisc', 'add', 'dev', 'a0', 'root', 'handle', '1:', 'htb', 'default', '1'])
    await run('tc', ['-n', scratch, 'class', 'add', 'dev', 'a0', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '1mbit'])
    return undefined
  } catch (err: any) {
    return `cannot build a shaped namespace here: ${err.message}`
  } finally {
    await run('ip', ['netns', 'del', scratch]).catch(() => {})
  }
}

/** Whether the kernel has sch_netem (needed for --delay). */
export async function netemAvailable (): Promise<boolean> {
  const scratch = `${NAME_PREFIX}${process.pid}-netem`
  try {
    await run('ip', ['netns', 'add', scratch])
    await run('tc', ['-n', scratch, 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'])
    return true
  } catch {
    return false
  } finally {
    await run('ip', ['netns', 'del', scratch]).catch(() => {})
  }
}

/** Deletes namespaces left by bench processes that no longer run; returns their names. */
export async function removeStaleNamespaces (): Promise<string[]> {
  const removed: string[] = []
  const listing = await run('ip', ['netns', 'list']).catch(() => '')
  for (const line of listing.split('\n')) {
    const name = line.split(' ')[0]
    const match = new RegExp(`^${NAME_PREFIX}(\\d+)-`).exec(name)
    if (match == null || processAlive(Number(match[1]))) {
      continue
    }
    await run('ip', ['netns', 'del', name]).catch(() => {})
    removed.push(name)
  }
  return removed
}

export class EmulatedNetwork {
  /** namespace of each member, in order */
  readonly namespaces: string[]
  /** 198.18.0.0/15 address of each member, in order */
  readonly addresses: string[]
  /** the namespace holding the bridge, and its address there */
  readonly hub: string
  readonly hubAddress = benchAddress(HUB_ADDRESS_NUMBER)
  private readonly created: string[] = []
  private delay?: DelayQueue

  private constructor (readonly tag: string, count: number) {
    this.hub = `${NAME_PREFIX}${tag}-hub`
    this.namespaces = Array.from({ length: count }, (_, k) => `${NAME_PREFIX}${tag}-m${k}`)
    this.addresses = Array.from({ length: count }, (_, k) => benchAddress(k + 1))
  }

  /**
   * Builds the network; on any failure removes what it made and throws.
   * `links[k]` shapes member k.
   */
  static async create (links: MemberLinks[], options: NetworkOptions = {}): Promise<EmulatedNetwork> {
    if (links.length > MAX_MEMBERS) {
      throw new RangeError(`at most ${MAX_MEMBERS} members`)
    }
    const delay = options.delayMs != null && options.delayMs > 0
    if (delay && options.dropTailFrames != null && options.delayProgram == null) {
      throw new RangeError('a delay on drop-tail links needs the delay program (src/bench/delay)')
    }
    if (delay && options.dropTailFrames == null && !await netemAvailable()) {
      throw new NetnsUnavailableError('--delay needs the kernel\'s sch_netem qdisc, which this kernel lacks')
    }
    // several networks of one process (sequential runs) must not collide
    const network = new EmulatedNetwork(`${process.pid}x${Date.now().toString(36)}`, links.length)
    try {
      await network.build(links, options)
    } catch (err) {
      await network.destroy()
      throw err
    }
    return network
  }

  private async build (links: MemberLinks[], options: NetworkOptions): Promise<void> {
    await run('ip', ['netns', 'add', this.hub])
    this.created.push(this.hub)
    await run('ip', ['-n', this.hub, 'link', 'add', 'br0', 'type', 'bridge'])
    await run('ip', ['-n', this.hub, 'link', 'set', 'br0', 'up'])
    await run('ip', ['-n', this.hub, 'addr', 'add', `${this.hubAddress}/${PREFIX_LENGTH}`, 'dev', 'br0'])
    await run('ip', ['-n', this.hub, 'link', 'set', 'lo', 'up'])
    const dropTail = options.dropTailFrames
    for (let k = 0; k < links.length; k++) {
      const ns = this.namespaces[k]
      const port = `m${k}`
      await run('ip', ['netns', 'add', ns])
      this.created.push(ns)
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
      // drop-tail links keep the kernel's own send buffers unless asked (docs/benchmarks.md, "Settings")
      const sendBuffer = options.sendBufferBytes ?? (dropTail == null ? DEFAULT_SEND_BUFFER_BYTES : undefined)
      if (sendBuffer != null) {
        await run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', `net.ipv4.tcp_wmem=4096 16384 ${sendBuffer}`])
      }
      await run('ip', ['-n', this.hub, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns])
      await run('ip', ['-n', this.hub, 'link', 'set', port, 'master', 'br0'])
      await run('ip', ['-n', this.hub, 'link', 'set', port, 'up'])
      await run('ip', ['-n', ns, 'addr', 'add', `${this.addresses[k]}/${PREFIX_LENGTH}`, 'dev', 'eth0'])
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up'])
      if (dropTail != null) {
        await offloadsOff(ns, 'eth0')
        await offloadsOff(this.hub, port)
        const { upload, download } = links[k]
        if (upload != null) await runBatch(ns, [tbfLine('eth0', upload, dropTail)])
        if (download != null) await runBatch(this.hub, [tbfLine(port, download, dropTail)])
        continue
      }
      await this.shape(ns, 'eth0', links[k].upload, options, k, 'dst')
      await this.shape(this.hub, port, links[k].download, options, k, 'src')
    }
    if (dropTail != null && options.delayMs != null && options.delayMs > 0 && options.delayProgram != null) {
      this.delay = await DelayQueue.start(options.delayProgram, this.hub, DELAY_QUEUE, options.delayMs)
    }
  }

  /**
   * htb at `rate` on what leaves `dev` in `ns`. With `fairQueue`, one class
   * per other member (matched on `match` = dst or src address), each
   * guaranteed an equal share and allowed to borrow up to `rate`: flows to
   * different peers share the link fairly, as fq-style queueing does and as
   * the simulator assumes. Without it (or the kernel lacks nothing else: no
   * fq_codel, sfq or netem here), one drop-tail queue, where TCP flows with
   * near-zero RTT lock each other out for seconds.
   */
  private async shape (ns: string, dev: string, rate: number | undefined, options: NetworkOptions, self: number, match: 'dst' | 'src'): Promise<void> {
    const { delayMs, queueMs = DEFAULT_QUEUE_MS, fairQueue = true } = options
    const delay = delayMs != null && delayMs > 0
    if (rate == null) {
      if (delay) {
        await run('tc', ['-n', ns, 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${delayMs}ms`, 'limit', '10000'])
      }
      return
    }
    const burst = String(Math.max(MIN_BURST_BYTES, Math.round(rate * 0.01)))
    const limit = String(Math.max(MIN_QUEUE_BYTES, Math.round(rate * queueMs / 1000)))
    const peers = fairQueue && this.addresses.length <= MAX_FAIR_MEMBERS ? this.addresses.map((addr, k) => ({ addr, k })).filter(({ k }) => k !== self) : []
    const share = rate / (peers.length + 1)
    const leaf = (classid: string, handle: string): string[] => delay
      ? [`qdisc add dev ${dev} parent ${classid} handle ${handle}: netem delay ${delayMs}ms limit 10000`]
      : [`qdisc add dev ${dev} parent ${classid} handle ${handle}: bfifo limit ${limit}`]
    const lines = [
      `qdisc add dev ${dev} root handle 1: htb default 2`,
      `class add dev ${dev} parent 1: classid 1:1 htb rate ${bits(rate)} ceil ${bits(rate)} burst ${burst} cburst ${burst}`,
      // the default class: anything no filter matches (ARP, a peer beyond the fair-queue limit)
      `class add dev ${dev} parent 1:1 classid 1:2 htb rate ${bits(share)} ceil ${bits(rate)} burst ${burst} cburst ${burst} quantum ${FAIR_QUANTUM_BYTES}`,
      ...leaf('1:2', '2')
    ]
    for (const { addr, k } of peers) {
      const id = (k + CLASS_BASE).toString(16)
      lines.push(
        `class add dev ${dev} parent 1:1 classid 1:${id} htb rate ${bits(share)} ceil ${bits(rate)} burst ${burst} cburst ${burst} quantum ${FAIR_QUANTUM_BYTES}`,
        ...leaf(`1:${id}`, id),
        `filter add dev ${dev} parent 1: protocol ip prio 1 u32 match ip ${match} ${addr}/32 flowid 1:${id}`
      )
    }
    await runBatch(ns, lines)
  }

  /** Bytes that left each member's eth0 (kernel counters): what each really uploaded. */
  async txBytes (k: number): Promise<number> {
    const text = await run('ip', ['-n', this.namespaces[k], '-s', '-j', 'link', 'show', 'eth0'])
    const [link] = JSON.parse(text) as Array<{ stats64?: { tx?: { bytes?: number } } }>
    return link?.stats64?.tx?.bytes ?? 0
  }

  /** Removes every namespace this network made (their interfaces go with them). */
  async destroy (): Promise<void> {
    await this.delay?.stop()
    this.delay = undefined
    for (const ns of this.created.splice(0).reverse()) {
      await run('ip', ['netns', 'del', ns]).catch(() => {})
    }
  }
}
