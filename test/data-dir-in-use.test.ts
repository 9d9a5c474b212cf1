import assert from 'node:assert/strict'
import { join } from 'node:path'
import { runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'
import type { CascadeProcess } from '../src/harness/cascade-process.js'

/** Two processes on one --data would share an identity and a database: the second is refused. */
describe('a data directory in use by another process', function () {
  let dir: string
  let host: CascadeProcess | undefined

  before(async function () {
    dir = await tempDir()
  })

  after(async function () {
    await host?.stop()
    await cleanup(dir)
  })

  it('refuses a second host, and a node, on a host\'s --data, with one line naming it', async function () {
    const data = join(dir, 'host')
    const started = await startHostProcess(['--data', data, '--listen', '/ip4/127.0.0.1/tcp/0'])
    host = started.process
    const second = await runCascade(['host', '--data', data, '--listen', '/ip4/127.0.0.1/tcp/0'])
    assert.notEqual(second.code, 0)
    assert.match(second.stderr, /the data directory .*host is in use by another cascade process \(pid \d+\)/)
    assert.equal(second.stderr.trim().split('\n').length, 1, second.stderr)
    const node = await runCascade(['node', '--data', data, '--host', started.addr, '--join-token', started.joinToken, '--listen', '/ip4/127.0.0.1/tcp/0'])
    assert.notEqual(node.code, 0)
    assert.match(node.stderr, /is in use by another cascade process/)
    // the first host is unharmed
    assert.equal(host.running, true)
  })

  it('lets a host start on a data directory whose previous host was killed', async function () {
    const data = join(dir, 'host')
    await host?.kill()
    host = (await startHostProcess(['--data', data, '--listen', '/ip4/127.0.0.1/tcp/0'])).process
  })
})
