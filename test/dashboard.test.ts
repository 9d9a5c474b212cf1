/**
 * The host's web dashboard (`cascade host --http`, docs/dashboard.md) in a
 * real browser: Debian's headless Chromium driven by puppeteer-core. A host
 * and four node processes; while a deployment runs, the page (never
 * reloaded) shows every member, draws the relay tree and moves each node's
 * progress, and ends with every node done. With CASCADE_SCREENSHOTS=1 it
 * refreshes docs/dashboard-live.png and docs/dashboard-done.png.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { MiB, waitFor } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import { dashboardUrl, httpRequest } from './http-helpers.js'
import type { Fleet } from './fleet.js'
import type { Browser, Page } from 'puppeteer-core'

/** The page's globals, in the functions puppeteer runs there (this project compiles without the DOM lib). */
declare const document: any
declare const window: any

/** Debian's package `chromium`. */
const CHROMIUM = '/usr/bin/chromium'

/** Where the screenshots go when refreshed; else into the fleet's temp dir. */
const DOCS = new URL('../../docs/', import.meta.url).pathname

/** What the page shows of each node in the tree: its state and progress. */
async function treeNodes (page: Page): Promise<Record<string, { state: string, progress: number }>> {
  return page.$$eval('#trees .node[data-peer]', boxes => Object.fromEntries(boxes.map(box => [
    box.getAttribute('data-peer') ?? '',
    { state: box.getAttribute('data-state') ?? '', progress: Number(box.getAttribute('data-progress')) }
  ])))
}

interface DashboardFleet { fleet: Fleet, browser: Browser, url: string }

/**
 * The enclosing describe's fleet, filled before its tests: four nodes at 2,
 * 1, 1 and 0.5 MiB/s up, a host with the dashboard and `hostLimit` up, and a
 * browser; stopped after them. Without Chromium the tests are skipped.
 */
function useDashboardFleet (hostLimit: string): DashboardFleet {
  const dashboard: Partial<DashboardFleet> = {}
  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is absent (apt-get install chromium)`)
      this.skip()
    }
    dashboard.fleet = await startFleet({
      nodes: [{ cap: '2MiB/s' }, { cap: '1MiB/s' }, { cap: '1MiB/s' }, { cap: '512KiB/s' }],
      hostArgs: ['--http', '127.0.0.1:0', '--upload-limit', hostLimit]
    })
    dashboard.url = await dashboardUrl(dashboard.fleet)
    const { launch } = await import('puppeteer-core')
    dashboard.browser = await launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'], defaultViewport: { width: 1280, height: 900 } })
  })
  after(async () => {
    await dashboard.browser?.close()
    await dashboard.fleet?.stop()
  })
  return dashboard as DashboardFleet
}

describe('web dashboard (headless Chromium)', function () {
  this.timeout(180_000)
  const dashboard = useDashboardFleet('1MiB/s')

  it('lists the fleet, draws the deployment live without a reload, and ends with every node done', async () => {
    const { fleet, browser, url } = dashboard
    const page = await browser.newPage()
    await page.goto(url)
    // set once: a reload would lose it
    await page.evaluate(() => { window.cascadeNotReloaded = true })
    await page.waitForFunction((n: number) => document.querySelectorAll('#fleet tbody tr').length === n, { timeout: 10_000 }, fleet.nodes.length)
    const listed = await page.$$eval('#fleet tbody tr', rows => rows.map(row => row.getAttribute('data-peer')))
    assert.deepEqual(listed.sort(), fleet.nodes.map(node => node.peerId).sort())
    assert.equal(await page.$eval('#live', live => live.getAttribute('data-live')), 'live')

    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 4 * MiB)
    const publishing = publishJson(fleet, pkg.path, 'v2')
    // the tree appears with every node (in every stripe's tree when the planner stripes), and moves while we watch
    await page.waitForFunction((n: number) => new Set([...document.querySelectorAll('#trees .node[data-peer]')].map(box => box.getAttribute('data-peer'))).size === n, { timeout: 30_000 }, fleet.nodes.length)
    let first: Record<string, { state: string, progress: number }> = {}
    await waitFor(async () => {
      first = await treeNodes(page)
      return Object.values(first).some(node => node.progress >= 30 && node.progress < 100)
    }, 30_000, 'a node part-way through the package')
    const live = join(process.env.CASCADE_SCREENSHOTS === '1' ? DOCS : fleet.dir, 'dashboard-live.png')
    await page.screenshot({ path: live as `${string}.png`, fullPage: true })
    let moved = false
    await waitFor(async () => {
      const now = await treeNodes(page)
      moved = Object.entries(now).some(([peer, node]) => node.progress !== first[peer]?.progress || node.state !== first[peer]?.state)
      return moved
    }, 20_000, 'a node\'s progress to change on the page')
    assert.ok(moved)

    const { code, summary, stderr } = await publishing
    assert.equal(code, 0, stderr)
    await page.waitForFunction(() => document.querySelector('#deployment')?.getAttribute('data-state') === 'succeeded', { timeout: 30_000 })
    const done = await treeNodes(page)
    assert.deepEqual(Object.keys(done).sort(), fleet.nodes.map(node => node.peerId).sort())
    assert.ok(Object.values(done).every(node => node.state === 'done' && node.progress === 100), JSON.stringify(done))
    assert.equal(await page.$eval('#deployment', d => d.getAttribute('data-id')), summary.deploymentId)
    // the history lists it, the fleet runs v2, the audit log has the publish
    await page.waitForFunction((id: string) => document.querySelector(`#history tr[data-id="${id}"]`) != null, { timeout: 10_000 }, summary.deploymentId)
    await page.waitForFunction(() => [...document.querySelectorAll('#fleet tbody tr td:nth-child(3)')].every((cell: any) => cell.textContent === 'v2'), { timeout: 15_000 })
    assert.match(await page.$eval('#audit tbody', body => body.textContent ?? ''), /publish/)
    assert.equal(await page.evaluate(() => window.cascadeNotReloaded), true, 'the page was reloaded')
    await sleep(300)
    const after = join(process.env.CASCADE_SCREENSHOTS === '1' ? DOCS : fleet.dir, 'dashboard-done.png')
    await page.screenshot({ path: after as `${string}.png`, fullPage: true })
  })

  it('draws a phased, striped rollout: its waves, and one tree per stripe', async () => {
    const { fleet, browser, url } = dashboard
    const page = await browser.newPage()
    await page.goto(url)
    const pkg = await randomPackage(fleet.dir, 'app-v3.bin', 1 * MiB)
    const { code, summary, stderr } = await publishJson(fleet, pkg.path, 'v3', ['--waves', '50%,100%', '--stripes', '2'])
    assert.equal(code, 0, stderr)
    await page.waitForFunction((id: string) => document.querySelector('#deployment')?.getAttribute('data-id') === id &&
      document.querySelector('#deployment')?.getAttribute('data-state') === 'succeeded', { timeout: 30_000 }, summary.deploymentId)
    const waves = await page.$$eval('#waves li', items => items.map(item => item.textContent))
    assert.deepEqual(waves, ['wave 1: 2/2 done', 'wave 2: 2/2 done'])
    // the last wave's plan: its two nodes in each of the two stripes' trees
    assert.equal(await page.$$eval('#trees .tree', trees => trees.length), 2)
    assert.equal(await page.$$eval('#trees .tree[data-stripe="1"] .node[data-peer]', boxes => boxes.length), 2)
    assert.equal(await page.$$eval('#history tbody tr', rows => rows.length), 2)
    await page.close()
  })

  it('is read-only: other methods are 405, unknown paths 404, and the host stays up', async () => {
    const { fleet, url } = dashboard
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      assert.equal((await httpRequest(`${url}/api/view`, method)).status, 405, method)
    }
    assert.equal((await httpRequest(`${url}/admin`)).status, 404)
    assert.equal((await httpRequest(`${url}/../etc/passwd`)).status, 404)
    const page = await httpRequest(`${url}/`)
    assert.equal(page.status, 200)
    assert.match(page.body, /<script type="module" src="\/dashboard.js">/)
    assert.doesNotMatch(page.body, /https?:\/\//, 'no external asset')
    const view = JSON.parse((await httpRequest(`${url}/api/view`)).body)
    assert.equal(view.members.length, fleet.nodes.length)
  })
})

