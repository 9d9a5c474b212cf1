/**
 * The fuzzer: random and mutated inputs against every decoder, validator and
 * live handler (docs/reliability.md, "Hostile input"). `scripts/fuzz.ts` is the CLI;
 * test/fuzz.test.ts runs a small deterministic budget of the same thing.
 */
export { runFuzz, TARGETS, DEFAULT_ITERATIONS } from './runner.js'
export type { FuzzOptions, FuzzReport } from './runner.js'
export { formatReport } from './report.js'
export { FuzzStats } from './stats.js'
export type { Failure, FailureKind } from './stats.js'
export { Rng } from './rng.js'
export { findRepeatedPaths, measure, MAX_DECODED_BYTES_PER_FRAME } from './amplification.js'
export { loadCodecs, discoverCodecs, SAMPLES, FRAME_BOUNDS } from './codecs.js'
export { FakeHost } from './fake-host.js'
export { frameWith, parseFrames } from './frames.js'
export { runSession } from './session.js'
export { makeFixture, makePackage, sha256 } from './fixture.js'
