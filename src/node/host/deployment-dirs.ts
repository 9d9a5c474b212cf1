/** Where the host buffers each deployment's package (docs/operations.md, "The data directory"). */
import { join } from 'node:path'

/** Buffered packages live here, one folder per deployment. */
export const DEPLOYMENTS_DIR = 'deployments'

/** Where deployment `id`'s package is buffered under the host's data directory. */
export function packageDir (dataDir: string, id: string): string {
  return join(dataDir, DEPLOYMENTS_DIR, id)
}
