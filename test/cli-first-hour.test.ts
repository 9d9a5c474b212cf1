/**
 * A new operator's first hour with the CLI: the mistakes people make, each
 * answered with one clear line, exit code 1 and nothing changed.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CLI_ENTRY, runCascade } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'

/** A usage error: exit 1, and what stderr says fits on a line or two (no help text, no stack). */
function assertRefused (result: { code: number | null, stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 1, result.stderr)
  assert.match(result.stderr, pattern)
  assert.ok(result.stderr.trim().split('\n').length <= 2, `one line (and where to read more), got:\n${result.stderr}`)
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
}

async function exists (path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

/** `cascade keygen --out DIR/admin.key`, and a host address pinning that key's peer id (nothing listens there). */
async function makeAdminKey (dir: string): Promise<{ keyFile: string, adminId: string, hostWithAdminKey: string }> {
  const keyFile = join(dir, 'admin.key')
  const keygen = await runCascade(['keygen', '--out', keyFile])
  assert.equal(keygen.code, 0, keygen.stderr)
  const adminId = keygen.stdout.trim()
  return { keyFile, adminId, hostWithAdminKey: `/ip4/127.0.0.1/tcp/1/p2p/${adminId}` }
}

describe('the CLI for a new operator', function () {
  let dir = ''
  let admin = { keyFile: '', adminId: '', hostWithAdminKey: '' }

  before(async () => {
    dir = await tempDir()
    admin = await makeAdminKey(dir)
  })

  after(async () => { await cleanup(dir) })

  describe('keygen', () => {
    it('refuses to replace an existing key without --force, and keeps it', async () => {
      const before = await readFile(admin.keyFile)
      const again = await runCascade(['keygen', '--out', admin.keyFile])
      assertRefused(again, /admin\.key.*--force/)
      assert.deepEqual(await readFile(admin.keyFile), before, 'the key is untouched')
      assert.equal(again.stdout, '')
    })

    it('--show prints the peer id of an existing key', async () => {
      const shown = await runCascade(['keygen', '--show', admin.keyFile])
      assert.equal(shown.code, 0, shown.stderr)
      assert.equal(shown.stdout.trim(), admin.adminId)
      assertRefused(await runCascade(['keygen', '--show', join(dir, 'no.key')]), /--show .*no\.key.*no such file/)
    })

    it('--force replaces the key', async () => {
      const other = join(dir, 'other.key')
      const first = await runCascade(['keygen', '--out', other])
      const forced = await runCascade(['keygen', '--out', other, '--force'])
      assert.equal(forced.code, 0, forced.stderr)
      assert.notEqual(forced.stdout.trim(), first.stdout.trim())
      assert.equal((await runCascade(['keygen', '--show', other])).stdout.trim(), forced.stdout.trim())
    })

    it('refuses --out in a directory that does not exist, and creates nothing', async () => {
      assertRefused(await runCascade(['keygen', '--out', join(dir, 'missing', 'dir', 'k')]), /--out.*parent directory .*missing.* does not exist/)
      assert.equal(await exists(join(dir, 'missing')), false)
    })
  })

  describe('publish', () => {
    it('refuses a --version that is not a version, before sending anything', async () => {
      const pkg = join(dir, 'app-v2.bin')
      await writeFile(pkg, 'payload')
      const result = await runCascade(['publish', '--host', '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWSKQKL2mgRnB7HRxXdHP4sWPVzPv4x2BJMcDZZ6rFUo51', '--key', admin.keyFile, '--version', 'banana', pkg], 15_000)
      assertRefused(result, /--version.*"banana" is not a version/)
    })

    it('refuses a --key file that does not exist, naming --key', async () => {
      const result = await runCascade(['publish', '--host', '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWSKQKL2mgRnB7HRxXdHP4sWPVzPv4x2BJMcDZZ6rFUo51', '--key', join(dir, 'nonexistent.key'), '--version', 'v2', 'x'], 15_000)
      assertRefused(result, /--key .*nonexistent\.key: no such file; .*cascade keygen/)
      assert.doesNotMatch(result.stderr, /ENOENT/)
    })

    it('refuses the host\'s own identity as --key', async () => {
      const result = await runCascade(['publish', '--host', admin.hostWithAdminKey, '--key', admin.keyFile, '--version', 'v2', 'x'], 15_000)
      assertRefused(result, /the key in .*admin\.key is the host's own identity; use an admin key from `cascade keygen`/)
    })
  })

  describe('host and node', () => {
    it('refuse a --data whose parent does not exist, and create nothing', async () => {
      const node = await runCascade(['node', '--data', join(dir, 'nonexistent', 'parent', 'dev4'), '--host', admin.hostWithAdminKey], 15_000)
      assertRefused(node, /--data.*parent directory .*nonexistent.* does not exist/)
      const host = await runCascade(['host', '--data', join(dir, 'nonexistent', 'host')], 15_000)
      assertRefused(host, /--data.*parent directory .*nonexistent.* does not exist/)
      assert.equal(await exists(join(dir, 'nonexistent')), false)
    })

    it('name the option of a malformed multiaddr', async () => {
      assertRefused(await runCascade(['node', '--data', join(dir, 'dev1'), '--host', '10.0.0.5:4001'], 15_000), /--host.*"10\.0\.0\.5:4001" is not a multiaddr/)
      assertRefused(await runCascade(['host', '--data', join(dir, 'h'), '--listen', '0.0.0.0:4001'], 15_000), /--listen.*"0\.0\.0\.0:4001" is not a multiaddr/)
      assert.equal(await exists(join(dir, 'h')), false)
    })
    it('refuses a --pace that is not a share from 0.5 to 1, and creates nothing', async () => {
      for (const bad of ['2', '0.1', 'fast']) {
        assertRefused(await runCascade(['host', '--data', join(dir, 'paced'), '--pace', bad], 15_000), new RegExp(`--pace <share>.*"${bad}" is not a share from 0.5 to 1`))
      }
      assert.equal(await exists(join(dir, 'paced')), false)
    })
  })

  describe('usage errors', () => {
    it('an unknown option is one line and a pointer to the help, reported before a missing required option', async () => {
      const result = await runCascade(['publish', '--host', admin.hostWithAdminKey, '--key', admin.keyFile, '--verison', 'v2', 'x'])
      assertRefused(result, /unknown option '--verison'.*\n\(see `cascade publish --help`\)/)
      assert.doesNotMatch(result.stderr, /required option/)
      assertRefused(await runCascade(['group', 'add', 'lab', '--bogus']), /unknown option '--bogus'\n\(see `cascade group add --help`\)/)
    })

    it('a missing required option is still reported', async () => {
      assertRefused(await runCascade(['publish', '--host', admin.hostWithAdminKey, '--key', admin.keyFile, 'x']), /required option '--version <version>' not specified/)
    })

    it('cascade --version prints the package version', async () => {
      const result = await runCascade(['--version'])
      assert.equal(result.code, 0, result.stderr)
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'))
      assert.equal(result.stdout.trim(), pkg.version)
    })

    it('an old Node.js gets one line saying how to run Cascade, not a node:sqlite stack', function () {
      let version: string
      try {
        version = execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).trim()
      } catch {
        this.skip()
      }
      const [major, minor] = version.slice(1).split('.').map(Number)
      if (major > 22 || (major === 22 && minor >= 5)) {
        this.skip()
      }
      let stderr = ''
      let status: number | null = 0
      try {
        execFileSync('/usr/bin/node', [CLI_ENTRY, 'status', '--host', admin.hostWithAdminKey], { encoding: 'utf8', stdio: 'pipe' })
      } catch (err: any) {
        stderr = err.stderr
        status = err.status
      }
      assertRefused({ code: status, stderr }, /Cascade needs Node\.js >= 22\.5.*bin\/cascade or npm run cascade/)
    })
  })
})
