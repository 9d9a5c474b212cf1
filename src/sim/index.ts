/**
 * @packageDocumentation
 *
 * Flow-level simulator of a package spreading through a fleet: the
 * planner's pipelined trees (striped or one) against a star and a
 * store-and-forward binary tree, measured by makespan / T*; and hierarchies of
 * sites, each host planning its own members (docs/hierarchy.md). Pure TypeScript over `src/tree`.
 */

export { simulate } from './simulate.js'
export { simulateHierarchy } from './hierarchy.js'
export { simulateHierarchyFull } from './hierarchy-full.js'
export { hierarchyLowerBound } from './hierarchy-units.js'
export { simulateFlows, simulateStripedFlows } from './engine.js'
export { stripedFlows, treeFlows } from './flows.js'
export { generateFleet, seededRandom } from './fleet.js'
export { InvalidSimInputError } from './errors.js'
export { STRATEGIES } from './types.js'
export type { RelayMode, SimInput, SimResult, Strategy } from './types.js'
export type { FleetClass } from './fleet.js'
export type { FlowOptions, FlowOutcome, NodeRates } from './engine.js'
export type { HierarchyInput, HierarchyLevel, HierarchyResult } from './hierarchy-types.js'
export type { Topology } from './topology.js'
export type { FlowTopology } from './flows.js'
