/** Where the host buffers each deployment's package (docs/operations.md, "The data directory"). */

/** Buffered packages live here, one folder per deployment (RunningDeployments.packageDir). */
export const DEPLOYMENTS_DIR = 'deployments'
