/**
 * `/cascade/publish/1.0.0`: an admin asks the host to send an update (seed
 * 000: request, grant or refusal), uploads it within the host's credit, then
 * watches the plan, every node's progress and the completion summary on the
 * same stream.
 */
export { PublishRequest, UploadChunk, PublishEvent, PublishDecision, DeploymentPlan, PlannedNode, NodeProgress, DeploymentSummary } from './publish.js'

export const PUBLISH_PROTOCOL = '/cascade/publish/1.0.0'

/** Same bound as push frames: a chunk or a manifest. */
export const MAX_PUBLISH_FRAME_BYTES = 24 * 1024 * 1024

/** Chunks the admin may send ahead of what the host has stored. */
export const UPLOAD_WINDOW_CHUNKS = 8

/** A progress event or summary: a few hundred bytes per node. */
export const MAX_PUBLISH_EVENT_BYTES = 64 * 1024 * 1024
