/**
 * The probes of one reference-testbed run at N = 8 (bytes/s: the host's
 * measured upload and each member's), where the bare estimate takes seven
 * stripes and the host's cost per stripe four (docs/benchmarks.md, "How many
 * stripes"). Used by test/stripes.test.ts and test/plan-adapter.test.ts.
 */
export const TESTBED_N8_HOST_UPLOAD = 593_650
export const TESTBED_N8_UPLOADS: readonly number[] = [1_192_070, 1_166_556, 490_119, 472_441, 472_406, 456_396, 119_983, 119_108]
