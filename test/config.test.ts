/**
 * Configuration of the daemons (docs/configuration.md): every option from a
 * flag, a CASCADE_* variable or a TOML file, flag > env > file > default; a
 * bad configuration refused whole (exit 1, one message naming the key and the
 * file or the variable, nothing created); a host and a node run from files
 * alone; and the generated options table in step with the definitions.
 */
import assert from 'node:assert/strict'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hostCommand } from '../src/cli/cmds/host/index.js'
import { nodeCommand } from '../src/cli/cmds/node/index.js'
import { updateGeneratedTables } from '../src/cli/config/index.js'
import { CascadeProcess, startHostProcess } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'
import type { Command } from 'commander'

const LOCAL = '/ip4/127.0.0.1/tcp/0'

/** A host address nobody listens at (its peer id is a valid one). */
const NOWHERE = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWDk9v631yjUCJjwY34jACuHG3TAuWthSta9H56P6bJcHu'

/** docs/configuration.md, from dist/test/. */
const CONFIG_DOC = new URL('../../docs/configuration.md', import.meta.url)

/**
 * `command` parsed from `args` with `env` as the environment, its action
 * replaced: the options it would have run with, and where each came from.
 */
async function parsed (command: Command, args: string[], env: Record<string, string> = {}): Promise<{ options: Record<string, any>, source: (key: string) => string | undefined }> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let options: Record<string, any> = {}
  try {
    command.exitOverride().configureOutput({ writeErr: () => {} }).action((given: Record<string, any>) => { options = given })
    await command.parseAsync(args, { from: 'user' })
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] == null) {
        Reflect.deleteProperty(process.env, key)
      } else {
        process.env[key] = saved[key]
      }
    }
  }
  return { options, source: key => command.getOptionValueSource(key) }
}

/** Runs `cascade ARGS` with `env` to its end: exit code and all its output. */
async function runWith (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null, output: string }> {
  const child = new CascadeProcess(args[0], args, env)
  const { code } = await child.exited
  // its last lines may still be in the pipe when it exits
  await new Promise(resolve => setTimeout(resolve, 50))
  return { code, output: child.lines.join('\n') }
}

