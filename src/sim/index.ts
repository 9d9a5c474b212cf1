/**
 * @packageDocumentation
 *
 * Flow-level simulator of a package spreading through a fleet: the
 * planner's pipelined trees (striped or one) against a star and a
 * store-and-forward binary tree, measured by makespan / T*. Pure TypeScript over `src/tree`.
 */

export { simulate } from './simulate.js'
export { simulateFlows, simulateStripedFlows } from './engine.js'
export { stripedFlows, treeFlows } from './flows.js'
export { generateFleet, seededRandom } from './fleet.js'
export { InvalidSimInputError } from './errors.js'
export { STRATEGIES } from './types.js'
export type { RelayMode, SimInput, SimResult, Strategy } from './types.js'
export type { FleetClass } from './fleet.js'
export type { FlowOutcome, NodeRates } from './engine.js'
export type { Topology } from './topology.js'
export type { FlowTopology } from './flows.js'
