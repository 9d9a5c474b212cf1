/**
 * The typed state machines of a deployment: the deployment's own, each
 * node's (host and node agree on it), and the node's local receive state.
 */
export { NodeState, NODE_STATES, parseNodeState, isTerminal, isFailure, hasReached, canMove } from './node-state.js'
export { DeploymentState, DEPLOYMENT_STATES, parseDeploymentState, wasDelivered, canMoveDeployment, stoppedState, describeStopReason } from './deployment-state.js'
export type { StopReason } from './deployment-state.js'
export { ReceiveState, canMoveReceive } from './receive-state.js'