async function exists (path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

describe('configuration files and CASCADE_* variables', function () {
  let dir = ''

  before(async () => { dir = await tempDir() })
  after(async () => { await cleanup(dir) })

  /** Writes `text` to DIR/name and returns its path. */
  async function file (name: string, text: string): Promise<string> {
    const path = join(dir, name)
    await writeFile(path, text)
    return path
  }

  describe('each source, and the precedence', () => {
    it('takes an option from a flag, a variable, a file, or its default', async () => {
      const data = join(dir, 'n1')
      const base = ['--data', data, '--host', NOWHERE]
      assert.equal((await parsed(nodeCommand(), [...base, '--upload-limit', '2MiB/s'])).options.uploadLimit, 2 * 1024 * 1024)
      const fromEnv = await parsed(nodeCommand(), base, { CASCADE_UPLOAD_LIMIT: '1MiB/s' })
      assert.equal(fromEnv.options.uploadLimit, 1024 * 1024)
      assert.equal(fromEnv.source('uploadLimit'), 'env')
      const config = await file('rate.toml', 'upload-limit = "512KiB/s"\n')
      const fromFile = await parsed(nodeCommand(), [...base, '--config', config])
      assert.equal(fromFile.options.uploadLimit, 512 * 1024)
      assert.equal(fromFile.source('uploadLimit'), 'config')
      const byDefault = await parsed(nodeCommand(), base)
      assert.equal(byDefault.options.uploadLimit, undefined)
      assert.equal(byDefault.options.busyRetry, 5000)
      assert.equal(byDefault.source('busyRetry'), 'default')
    })

    it('flag over env over file over default', async () => {
      const config = await file('all.toml', `data = "${join(dir, 'n2')}"\nhost = "${NOWHERE}"\nupload-limit = "1KiB/s"\nhealth-grace = 10\nbusy-retry = 20\n`)
      const env = { CASCADE_UPLOAD_LIMIT: '2KiB/s', CASCADE_HEALTH_GRACE: '30' }
      const { options, source } = await parsed(nodeCommand(), ['--config', config, '--upload-limit', '3KiB/s'], env)
      assert.equal(options.uploadLimit, 3 * 1024, 'the flag wins over env and file')
      assert.equal(options.healthGrace, 30, 'env wins over the file')
      assert.equal(options.busyRetry, 20, 'the file wins over the default')
      assert.equal(options.idleLoad, 0.5, 'the default when nothing else')
      assert.deepEqual([source('uploadLimit'), source('healthGrace'), source('busyRetry'), source('idleLoad')], ['cli', 'env', 'config', 'default'])
      assert.equal(options.data, join(dir, 'n2'), 'a required option may come from the file')
    })

    it('the file from CASCADE_CONFIG when --config is not given', async () => {
      const config = await file('env-named.toml', `data = "${join(dir, 'h1')}"\nmax-fanout = 7\n`)
      const { options } = await parsed(hostCommand(), [], { CASCADE_CONFIG: config })
      assert.equal(options.maxFanout, 7)
    })

    it('lists: a TOML array or table, a comma-separated variable; a flag replaces them whole', async () => {
      const config = await file('lists.toml', `data = "${join(dir, 'n3')}"\nhost = "${NOWHERE}"\nlisten = ["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.2/tcp/0"]\nlabel = { region = "eu", rack = 7 }\n`)
      const fromFile = (await parsed(nodeCommand(), ['--config', config])).options
      assert.deepEqual(fromFile.listen, ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.2/tcp/0'])
      assert.deepEqual(fromFile.label, { region: 'eu', rack: '7' })
      const fromEnv = (await parsed(nodeCommand(), ['--config', config], { CASCADE_LABEL: 'site=berlin, floor=3' })).options
      assert.deepEqual(fromEnv.label, { site: 'berlin', floor: '3' })
      const fromFlag = (await parsed(nodeCommand(), ['--config', config, '--listen', '/ip4/127.0.0.3/tcp/0'])).options
      assert.deepEqual(fromFlag.listen, ['/ip4/127.0.0.3/tcp/0'])
    })

    it('flags: true or false in a file, true/false, 1/0, yes/no in a variable', async () => {
      const on = await file('open.toml', `data = "${join(dir, 'h2')}"\nopen-enrollment = true\n`)
      assert.equal((await parsed(hostCommand(), ['--config', on])).options.openEnrollment, true)
      assert.equal((await parsed(hostCommand(), ['--config', on], { CASCADE_OPEN_ENROLLMENT: '0' })).options.openEnrollment, false)
      assert.equal((await parsed(hostCommand(), ['--data', join(dir, 'h2')], { CASCADE_OPEN_ENROLLMENT: 'false' })).options.openEnrollment, false)
      assert.equal((await parsed(hostCommand(), ['--data', join(dir, 'h2')], { CASCADE_OPEN_ENROLLMENT: 'yes' })).options.openEnrollment, true)
    })
  })

  describe('a bad configuration stops the daemon before it starts', () => {
    /** Exit 1, the message (and where to read more) on a line or two, no stack, no data dir. */
    async function assertRefused (args: string[], env: Record<string, string>, pattern: RegExp, data: string): Promise<void> {
      const { code, output } = await runWith(args, env)
      assert.equal(code, 1, output)
      assert.match(output, pattern)
      assert.ok(output.trim().split('\n').length <= 2, `one message, got:\n${output}`)
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace')
      assert.equal(await exists(data), false, 'nothing was created')
    }

    it('an unknown key, with the key it was probably meant to be', async () => {
      const data = join(dir, 'bad1')
      const config = await file('typo.toml', `data = "${data}"\nupload-limt = "2MiB/s"\n`)
      await assertRefused(['host', '--config', config], {}, /unknown key 'upload-limt' in .*typo\.toml \(did you mean 'upload-limit'\?\)/, data)
      const other = await file('underscore.toml', `data = "${data}"\nhost = "${NOWHERE}"\nupload_limit = "2MiB/s"\n`)
      await assertRefused(['node', '--config', other], {}, /unknown key 'upload_limit' in .*underscore\.toml \(did you mean 'upload-limit'\?\)/, data)
    })

    it('a bad value in the file, named with its key and the file, even when a flag overrides it', async () => {
      const data = join(dir, 'bad2')
      const config = await file('value.toml', `data = "${data}"\nhost = "${NOWHERE}"\nupload-limit = "fast"\n`)
      const message = /option '--upload-limit <rate>' value 'fast' from key 'upload-limit' in .*value\.toml is invalid\. invalid rate "fast"/
      await assertRefused(['node', '--config', config], {}, message, data)
      await assertRefused(['node', '--config', config, '--upload-limit', '1MiB/s'], {}, message, data)
      const list = await file('list.toml', `data = "${data}"\nmax-fanout = [1, 2]\n`)
      await assertRefused(['host', '--config', list], {}, /option '--max-fanout <n>' value '\[1,2\]' from key 'max-fanout' in .*list\.toml is invalid\. It takes one value, not a list/, data)
      const host = await file('host-value.toml', `data = "${data}"\nhost = "/ip4/127.0.0.1/tcp/1"\n`)
      await assertRefused(['node', '--config', host], {}, /--host "\/ip4\/127\.0\.0\.1\/tcp\/1" must end in \/p2p\/.* \(from key 'host' in .*host-value\.toml\)/, data)
      const choice = await file('choice.toml', `data = "${data}"\nstatus-access = "everyone"\n`)
      await assertRefused(['host', '--config', choice], {}, /option '--status-access <who>' value 'everyone' from key 'status-access' in .*choice\.toml is invalid\. Allowed choices are admins, anyone/, data)
    })

    it('a bad value in a variable, named with the variable', async () => {
      const data = join(dir, 'bad3')
      await assertRefused(['host', '--data', data], { CASCADE_UPLOAD_LIMIT: 'fast' }, /option '--upload-limit <rate>' value 'fast' from env 'CASCADE_UPLOAD_LIMIT' is invalid\. invalid rate "fast"/, data)
      await assertRefused(['host', '--data', data], { CASCADE_OPEN_ENROLLMENT: 'maybe' }, /option '--open-enrollment' value 'maybe' from env 'CASCADE_OPEN_ENROLLMENT' is invalid\. It is a flag/, data)
      await assertRefused(['host', '--data', data], { CASCADE_LISTEN: '/ip4/127.0.0.1/tcp/0,nowhere' }, /option '--listen <multiaddr>' value 'nowhere' from env 'CASCADE_LISTEN' is invalid/, data)
    })

    it('a file that cannot be read, is a directory, or is not TOML', async () => {
      const data = join(dir, 'bad4')
      await assertRefused(['host', '--data', data, '--config', join(dir, 'missing.toml')], {}, /cannot read config file .*missing\.toml: no such file/, data)
      await assertRefused(['host', '--data', data, '--config', dir], {}, /cannot read config file .*: it is a directory, not a file/, data)
      await assertRefused(['host', '--data', data], { CASCADE_CONFIG: join(dir, 'missing.toml') }, /cannot read config file .*missing\.toml: no such file/, data)
      const broken = await file('broken.toml', `data = "${data}"\nupload-limit = 2MiB/s\n`)
      await assertRefused(['host', '--config', broken], {}, /config file .*broken\.toml is not valid TOML: .*\(line 2, column \d+\)/, data)
    })
  })

  it('a host and a node started from config files alone run, and the node joins', async () => {
    const hostConfig = await file('host.toml', `# the host\ndata = "${join(dir, 'host')}"\nlisten = ["${LOCAL}"]\njoin-token = "config-test-token"\n`)
    const host = await startHostProcess(['--config', hostConfig])
    let node: CascadeProcess | undefined
    try {
      assert.equal(host.joinToken, 'config-test-token')
      const nodeConfig = await file('node.toml', `data = "${join(dir, 'node')}"\nhost = "${host.addr}"\nlisten = ["${LOCAL}"]\njoin-token = "config-test-token"\nlabel = { region = "eu" }\n`)
      node = new CascadeProcess('node', ['node', '--config', nodeConfig])
      await node.waitForLine(/joined host/)
      await host.process.waitForLine(/member \S+ joined/)
    } finally {
      await node?.stop()
      await host.process.stop()
    }
  })

  it('docs/configuration.md has the options tables of the current definitions (npm run docs:config)', async () => {
    const document = await readFile(CONFIG_DOC, 'utf8')
    assert.equal(document, updateGeneratedTables(document, [hostCommand(), nodeCommand()]), 'docs/configuration.md is out of date: run npm run docs:config')
  })
})
