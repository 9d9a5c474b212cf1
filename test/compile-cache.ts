/**
 * Loaded by mocha before any test (.mocharc.json, "require"): Node.js's module
 * compile cache for the test run and for every `cascade` process a test starts
 * (they inherit NODE_COMPILE_CACHE). A run starts hundreds of processes that
 * load the same few hundred modules; with the cache each is compiled once,
 * not once per process (about 15% less CPU per start, measured on a fleet of
 * a host and 3 nodes). A NODE_COMPILE_CACHE already set is kept.
 */
import { enableCompileCache } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One cache for every run on this machine: Node.js checks each entry against its source file. */
const CACHE_DIR = join(tmpdir(), 'cascade-test-compile-cache')

process.env.NODE_COMPILE_CACHE ??= CACHE_DIR
enableCompileCache(process.env.NODE_COMPILE_CACHE)
