import assert from 'node:assert/strict'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CascadeProcess, runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { encodeSignedManifest, prepareRelease, readReleaseFile } from '../src/node/admin/release.js'
import { loadKey } from '../src/node/identity.js'
import { adminKey, cleanup, tempDir } from './helpers.js'

/** Each timestamp the host signs is fresh this long here: the freeze shows within seconds. */
const TIMESTAMP_LIFETIME_MS = 3000

/** The nodes try their host again at least this often: the test restarts it many times. */
const RECONNECT_MAX_MS = 1000

/**
 * The host's and the nodes' push logs: in CI under load, the first rollback
 * has twice stalled with no byte pushed to one node (once a relay's child,
 * once the host's own, with one attempt each), not seen when the file runs
 * alone; a failure's message then shows what each side said of its pushes.
 */
const PUSH_LOGS = { DEBUG: 'cascade:host:deployment:push,cascade:node:push,cascade:node:incoming' }

/**
 * The attacks of docs/security.md against real processes: a host, two
 * nodes with the fleet's root of trust, and an attacker who holds the
 * host's key and data dir.
 */
describe('trust: a fleet root of trust on every node', function () {
  this.timeout(120_000)
  let dir: string
  let hostDir: string
  let host: CascadeProcess
  let hostAddr = ''
  let port = ''
  const nodes: CascadeProcess[] = []
  const nodeArgs: string[][] = []
  const ids: Record<string, string> = {}
  const others: CascadeProcess[] = []

  const key = (name: string): string => join(dir, `${name}.key`)
  const file = (name: string): string => join(dir, name)

  async function cascade (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
    return runCascade(args, 60_000)
  }

  async function startHost (args: string[], dataDir = hostDir): Promise<void> {
    // one host at a time: a test that failed half-way left its own running
    if (host !== undefined) await host.stop()
    const started = await startHostProcess(['--data', dataDir, '--listen', `/ip4/127.0.0.1/tcp/${port === '' ? '0' : port}`, '--probe-duration', '100', '--max-attempts', '1', ...args], 'host', PUSH_LOGS)
    host = started.process
    hostAddr = started.addr
    port = started.addr.split('/')[4]
    others.push(host)
  }

  async function publish (args: string[], pkg: string): Promise<{ code: number | null, stdout: string, stderr: string }> {
    return cascade(['publish', '--host', hostAddr, '--json', ...args, pkg])
  }

  /** Waits until every node printed a line matching `pattern` (after line `from[i]`). */
  async function eachNode (pattern: RegExp, from: number[] = nodes.map(() => 0), timeoutMs = 30_000): Promise<void> {
    await Promise.all(nodes.map(async (node, i) => node.waitForLine(pattern, timeoutMs, from[i])))
  }

  const peerIdOf = (node: CascadeProcess): string => node.lines.map(line => /^cascade node (\S+)$/.exec(line)?.[1]).find(id => id != null) ?? ''

  const marks = (): number[] => nodes.map(node => node.lines.length)

  /** The host's and the nodes' last lines, for a failure's message. */
  const said = (): string => [host, ...nodes].map(process => `\n${process === host ? 'host' : 'node'} said:\n${process.lines.slice(-15).join('\n')}`).join('')

  /** The attacker's host: the host's key in a fresh data dir, any peer may join. */
  async function startRogue (args: string[]): Promise<void> {
    const rogueDir = file(`rogue-${others.length}`)
    await mkdir(rogueDir)
    await copyFile(join(hostDir, 'identity.key'), join(rogueDir, 'identity.key'))
    await startHost(['--open-enrollment', ...args], rogueDir)
  }

  /**
   * A publish the nodes refuse, in a star (the host offers it to each node
   * itself, so each decides), in the background until they all have.
   */
  async function refusedPublish (args: string[], pkg: string, pattern: RegExp, from: number[]): Promise<void> {
    const publisher = new CascadeProcess('publish', ['publish', '--host', hostAddr, '--json', '--strategy', 'star', ...args, pkg])
    others.push(publisher)
    await eachNode(pattern, from).catch((err: Error) => { throw new Error(`${err.message}\npublish said:\n${publisher.lines.join('\n')}\nhost said:\n${host.lines.slice(-10).join('\n')}`) })
    await publisher.stop()
    await host.stop()
  }

  before(async () => {
    dir = await tempDir('cascade-trust-')
    hostDir = file('host')
    await mkdir(hostDir)
    for (const name of ['root', 'a', 'b', 'c', 'evil']) {
      ids[name] = await adminKey(key(name))
    }
    // the host's identity made beforehand, so the root can name it as the timestamp key
    ids.host = await adminKey(join(hostDir, 'identity.key'))
    const init = await cascade(['trust', 'init', '--out', file('root1.json'), '--root-key', ids.root, '--publisher', ids.a, '--publisher', ids.b,
      '--threshold', '2', '--timestamp-key', ids.host, '--sign', key('root')])
    assert.equal(init.code, 0, init.stderr)
    await mkdir(file('v1'))
    await writeFile(join(file('v1'), 'VERSION'), 'v1\n')
    for (const version of ['v2', 'v3', 'v4']) {
      await writeFile(file(`app-${version}.bin`), `${version}\n`.repeat(1000))
    }
    await startHost(['--admin', ids.a, '--admin', ids.b, '--admin', ids.c, '--trust-root', file('root1.json'), '--timestamp-lifetime', String(TIMESTAMP_LIFETIME_MS)])
    const token = host.lines.map(line => /^join token (\S+)$/.exec(line)?.[1]).find(t => t != null) ?? ''
    for (let i = 0; i < 2; i++) {
      nodeArgs.push(['node', '--data', file(`node-${i}`), '--host', hostAddr, '--join-token', token, '--listen', '/ip4/127.0.0.1/tcp/0',
        '--seed-release', file('v1'), '--seed-version', 'v1', '--trust-root', file('root1.json'), '--trust-refresh', '300', '--metrics', '127.0.0.1:0', '--reconnect-max', String(RECONNECT_MAX_MS)])
      nodes.push(new CascadeProcess(`node-${i}`, nodeArgs[i], PUSH_LOGS))
    }
    await eachNode(/joined host/)
    await host.waitForLine(/measured/, 30_000)
    await sleep(500)
  })

  afterEach(function () {
    // a failure shows what the processes said, not only the assertion (they run apart from mocha)
    if (this.currentTest?.state === 'failed') {
      for (const process of [host, ...nodes]) {
        console.error(`--- ${process.name} said (last 60 lines):\n${process.lines.slice(-60).join('\n')}`)
      }
    }
  })

  after(async () => {
    await Promise.allSettled([...nodes, ...others].map(async p => p.stop()))
    await cleanup(dir)
  })

  it('refuses a release signed below the threshold before it starts, and installs one signed by enough publishers', async () => {
    const below = await publish(['--key', key('a'), '--version', 'v2'], file('app-v2.bin'))
    assert.notEqual(below.code, 0)
    assert.match(below.stderr + below.stdout, /not signed by enough publisher keys of root version 1: targets was signed by 1\/2 keys/)
    const prepared = await cascade(['release', 'prepare', '--key', key('a'), '--version', 'v2', '--out', file('v2.release'), file('app-v2.bin')])
    assert.equal(prepared.code, 0, prepared.stderr)
    assert.equal((await cascade(['sign', '--key', key('b'), file('v2.release')])).code, 0)
    const from = marks()
    const sent = await publish(['--key', key('a'), '--release', file('v2.release')], file('app-v2.bin'))
    assert.equal(sent.code, 0, sent.stderr + sent.stdout)
    await eachNode(/installed v2/, from)
  })

  it('a compromised host (its key and data dir) cannot make a node install what the publishers did not sign, nor mix metadata of two releases', async () => {
    await host.stop()
    let from = marks()
    await startRogue(['--admin', ids.evil])
    await eachNode(/joined host/, from)
    await refusedPublish(['--key', key('evil'), '--version', 'v3'], file('app-v3.bin'), /refused deployment .* \(app v3\): release app v3 is not signed by enough publisher keys/, from)
    // mix-and-match: v3's manifest with the publishers' signatures over v2's
    const v2 = await readReleaseFile(file('v2.release'))
    const v3 = await prepareRelease(await loadKey(key('evil')), { packagePath: file('app-v3.bin'), name: 'app', version: 'v3' })
    await writeFile(file('mixed.release'), encodeSignedManifest({ ...v3, release: v2.release }))
    from = marks()
    await startRogue(['--admin', ids.evil])
    await eachNode(/joined host/, from)
    await refusedPublish(['--key', key('evil'), '--release', file('mixed.release')], file('app-v3.bin'), /metadata of another release \(mix-and-match\) refused/, from)
    for (const node of nodes) {
      assert.ok(!node.lines.some(line => /installed v3/.test(line)), node.lines.join('\n'))
    }
  })

  it('a node never goes back below its highest trusted version but through a signed rollback, which runs once', async () => {
    let from = marks()
    await startHost(['--trust-root', file('root1.json'), '--timestamp-lifetime', String(TIMESTAMP_LIFETIME_MS)])
    await eachNode(/joined host/, from)
    await sleep(500)
    const back = await cascade(['release', 'prepare', '--key', key('a'), '--version', 'v1', '--rollback', '--out', file('rollback.release'), file('app-v2.bin')])
    assert.equal(back.code, 0, back.stderr)
    await cascade(['sign', '--key', key('b'), file('rollback.release')])
    from = marks()
    const rolled = await publish(['--key', key('a'), '--release', file('rollback.release')], file('app-v2.bin'))
    assert.equal(rolled.code, 0, rolled.stderr + rolled.stdout + said())
    await eachNode(/installed v1/, from)
    const again = await publish(['--key', key('a'), '--release', file('rollback.release')], file('app-v2.bin'))
    assert.notEqual(again.code, 0)
    assert.match(again.stderr + again.stdout, /signed rollback runs once/)
  })

  it('a replayed rollback is refused by the nodes, even from a host with a fresh database', async () => {
    // later (the nodes restarted since), a host with a fresh database (the attacker's)
    // replays it under the same id: the nodes refuse
    await host.stop()
    await startRogue(['--admin', ids.a])
    await Promise.all(nodes.map(async (node, i) => {
      await node.stop()
      nodes[i] = new CascadeProcess(`node-${i}`, nodeArgs[i], PUSH_LOGS)
      others.push(nodes[i])
    }))
    const from = marks().map(() => 0)
    await eachNode(/joined host/, from)
    await refusedPublish(['--key', key('a'), '--release', file('rollback.release')], file('app-v2.bin'), /a replayed rollback is refused/, from)
  })

  it('back on v1 through a rollback, a release between v1 and v2 is still refused: only a signed rollback goes back', async () => {
    // back on v1, a release between v1 and v2 (signed by both, not a rollback) is still below the highest the nodes trusted
    await cascade(['release', 'prepare', '--key', key('a'), '--version', 'v1.5', '--out', file('old.release'), file('app-v2.bin')])
    await cascade(['sign', '--key', key('b'), file('old.release')])
    const from = marks()
    await startRogue(['--admin', ids.a])
    await eachNode(/joined host/, from)
    await refusedPublish(['--key', key('a'), '--release', file('old.release')], file('app-v2.bin'), /version v1\.5 is not newer than v2, the highest this node trusted/, from)
  })

  it('nodes report stale metadata when the host withholds fresh timestamps', async () => {
    let from = marks()
    await startHost(['--trust-root', file('root1.json'), '--timestamp-lifetime', String(TIMESTAMP_LIFETIME_MS)])
    await eachNode(/trust metadata is fresh again/, from)
    // the host goes silent: no fresh timestamp after the last one
    await host.stop()
    from = marks()
    await eachNode(/trust metadata is stale: the host's timestamp expired at/, from, TIMESTAMP_LIFETIME_MS + 10_000)
    for (const node of nodes) {
      const [, url] = await node.waitForLine(/^metrics on (\S+)$/)
      assert.match(await (await fetch(url)).text(), /^cascade_trust_metadata_stale 1$/m)
    }
  })

  it('root rotation: nodes accept the next root and refuse releases signed only by the revoked key', async () => {
    const rotated = await cascade(['trust', 'init', '--version', '2', '--out', file('root2.json'), '--root-key', ids.root, '--publisher', ids.a, '--publisher', ids.c,
      '--threshold', '1', '--timestamp-key', ids.host, '--sign', key('root')])
    assert.equal(rotated.code, 0, rotated.stderr)
    let from = marks()
    await startHost(['--trust-root', file('root2.json'), '--timestamp-lifetime', String(TIMESTAMP_LIFETIME_MS)])
    await eachNode(/trusting root version 2 now/, from)
    await eachNode(/trust metadata is fresh again/, from)
    // the host refuses B's release; so do the nodes, behind a host that would not
    const byB = await publish(['--key', key('b'), '--version', 'v4'], file('app-v4.bin'))
    assert.match(byB.stderr + byB.stdout, /not signed by enough publisher keys of root version 2/)
    await host.stop()
    from = marks()
    await startRogue(['--admin', ids.b])
    await eachNode(/joined host/, from)
    await refusedPublish(['--key', key('b'), '--version', 'v4'], file('app-v4.bin'), /refused deployment .* \(app v4\): release app v4 is not signed by enough publisher keys of root version 2/, from)
    from = marks()
    await startHost([], hostDir)
    await eachNode(/joined host/, from)
    await sleep(500)
    const byC = await publish(['--key', key('c'), '--version', 'v4'], file('app-v4.bin'))
    assert.equal(byC.code, 0, byC.stderr + byC.stdout)
    await eachNode(/installed v4/, from)
    // each node's word on its trust, in the host's status
    await sleep(1000)
    const status = await cascade(['status', '--host', hostAddr, '--key', key('a'), '--json'])
    assert.deepEqual(JSON.parse(status.stdout).members.map((member: any) => member.trust), ['root 2', 'root 2'])
  })

  it('a revoked node is disconnected and its joins are refused from then on, even with the join token', async () => {
    const revoked = await cascade(['member', 'remove', '--revoke', '--host', hostAddr, '--key', key('a'), peerIdOf(nodes[1])])
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.match(revoked.stdout, /revoked: its joins are refused from now on/)
    assert.equal((await nodes[1].exited).code, 2)
    assert.match(nodes[1].lines.join('\n'), /the host refused this node: revoked by \S+: this peer may not join/)
    const again = new CascadeProcess('node-1-again', nodeArgs[1])
    others.push(again)
    assert.equal((await again.exited).code, 2)
    assert.match(again.lines.join('\n'), /revoked by \S+: this peer may not join/)
  })
})
