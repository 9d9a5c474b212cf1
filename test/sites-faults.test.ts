import assert from 'node:assert/strict'
import { readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { CascadeProcess } from '../src/harness/cascade-process.js'
import { MiB, waitFor } from './helpers.js'
import { randomPackage } from './fleet.js'
import { publishTo, startHierarchy } from './sites-fleet.js'
import type { Hierarchy } from './sites-fleet.js'

/** The release a node runs, from its data dir: the slot its `current` link points at. */
async function installedVersion (dataDir: string): Promise<string> {
  return (await readlink(join(dataDir, 'current'))).split('/').pop() ?? ''
}

/** How many times a node's output says it installed `version`. */
function installs (lines: string[], version: string): number {
  return lines.filter(line => line.includes(`installed ${version}`)).length
}

/**
 * Waits for a node's "installed VERSION" line: the `current` link is swapped
 * before the app restarts and the line is printed, so a test that saw the link
 * and counted the lines at once would count none on a busy machine.
 */
async function installLine (node: { process: { waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<unknown> } }, version: string): Promise<void> {
  await node.process.waitForLine(new RegExp(`installed ${version}`), 120_000)
}

/**
 * Starts a new member of `site`, seeded with v1, and waits for it to join, while the site still
 * receives v2 (asserted: it has not kept it yet).
 */
async function joinLateMember (h: Hierarchy, site: Hierarchy['sites'][number], extra: CascadeProcess[]): Promise<{ dataDir: string, member: CascadeProcess }> {
  const dataDir = join(h.dir, 'late-member')
  const member = new CascadeProcess('late-member', ['node', '--data', dataDir, '--host', site.addr, '--join-token', site.joinToken,
    '--listen', '/ip4/127.0.0.1/tcp/0', '--seed-release', join(h.dir, 'v1'), '--seed-version', 'v1'])
  extra.push(member)
  await member.waitForLine(/\[node\] joined host/, 60_000)
  assert.ok(!site.process.lines.some(line => line.includes('kept release v2')), 'the member joined before the site held v2')
  return { dataDir, member }
}

describe('sites: faults, end to end with real processes', function () {
  this.timeout(180_000)
  let h: Hierarchy | undefined
  /** processes a test starts beside the hierarchy's */
  const extra: CascadeProcess[] = []

  afterEach(async () => {
    await Promise.allSettled(extra.map(async p => p.stop()))
    extra.length = 0
    await h?.stop()
    h = undefined
  })

  it('a site killed mid-deployment resumes from what it holds when it restarts: every node on the new version, nothing installed twice', async () => {
    // the site's uplink is slow, so its own deployment is still under way when it dies
    h = await startHierarchy(1, [3], [], { siteArgs: [['--upload-limit', '1MiB/s']] })
    const [site] = h.sites
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 3 * MiB)
    const publishing = publishTo(h.root, pkg.path, 'v2')
    await site.process.waitForLine(/\[site\] forwarded: deployment \S+ started/, 60_000)
    await site.process.waitForLine(/\[site\] kept release v2/, 60_000)
    await site.process.kill()
    await h.restartSite(0)
    const published = await publishing
    assert.equal(published.code, 0, `${published.stderr}\n${JSON.stringify(published.summary)}`)
    assert.equal(published.summary.success, true)
    for (const node of [...h.root.nodes, ...site.nodes]) {
      assert.equal(await installedVersion(node.dataDir), 'v2', node.dataDir)
      await installLine(node, 'v2')
    }
    for (const node of [...h.root.nodes, ...site.nodes]) {
      assert.equal(installs(node.process.lines, 'v2'), 1, node.process.lines.join('\n'))
    }
    assert.equal(published.summary.nodes.filter((n: any) => n.site === site.peerId && n.state === 'done').length, 3)
  })

  it('a site offline during the publish catches up when it returns, then updates its members', async () => {
    h = await startHierarchy(1, [2])
    const [site] = h.sites
    await site.process.stop()
    await waitFor(async () => (await h!.root.status()).members.find(m => m.peerId === site.peerId)?.online === false, 30_000, 'the site offline')
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 1 * MiB)
    const published = await publishTo(h.root, pkg.path, 'v2')
    assert.equal(published.code, 0, published.stderr)
    assert.equal(await installedVersion(h.root.nodes[0].dataDir), 'v2')
    await h.restartSite(0)
    await site.process.waitForLine(/\[site\] kept release v2/, 60_000)
    for (const node of site.nodes) {
      // a restarted site's members re-join after their backoff and are measured first: slow on a busy machine
      await waitFor(async () => await installedVersion(node.dataDir) === 'v2', 120_000, `${node.dataDir} on v2`).catch((err: Error) => {
        // seen in CI under load, not understood: what the site, its members and its status said
        const said = (name: string, lines: string[]): string => `--- ${name}:\n${lines.slice(-25).join('\n')}`
        throw new Error([err.message, said('site', site.process.lines), ...site.nodes.map((member, i) => said(`site member ${i}`, member.process.lines))].join('\n'))
      })
      await installLine(node, 'v2')
    }
    for (const node of site.nodes) {
      assert.equal(installs(node.process.lines, 'v2'), 1, node.process.lines.join('\n'))
    }
  })

  it('sites restarted while they receive a release forward it again: a member on it, a site with none records its forward once it holds it and catches up a member that joins', async () => {
    // site 0 with one member, site 1 with none, under a root whose slow uplink keeps them receiving for about 30 s
    h = await startHierarchy(0, [1, 0], [], { prepare: async () => ({ root: ['--upload-limit', '256KiB/s'] }) })
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 4 * MiB)
    const publishing = publishTo(h.root, pkg.path, 'v2')
    for (const site of h.sites) {
      await waitFor(async () => (await h!.root.status()).members.find(m => m.peerId === site.peerId)?.deploymentState === 'receiving', 60_000, `${site.name} receiving v2`)
    }
    for (const i of [0, 1]) {
      await h.sites[i].process.kill()
      await h.restartSite(i)
      await h.sites[i].process.waitForLine(/\[site\] joined parent/, 60_000)
    }
    const [withMember, empty] = h.sites

    const { dataDir } = await joinLateMember(h, empty, extra)

    const published = await publishing
    assert.equal(published.code, 0, `${published.stderr}\n${JSON.stringify(published.summary)}`)
    // the site's member, back after the site started again (or caught up apart if it came back later), runs v2
    await waitFor(async () => await installedVersion(withMember.nodes[0].dataDir) === 'v2', 60_000, 'the site\'s member on v2')
    await waitFor(async () => await installedVersion(dataDir).catch(() => '') === 'v2', 60_000, 'the late member on v2')
    const deployments = JSON.parse((await h.cli(empty, 'deployments', '--json')).stdout) as Array<{ id: string, state: string }>
    assert.equal(deployments.find(d => d.id === published.summary.deploymentId)?.state, 'succeeded', JSON.stringify(deployments))
  })

  it('a cancel at the root reaches the sites: each cancels its own deployment of the release, or fails its forward to nobody', async () => {
    // site 0 with one member, site 1 with none, under a root whose slow uplink keeps them receiving
    h = await startHierarchy(0, [1, 0], [], { prepare: async () => ({ root: ['--upload-limit', '128KiB/s'] }) })
    const [withMember, empty] = h.sites
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 4 * MiB)
    const publisher = new CascadeProcess('publish', ['publish', '--host', h.root.addr, '--key', h.root.keyFile, '--version', 'v2', '--json', pkg.path])
    extra.push(publisher)
    const [, id] = await publisher.waitForLine(/^{"event":"granted","deploymentId":"([^"]+)"/, 60_000)
    await waitFor(async () => (await withMember.status()).members.some(m => m.deploymentState === 'receiving'), 60_000, 'the site\'s member receiving v2')
    await waitFor(async () => (await h!.root.status()).members.find(m => m.peerId === empty.peerId)?.deploymentState === 'receiving', 60_000, 'the empty site receiving v2')

    const cancel = await h.cli(h.root, 'deployment', 'cancel', id)
    assert.equal(cancel.code, 0, cancel.stderr)
    assert.equal((await publisher.exited).code, 1)
    const siteDeployment = async (site: typeof empty): Promise<{ state: string, reason: string } | undefined> =>
      (JSON.parse((await h!.cli(site, 'deployments', '--json')).stdout) as Array<{ id: string, state: string, reason: string }>).find(d => d.id === id)
    await waitFor(async () => (await siteDeployment(withMember))?.state === 'cancelled', 60_000, 'the site\'s own deployment cancelled')
    await waitFor(async () => (await siteDeployment(empty))?.state === 'failed', 60_000, 'the empty site\'s forward failed')
    assert.match((await siteDeployment(empty))?.reason ?? '', /^cancelled by the parent/)
    const audit = JSON.parse((await h.cli(withMember, 'audit', '--json', '--deployment', id)).stdout) as Array<{ actor: string, action: string }>
    assert.ok(audit.some(entry => entry.actor === 'parent' && entry.action === 'cancel'), JSON.stringify(audit))
    // the member was told to stop: it stays on v1
    assert.equal(await installedVersion(withMember.nodes[0].dataDir), 'v1')
  })

  it('a member that joins while its site still receives a release it forwarded to nobody is caught up once the site holds it', async () => {
    // a site with no member yet, under a root whose slow uplink keeps the site receiving for about
    // 30 s: time enough for a new member to start and join even on a busy machine
    h = await startHierarchy(0, [0], [], { prepare: async () => ({ root: ['--upload-limit', '128KiB/s'] }) })
    const [site] = h.sites
    const pkg = await randomPackage(h.dir, 'app-v2.bin', 4 * MiB)
    const publishing = publishTo(h.root, pkg.path, 'v2')
    await waitFor(async () => (await h!.root.status()).members.find(m => m.peerId === site.peerId)?.deploymentState === 'receiving', 60_000, 'the site receiving v2')

    const { dataDir, member } = await joinLateMember(h, site, extra)

    const published = await publishing
    // the member's catch-up is apart from the deployment: it does not fail it
    assert.equal(published.code, 0, `${published.stderr}\n${JSON.stringify(published.summary)}`)
    await site.process.waitForLine(/\[site\] kept release v2/, 60_000)
    await waitFor(async () => await installedVersion(dataDir).catch(() => '') === 'v2', 60_000, 'the late member on v2')
    await installLine({ process: member }, 'v2')
  })
})
