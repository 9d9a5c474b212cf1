import assert from 'node:assert/strict'
import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CascadeProcess, runCascade } from '../src/harness/cascade-process.js'
import { randomPackage } from './fleet.js'
import { adminKey } from './helpers.js'
import { startHierarchy } from './sites-fleet.js'
import type { Hierarchy, HierarchyArgs } from './sites-fleet.js'

/** The site and its node ask for newer roots and timestamps this often here. */
const TRUST_REFRESH = '300'

/**
 * The fleet's root of trust down the hierarchy (docs/security.md): a root
 * host, a site host and a node under the site, all provisioned with the
 * same root. The site acts as a node toward the root host: it takes newer
 * roots from it and serves them down, and refuses what its root refuses.
 * Revocations at the root reach the site too (docs/enrollment.md).
 */
describe('trust down the hierarchy: a root host, a site, a node under the site', function () {
  this.timeout(120_000)
  let h: Hierarchy
  const ids: Record<string, string> = {}
  let file = (name: string): string => name

  async function prepare (dir: string): Promise<HierarchyArgs> {
    file = (name) => join(dir, name)
    for (const name of ['trust-root', 'a', 'b', 'c']) {
      ids[name] = await adminKey(file(`${name}.key`))
    }
    // the root host's identity made beforehand: the root names it as the timestamp key
    await mkdir(file('root'))
    ids.rootHost = await adminKey(join(file('root'), 'identity.key'))
    const init = await runCascade(['trust', 'init', '--out', file('root1.json'), '--root-key', ids['trust-root'], '--publisher', ids.a, '--publisher', ids.b,
      '--threshold', '1', '--timestamp-key', ids.rootHost, '--sign', file('trust-root.key')])
    assert.equal(init.code, 0, init.stderr)
    const trust = ['--trust-root', file('root1.json')]
    return { root: [...trust, '--admin', ids.a, '--admin', ids.b], site: [...trust, '--trust-refresh', TRUST_REFRESH], node: [...trust, '--trust-refresh', TRUST_REFRESH] }
  }

  before(async () => {
    h = await startHierarchy(0, [1], [], { prepare })
  })

  afterEach(function () {
    // a failure shows what the processes said, not only the assertion (they run apart from mocha)
    if (this.currentTest?.state === 'failed') {
      for (const process of [h.root.process, ...h.sites.flatMap(site => [site.process, ...site.nodes.map(node => node.process)])]) {
        console.error(`--- ${process.name} said (last 40 lines):\n${process.lines.slice(-40).join('\n')}`)
      }
    }
  })

  after(async () => {
    await h?.stop()
  })

  it('root rotation reaches the node under the site; a release signed only by the revoked key is refused at the site, one signed by the new threshold reaches the node', async () => {
    const [site] = h.sites
    const node = site.nodes[0]
    // root 2: publisher a revoked, b and c must both sign
    const rotated = await runCascade(['trust', 'init', '--version', '2', '--out', file('root2.json'), '--root-key', ids['trust-root'], '--publisher', ids.b, '--publisher', ids.c,
      '--threshold', '2', '--timestamp-key', ids.rootHost, '--sign', file('trust-root.key')])
    assert.equal(rotated.code, 0, rotated.stderr)
    // given to the root host only
    const rootArgs = h.root.args.map(arg => arg === file('root1.json') ? file('root2.json') : arg)
    let siteFrom = site.process.lines.length
    const nodeFrom = node.process.lines.length
    await h.root.process.stop()
    await h.restart(h.root, rootArgs)
    await site.process.waitForLine(/\[site\] trusting root version 2 now/, 20_000, siteFrom)
    await node.process.waitForLine(/trusting root version 2 now/, 20_000, nodeFrom)
    await site.process.waitForLine(/joined parent/, 20_000, siteFrom)

    // the attacker holds the root host's key and a copy of its data dir without the root of trust:
    // that host publishes what key a alone signed; the site refuses it, so its node never sees it
    await h.root.process.stop()
    await cp(file('root'), file('rogue'), { recursive: true, filter: (path) => path !== join(file('root'), 'trust') })
    siteFrom = site.process.lines.length
    await h.restart(h.root, h.root.args.filter((arg, i, args) => arg !== '--trust-root' && args[i - 1] !== '--trust-root').map(arg => arg === file('root') ? file('rogue') : arg))
    await site.process.waitForLine(/joined parent/, 20_000, siteFrom)
    const v3 = await randomPackage(h.dir, 'app-v3.bin', 64 * 1024)
    const publisher = new CascadeProcess('publish', ['publish', '--host', h.root.addr, '--key', file('a.key'), '--version', 'v3', '--json', v3.path])
    try {
      await site.process.waitForLine(/\[site\] refused deployment \S+ \(\S+ v3\): release \S+ v3 is not signed by enough publisher keys of root version 2/, 30_000, siteFrom)
    } finally {
      await publisher.stop()
    }
    await h.root.process.stop()
    assert.ok(!site.process.lines.some(line => /kept release v3|forwarded: .*\bv3\b/.test(line)), site.process.lines.join('\n'))

    // the real root host again: a release b and c signed reaches the node through the site
    siteFrom = site.process.lines.length
    await h.restart(h.root, rootArgs)
    await site.process.waitForLine(/joined parent/, 20_000, siteFrom)
    const v4 = await randomPackage(h.dir, 'app-v4.bin', 64 * 1024)
    const prepared = await runCascade(['release', 'prepare', '--key', file('b.key'), '--version', 'v4', '--out', file('v4.release'), v4.path])
    assert.equal(prepared.code, 0, prepared.stderr)
    assert.equal((await runCascade(['sign', '--key', file('c.key'), file('v4.release')])).code, 0)
    const sent = await runCascade(['publish', '--host', h.root.addr, '--key', file('b.key'), '--release', file('v4.release'), '--json', v4.path], 60_000)
    assert.equal(sent.code, 0, sent.stderr + sent.stdout)
    await node.process.waitForLine(/installed v4/, 30_000, nodeFrom)
    assert.ok(!node.process.lines.some(line => /\bv3\b/.test(line)), node.process.lines.join('\n'))
    // each member's word on its trust: the node under the site is on root 2 and fresh (the root host's timestamps, passed down)
    const siteStatus = JSON.parse((await h.cli(site, 'status', '--json')).stdout)
    assert.deepEqual(siteStatus.members.map((member: any) => member.trust), ['root 2'])
    const rootStatus = JSON.parse((await h.cli(h.root, 'status', '--json')).stdout)
    assert.deepEqual(rootStatus.members.map((member: any) => member.trust), ['root 2'])
  })

  it('a node revoked at the root is disconnected by its site and its joins there are refused', async () => {
    const [site] = h.sites
    const node = site.nodes[0]
    const revoked = await h.cli(h.root, 'member', 'remove', '--revoke', node.peerId)
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.match(revoked.stdout, /was not a member; revoked/)
    assert.equal((await node.process.exited).code, 2)
    assert.match(node.process.lines.join('\n'), new RegExp(`the host refused this node: revoked by parent ${h.root.peerId}: this peer may not join`))
    const audit = await h.cli(site, 'audit', '--json')
    assert.match(audit.stdout, /member-revoke/)
  })
})
