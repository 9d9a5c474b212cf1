import type { FleetClass } from './fleet.js'

/**
 * A fleet of sites (docs/hierarchy.md, "Simulating a hierarchy"): a root host
 * whose members are hosts, whose members are hosts..., whose members at the
 * last level are devices. Every host runs the planner over its own members.
 */
export interface HierarchyInput {
  /** Package size, bytes. */
  size: number
  /** Chunk size, bytes. */
  chunkSize: number
  /**
   * Members of each host, level by level from the root: [10, 125, 800] is a
   * root over 10 region hosts, each over 125 site hosts, each over 800 devices.
   */
  fanouts: number[]
  /** Upload of the hosts of each level, bytes/s, the root's first (one per fan-out). */
  hostUploads: number[]
  /** The devices' speed mix: every site gets the same count of each class. */
  devices: FleetClass[]
  /** Seed of the devices' join order; default 1 (site u of a full simulation: seed + u). */
  seed?: number
  /** Stripes at every level; default: the planner's choice for one site over its devices. */
  stripes?: number
  /** The planner's cap on a member's children (a device's, or a host's inside its parent's trees). */
  maxFanout?: number
  /** The planner's cap on a host's children in its own trees. */
  hostMaxFanout?: number
}

/** One level of hosts: the root (0), the regions (1)... */
export interface HierarchyLevel {
  level: number
  /** Hosts at this level. */
  hosts: number
  /** Members of each of them. */
  members: number
  memberKind: 'host' | 'device'
  /** Bytes/s the hosts' own trees stream the package at (the plan's total over stripes, at the host's full uplink). */
  streamRate: number
  /** Depth of the hosts' own trees (deepest stripe). */
  depth: number
  /** A host's children in its own trees, summed over stripes. */
  hostChildren: number
  /** Most connections a host of this level holds: its members, its parent host and its neighbours in the parent's trees. */
  connections: number
  /** Least share of its uplink a host of this level gives its own trees (the rest relays in its parent's trees). */
  ownShare: number
  /** Latest time a host of this level held the package's first chunk (root: 0): when the level starts. */
  firstChunk: number
  /** Latest time a host of this level held the whole package. */
  lastChunk: number
  /** Latest time a member of this level's hosts held the whole package. */
  finish: number
  /** T* of one host over its members (src/tree/lower-bound.ts), as if it held the package at 0. */
  unitLowerBound: number
  /** Units (one host and its members) simulated chunk by chunk for this level. */
  simulatedUnits: number
}

export interface HierarchyResult {
  /** `composed`: one unit per level and group simulated, levels composed; `full`: every node in one simulation. */
  mode: 'composed' | 'full'
  devices: number
  /** Hosts, the root included. */
  hosts: number
  stripes: number
  levels: HierarchyLevel[]
  /** Most connections any host holds. */
  maxConnections: number
  rootBytesSent: number
  /** rootBytesSent / size. */
  rootCopies: number
  /** When the last device (or host) held the package. */
  makespan: number
  /** T* of the whole fleet (see `hierarchyLowerBound`). */
  lowerBound: number
  ratio: number
  /** Nodes simulated chunk by chunk (hosts and devices, over all units simulated). */
  simulatedNodes: number
  /** Chunk deliveries simulated. */
  events: number
  /** Wall-clock milliseconds spent planning and simulating. */
  ms: number
}
