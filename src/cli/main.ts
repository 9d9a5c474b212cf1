/**
 * The `cascade` entry point (bin/cascade runs it). It checks the Node.js
 * version before loading anything: the host's database is node:sqlite, and an
 * older Node would fail with a stack trace at import time instead of a line.
 */

/** node:sqlite first shipped in Node.js 22.5 (package.json "engines"). */
const MIN_NODE_VERSION = [22, 5] as const

function recentEnough (version: string): boolean {
  const [major, minor] = version.split('.').map(Number)
  return major > MIN_NODE_VERSION[0] || (major === MIN_NODE_VERSION[0] && minor >= MIN_NODE_VERSION[1])
}

if (!recentEnough(process.versions.node)) {
  process.stderr.write(`cascade: Cascade needs Node.js >= ${MIN_NODE_VERSION.join('.')} (this is ${process.versions.node}); run it with bin/cascade or npm run cascade, which use the Node.js this project installs\n`)
  process.exit(1)
}

// Node.js's on-disk compile cache (NODE_COMPILE_CACHE, else a folder in the
// system's temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off):
// a command that starts again finds its modules compiled (docs/install.md, "Start-up")
const { enableCompileCache } = await import('node:module')
enableCompileCache?.()

// `npm run build` bundles the program into one file (scripts/bundle.ts): taken
// when it is not older than program.js, so a build by `tsc` alone still runs its own code
const { statSync } = await import('node:fs')
const modified = (name: string): number => statSync(new URL(name, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1
const bundled = modified('./program.bundle.js') >= modified('./program.js')
const { run }: typeof import('./program.js') = await import(bundled ? './program.bundle.js' : './program.js')
await run()