/**
 * A split stripe-child on the page. The host is well above the 1 MiB/s stripe
 * roots, so the plan splits whatever the probes read: with the host at
 * 1 MiB/s too, probes that read those roots a few per cent above their caps
 * (as loopback probes do) made the split pointless, and the plan had none.
 */
describe('web dashboard: a split stripe-child (headless Chromium)', function () {
  this.timeout(180_000)
  const dashboard = useDashboardFleet('2560KiB/s')

  it('draws a split stripe-child\'s helper beside it, in that stripe\'s tree', async () => {
    const { fleet, browser, url } = dashboard
    const page = await browser.newPage()
    await page.goto(url)
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 1 * MiB)
    // three stripes over 2, 1, 1 and 0.5 MiB/s uplinks: the 0.5 MiB/s member helps the stripe roots slower than the host (src/tree/split.ts)
    const { code, events, summary, stderr } = await publishJson(fleet, pkg.path, 'v2', ['--stripes', '3'])
    assert.equal(code, 0, stderr)
    await page.waitForFunction((id: string) => document.querySelector('#deployment')?.getAttribute('data-id') === id &&
      document.querySelector('#deployment')?.getAttribute('data-state') === 'succeeded', { timeout: 30_000 }, summary.deploymentId)
    const plan = events.find(e => e.event === 'plan')
    const planned: Array<[number, string, string]> = plan.nodes.flatMap((n: any) => (n.stripeHelpers as string[]).map((helper, stripe) => [stripe, n.peerId, helper]).filter(([, , helper]) => helper !== ''))
    assert.ok(planned.length > 0, `the plan splits a stripe-child: ${JSON.stringify(plan.nodes.map((n: any) => [n.uploadBps, n.stripeParents, n.stripeHelpers]))}`)
    const drawn = await page.$$eval('#trees .tree', trees => trees.flatMap(tree => [...tree.querySelectorAll('.node[data-peer]')].flatMap(box => {
      const helper = box.querySelector('.helper')
      return helper == null ? [] : [[Number(tree.getAttribute('data-stripe')), box.getAttribute('data-peer'), helper.getAttribute('data-helper')]]
    })))
    assert.deepEqual([...drawn].sort(), [...planned].sort())
    await page.close()
  })
})
