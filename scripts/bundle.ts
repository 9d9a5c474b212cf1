/**
 * `npm run build`'s second step: the CLI's program and everything it imports
 * in one file, `dist/src/cli/program.bundle.js`, which `src/cli/main.ts`
 * loads in place of `program.js` (docs/install.md, "Start-up"). Node.js
 * resolves each of the program's 1,024 modules (775 of them from
 * node_modules) on its own, every time a command starts; in one file that
 * work is gone: `cascade publish --help` 0.42-0.52 s -> 0.20-0.37 s, and
 * every `cascade node` and `cascade host` starts sooner too.
 *
 * The bundle sits beside program.js, so the paths its modules compute from
 * their own location (package.json, the sample release) stay right.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const cliDir = fileURLToPath(new URL('../src/cli/', import.meta.url))

/**
 * Left to Node.js's own resolution: a package that reads a file relative to
 * its own location (`@achingbrain/ssdp`, under `@libp2p/upnp-nat`, reads its
 * package.json at start-up) would look beside the bundle instead.
 */
const EXTERNAL = ['@achingbrain/ssdp']

await build({
  entryPoints: [`${cliDir}program.js`],
  outfile: `${cliDir}program.bundle.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: EXTERNAL,
  // CommonJS dependencies (commander, prom-client…) call require(): give the ES module one
  banner: { js: "import { createRequire as __cascadeCreateRequire } from 'node:module'; const require = __cascadeCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})
