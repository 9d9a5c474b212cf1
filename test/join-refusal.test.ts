import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { CascadeProcess, startHostProcess } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'

const LOCAL = '/ip4/127.0.0.1/tcp/0'

/** A refusal that retrying cannot change ends `cascade node`; a host that is down does not. */
const EXIT_WITHIN_MS = 10_000
/** How long a node whose host is down must keep trying. */
const KEEPS_TRYING_MS = 4_000

describe('cascade node refused by its host', function () {
  /** every process a test starts, stopped (by pid) after the last test */
  const started: CascadeProcess[] = []
  let dir = ''

  before(async () => { dir = await tempDir('cascade-refusal-') })
  after(async () => { await Promise.allSettled(started.map(async child => child.stop())).then(async () => { await cleanup(dir) }) })

  /** Resolves with the exit code, or 'running' when the process is still up after `ms`. */
  async function exitWithin (node: CascadeProcess, ms: number): Promise<number | null | 'running'> {
    return Promise.race([node.exited.then(({ code }) => code), sleep(ms).then(() => 'running' as const)])
  }

  /** The node's stderr lines: CascadeProcess keeps stdout and stderr together, so read them apart. */
  function stderrLines (node: CascadeProcess): string[] {
    return node.lines.filter(line => !/^(cascade node |running |listening on )/.test(line))
  }

  /** One host refuses both nodes below (a refusal changes nothing on it). */
  let refusing: ReturnType<typeof startHostProcess> | undefined
  async function refusingHost (): ReturnType<typeof startHostProcess> {
    refusing ??= startHostProcess(['--data', join(dir, 'host'), '--listen', LOCAL]).then(host => { started.push(host.process); return host })
    return refusing
  }

  for (const [what, token] of [['a wrong join token', '0'.repeat(32)], ['no join token', '']] as const) {
    it(`with ${what}, exits non-zero at once with one clear line`, async () => {
      const host = await refusingHost()
      const node = new CascadeProcess('node', ['node', '--data', join(dir, `node-${token.length}`), '--host', host.addr, '--join-token', token, '--listen', LOCAL])
      started.push(node)
      const code = await exitWithin(node, EXIT_WITHIN_MS)
      assert.equal(code, 2, `the node ${code === 'running' ? 'still runs' : `exited with ${code}`}: ${node.lines.join('\n')}`)
      const errors = stderrLines(node)
      assert.equal(errors.length, 1, errors.join('\n'))
      assert.match(errors[0], /^cascade node: the host refused this node: not enrolled: .*--join-token/)
    })
  }

  it('keeps retrying while its host is down', async () => {
    const host = await startHostProcess(['--data', join(dir, 'host-down'), '--listen', LOCAL])
    await host.process.stop()
    const node = new CascadeProcess('node', ['node', '--data', join(dir, 'node-down'), '--host', host.addr, '--listen', LOCAL])
    started.push(node)
    assert.equal(await exitWithin(node, KEEPS_TRYING_MS), 'running')
    assert.ok(node.lines.filter(line => /not connected to the host/.test(line)).length >= 2, node.lines.join('\n'))
  })
})
