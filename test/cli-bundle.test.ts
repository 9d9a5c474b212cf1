import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { runCascade } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'

const CLI_DIR = fileURLToPath(new URL('../src/cli/', import.meta.url))

/** `node main.js` in `dir`, beside a program.js and a program.bundle.js that each print their name. */
async function entryChooses (parent: string, programAt: Date, bundleAt: Date | undefined): Promise<string> {
  const dir = await mkdtemp(join(parent, 'cli-'))
  await copyFile(join(CLI_DIR, 'main.js'), join(dir, 'main.js'))
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }')
  await writeFile(join(dir, 'program.js'), 'export async function run () { console.log("program.js") }\n')
  await utimes(join(dir, 'program.js'), programAt, programAt)
  if (bundleAt != null) {
    await writeFile(join(dir, 'program.bundle.js'), 'export async function run () { console.log("program.bundle.js") }\n')
    await utimes(join(dir, 'program.bundle.js'), bundleAt, bundleAt)
  }
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'main.js')])
  return stdout.trim()
}

describe('the CLI in one file (scripts/bundle.ts)', () => {
  let dir = ''
  beforeEach(async () => { dir = await tempDir('cascade-bundle-') })
  afterEach(async () => { await cleanup(dir) })

  it('the build made it, not older than the program it bundles, and `cascade` runs from it', async () => {
    const bundle = await stat(join(CLI_DIR, 'program.bundle.js'))
    const program = await stat(join(CLI_DIR, 'program.js'))
    assert.ok(bundle.mtimeMs >= program.mtimeMs, 'npm run build bundles after tsc')
    const { code, stdout } = await runCascade(['--version'])
    assert.equal(code, 0)
    assert.match(stdout, /^\d+\.\d+\.\d+/)
  })

  it('the entry point takes the bundle unless it is older than program.js (a build by tsc alone), or missing', async () => {
    const earlier = new Date(Date.now() - 60_000)
    const now = new Date()
    assert.equal(await entryChooses(dir, earlier, now), 'program.bundle.js')
    assert.equal(await entryChooses(dir, now, earlier), 'program.js')
    assert.equal(await entryChooses(dir, now, undefined), 'program.js')
  })
})
