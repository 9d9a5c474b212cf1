/**
 * What the host learns about a member's reachability from its join
 * connection (docs/internet.md): the address the connection came from (the
 * member's own, or its router's) against the addresses the member says it
 * listens on. libp2p's own machinery (identify's observed addresses, AutoNAT
 * v2, DCUtR) ignores every address it counts as private, which includes
 * 198.18.0.0/15 and RFC 1918: the host's observation works on any address.
 */
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * `public`: the member is addressed directly (one of its listen addresses
 * is the address the host sees), so others may dial it. `nat`: the host sees
 * another address (its router's): nobody outside its own network can dial
 * it; it dials out. `unknown`: not learned yet.
 */
export type Reachability = 'public' | 'nat' | 'unknown'
export const REACHABILITIES: Reachability[] = ['public', 'nat', 'unknown']

/** What the node may say of itself in its JoinRequest (AutoNAT v2: none of its addresses was dialled back). */
export type SelfReachability = '' | 'public' | 'private'

export interface ReachabilityVerdict {
  reachability: Reachability
  /** the IP address the join connection came from ('' when not an IP connection) */
  observedIp: string
  /** the listen addresses kept: the ones others may be given (see `dialableBy`) */
  addrs: string[]
  /** advertised addresses refused: not the node's own as far as the host can see */
  refused: string[]
}

/** The IP of a TCP (or other IP) multiaddr, or undefined (a relay circuit, DNS, a Unix socket). */
export function ipOf (addr: Multiaddr | string): string | undefined {
  try {
    const ma = typeof addr === 'string' ? multiaddr(addr) : addr
    if (ma.getComponents().some(c => c.name === 'p2p-circuit')) return undefined
    const ip = ma.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6')
    return ip?.value
  } catch {
    return undefined
  }
}

/**
 * Judges a member by its join connection. A member addressed directly keeps
 * only the addresses on the IP the host sees (another IP could be anyone's:
 * advertising a victim's address would make the fleet dial it). A member
 * behind NAT keeps its IP addresses, but they are given only to members
 * behind the same router (`dialableBy`): its own network. A relay circuit or
 * a name is never kept: bulk data goes direct, to an address seen.
 */
export function judgeReachability (remoteAddr: Multiaddr | string, advertised: string[], self: SelfReachability = ''): ReachabilityVerdict {
  const observedIp = ipOf(remoteAddr) ?? ''
  const withIp = advertised.filter(addr => ipOf(addr) != null)
  const refused = advertised.filter(addr => ipOf(addr) == null)
  if (observedIp === '') {
    return { reachability: 'unknown', observedIp, addrs: withIp, refused }
  }
  const direct = withIp.filter(addr => ipOf(addr) === observedIp)
  if (direct.length > 0) {
    refused.push(...withIp.filter(addr => ipOf(addr) !== observedIp))
    // the node's own AutoNAT may know better: it was addressed directly, but nobody could dial it back
    return { reachability: self === 'private' ? 'nat' : 'public', observedIp, addrs: direct, refused }
  }
  // behind NAT: its own network's addresses, never a loopback one (that is every machine's own)
  const own = withIp.filter(addr => !LOOPBACK.test(ipOf(addr) ?? ''))
  refused.push(...withIp.filter(addr => !own.includes(addr)))
  return { reachability: 'nat', observedIp, addrs: own, refused }
}

/** 127.0.0.0/8 and ::1 */
const LOOPBACK = /^(127\.|::1$)/

/** What the host knows of a member's place in the network. */
export interface Placement {
  reachability?: Reachability | string
  observedIp?: string
}

/** Both behind the same address (one router, or one machine): they reach each other on their own addresses. */
export function sameNetwork (a: Placement, b: Placement): boolean {
  return a.observedIp != null && a.observedIp !== '' && a.observedIp === b.observedIp
}

/** Whether `dialer` may be given `target`'s addresses to open a connection to it. */
export function canDial (dialer: Placement, target: Placement): boolean {
  return target.reachability !== 'nat' || sameNetwork(dialer, target)
}

/**
 * Whether a connection between `parent` and `child` can be opened at all, in
 * either direction: the parent dials, or the child dials its parent and the
 * parent pushes over that connection. The host is public: it is `undefined`.
 */
export function canConnect (parent: Placement | undefined, child: Placement): boolean {
  if (parent == null) return true
  return canDial(parent, child) || canDial(child, parent)
}
