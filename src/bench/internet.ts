import { NAME_PREFIX, run } from './netns.js'

/**
 * An emulated Internet in network namespaces (docs/internet.md), addresses
 * only from 198.18.0.0/15: a public segment 198.18.0.0/24 (a bridge in a
 * namespace of its own) with the public members, and home routers, each a
 * namespace on that segment that translates a private segment
 * 198.19.K.0/24 (a bridge inside the router) for the members behind it.
 *
 * Two kinds of router. `cone`: a common home router, endpoint-independent
 * mapping that preserves the port: a connection a member opens from port P
 * leaves from ROUTER:P whatever its destination (MASQUERADE keeps the
 * source port while it is free). `symmetric`: a new random port per
 * connection (MASQUERADE --random-fully). Both
 * filter: nothing from outside reaches a member unless it answers a
 * connection the member opened (no port forwarding, new inbound dropped
 * silently, as a home router does, not refused).
 *
 * Names carry the creating process's pid (`cascade-b<pid>-…`), so
 * src/bench/netns.ts `removeStaleNamespaces` cleans up after a crash.
 */

export type RouterKind = 'cone' | 'symmetric'

export interface InternetMember {
  name: string
  ns: string
  /** its own address */
  address: string
  /** the port it listens on */
  port: number
  /** index of its home router; undefined = on the public segment */
  home?: number
}

export interface InternetSpec {
  /** names of the members on the public segment (the host first) */
  public: string[]
  /** each home: its router's kind and the names of the members behind it */
  homes: Array<{ kind: RouterKind, members: string[] }>
  /** bytes/s every member may send (tc on its interface); undefined = unshaped */
  upload?: (name: string) => number | undefined
  /** first listen port; member i listens on firstPort + i */
  firstPort?: number
}

const PUBLIC_PREFIX = '198.18.0'
const ROUTER_HOST_NUMBER = 100
const DEFAULT_FIRST_PORT = 4101
/** tbf's burst and queue: one 64 KiB GSO segment, and 100 ms of the rate (at least two segments) */
const BURST_BYTES = 64 * 1024
const MIN_QUEUE_BYTES = 128 * 1024

function tbf (rate: number): string[] {
  const limit = Math.max(MIN_QUEUE_BYTES, Math.round(rate / 10))
  return ['root', 'tbf', 'rate', `${Math.max(8, Math.round(rate * 8))}bit`, 'burst', String(BURST_BYTES), 'limit', String(limit)]
}

export class EmulatedInternet {
  readonly members = new Map<string, InternetMember>()
  /** public address of each home's router */
  readonly routers: string[] = []
  private readonly created: string[] = []
  private readonly tag = `${process.pid}i${Date.now().toString(36)}`

  /** Builds it; on any failure removes what it made and throws. */
  static async create (spec: InternetSpec): Promise<EmulatedInternet> {
    const internet = new EmulatedInternet()
    try {
      await internet.build(spec)
    } catch (err) {
      await internet.destroy()
      throw err
    }
    return internet
  }

  private async namespace (suffix: string): Promise<string> {
    const ns = `${NAME_PREFIX}${this.tag}-${suffix}`
    await run('ip', ['netns', 'add', ns])
    this.created.push(ns)
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
    return ns
  }

  /** A veth from `ns` (as eth0, at `address`/24) into bridge `bridge` of namespace `bridgeNs`. */
  private async plug (ns: string, address: string, bridgeNs: string, bridge: string, port: string): Promise<void> {
    await run('ip', ['-n', bridgeNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns])
    await run('ip', ['-n', bridgeNs, 'link', 'set', port, 'master', bridge])
    await run('ip', ['-n', bridgeNs, 'link', 'set', port, 'up'])
    await run('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0'])
    await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up'])
  }

  private async bridge (ns: string, name: string): Promise<void> {
    await run('ip', ['-n', ns, 'link', 'add', name, 'type', 'bridge'])
    await run('ip', ['-n', ns, 'link', 'set', name, 'up'])
  }

  private async build (spec: InternetSpec): Promise<void> {
    const wan = await this.namespace('wan')
    await this.bridge(wan, 'br0')
    let index = 0
    const port = (): number => (spec.firstPort ?? DEFAULT_FIRST_PORT) + index++
    for (const [i, name] of spec.public.entries()) {
      const ns = await this.namespace(`p${i}`)
      const address = `${PUBLIC_PREFIX}.${i + 1}`
      await this.plug(ns, address, wan, 'br0', `p${i}`)
      this.members.set(name, { name, ns, address, port: port() })
    }
    for (const [k, home] of spec.homes.entries()) {
      const router = await this.namespace(`r${k}`)
      const routerAddress = `${PUBLIC_PREFIX}.${ROUTER_HOST_NUMBER + k}`
      const lan = `198.19.${k}`
      this.routers.push(routerAddress)
      await this.plug(router, routerAddress, wan, 'br0', `r${k}`)
      await this.bridge(router, 'lan0')
      await run('ip', ['-n', router, 'addr', 'add', `${lan}.1/24`, 'dev', 'lan0'])
      await run('ip', ['netns', 'exec', router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'])
      const nat = async (...rule: string[]): Promise<void> => { await run('ip', ['netns', 'exec', router, 'iptables', ...rule]) }
      // filtering: only answers to what the inside opened get in; a new connection from outside is dropped
      await nat('-A', 'INPUT', '-i', 'eth0', '-p', 'tcp', '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP')
      await nat('-A', 'FORWARD', '-i', 'eth0', '-m', 'conntrack', '--ctstate', 'NEW,INVALID', '-j', 'DROP')
      for (const [j, name] of home.members.entries()) {
        const ns = await this.namespace(`h${k}n${j}`)
        const address = `${lan}.${j + 2}`
        await this.plug(ns, address, router, 'lan0', `n${j}`)
        await run('ip', ['-n', ns, 'route', 'add', 'default', 'via', `${lan}.1`])
        const member = { name, ns, address, port: port(), home: k }
        this.members.set(name, member)
      }
      await nat('-t', 'nat', '-A', 'POSTROUTING', '-o', 'eth0', '-j', 'MASQUERADE', ...(home.kind === 'symmetric' ? ['--random-fully'] : []))
    }
    for (const member of this.members.values()) {
      const rate = spec.upload?.(member.name)
      if (rate != null) await run('tc', ['-n', member.ns, 'qdisc', 'add', 'dev', 'eth0', ...tbf(rate)])
    }
  }

  member (name: string): InternetMember {
    const member = this.members.get(name)
    if (member == null) throw new RangeError(`no member ${name}`)
    return member
  }

  /** Drops every new inbound TCP connection to `name` (a member that claims to be public but is firewalled). */
  async firewall (name: string): Promise<void> {
    await run('ip', ['netns', 'exec', this.member(name).ns, 'iptables', '-A', 'INPUT', '-p', 'tcp', '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP'])
  }

  async destroy (): Promise<void> {
    for (const ns of this.created.reverse()) {
      await run('ip', ['netns', 'del', ns]).catch(() => {})
    }
    this.created.length = 0
  }
}
