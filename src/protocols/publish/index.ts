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

/** Chunks the admin may send ahead of what the host has stored, at least. */
export const UPLOAD_WINDOW_CHUNKS = 8

/**
 * Bytes the admin may send ahead of what the host has stored: the host
 * stores the upload a chunk at a time (hash, write, one credit back), and
 * eight 64 KiB chunks left the admin waiting on credits. On 127.0.0.1 a
 * 16 MiB package in 64 KiB chunks uploaded at 28.9 MiB/s on average with
 * eight in flight, 33.5 MiB/s with 4 MiB (docs/update-flow.md, "Upload");
 * the host holds one upload at a time, so that is the memory it costs.
 */
export const UPLOAD_WINDOW_BYTES = 4 * 1024 * 1024

/** The credit window for an upload of `chunkSize`-byte chunks: UPLOAD_WINDOW_BYTES of them, at least UPLOAD_WINDOW_CHUNKS. */
export function uploadWindow (chunkSize: number): number {
  return Math.max(UPLOAD_WINDOW_CHUNKS, Math.floor(UPLOAD_WINDOW_BYTES / chunkSize))
}

/** A progress event or summary: a few hundred bytes per node. */
export const MAX_PUBLISH_EVENT_BYTES = 64 * 1024 * 1024
