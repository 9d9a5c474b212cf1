/**
 * Prometheus metrics (docs/metrics.md): the host's `/metrics` (`--http`) and
 * a node's (`--metrics`), read directly during a deployment, then scraped by
 * a real Prometheus server (Debian's `prometheus`) whose HTTP API must show
 * the series moving as the deployment did.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { runCascade } from '../src/harness/cascade-process.js'
import { HttpListenError, InvalidHttpAddressError, ReadOnlyListener, parseHttpAddress } from '../src/node/metrics/index.js'
import { reasonLabel } from '../src/node/host/http/index.js'
import { MiB, waitFor } from './helpers.js'
import { publishJson, randomPackage, startFleet } from './fleet.js'
import { dashboardUrl, httpRequest, metricSum, nodeMetricsUrl, scrape } from './http-helpers.js'
import type { Fleet } from './fleet.js'
import type { Sample } from './http-helpers.js'
import type { RouteHandler } from '../src/node/metrics/index.js'
import type { ChildProcess } from 'node:child_process'

/** Debian's package `prometheus`. */
const PROMETHEUS = '/usr/bin/prometheus'

const SIZE = 3 * MiB
const CHUNK = 64 * 1024

async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** One instant query against Prometheus' HTTP API: the value of each series. */
async function query (api: string, expr: string): Promise<number[]> {
  const response = await httpRequest(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = JSON.parse(response.body)
  assert.equal(body.status, 'success', response.body)
  return body.data.result.map((series: { value: [number, string] }) => Number(series.value[1]))
}

describe('Prometheus metrics', function () {
  this.timeout(240_000)
  let fleet: Fleet
  let hostMetrics: string
  const nodeMetrics: string[] = []

  before(async () => {
    fleet = await startFleet({
      nodes: [{ cap: '1MiB/s' }, { cap: '1MiB/s' }, { cap: '512KiB/s' }].map(spec => ({ ...spec, extra: ['--metrics', '127.0.0.1:0'] })),
      hostArgs: ['--http', '127.0.0.1:0', '--upload-limit', '1MiB/s']
    })
    hostMetrics = `${await dashboardUrl(fleet)}/metrics`
    for (let i = 0; i < fleet.nodes.length; i++) {
      nodeMetrics.push(await nodeMetricsUrl(fleet, i))
    }
  })

  after(async () => { await fleet?.stop() })

  it('parses HOST:PORT and refuses anything else', () => {
    assert.deepEqual(parseHttpAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 })
    assert.deepEqual(parseHttpAddress('[::1]:0'), { host: '::1', port: 0 })
    assert.deepEqual(parseHttpAddress('localhost:9464'), { host: 'localhost', port: 9464 })
    for (const bad of ['banana', '8080', ':8080', 'example.com:80', '127.0.0.1:99999', '::1:80', '[127.0.0.1]:80', '127.0.0.1:-1', '']) {
      assert.throws(() => parseHttpAddress(bad), InvalidHttpAddressError, bad)
    }
  })

  it('the listener: a busy address is a clear error, a failing route a 500, and it stays up', async () => {
    const listener = new ReadOnlyListener('127.0.0.1:0', new Map<string, RouteHandler>([
      ['/fails', () => { throw new Error('boom') }],
      ['/ok', (_request, response) => { response.end('ok') }]
    ]))
    const url = await listener.start()
    try {
      const busy = new ReadOnlyListener(url.slice('http://'.length), new Map())
      await assert.rejects(busy.start(), (err: Error) => err instanceof HttpListenError && /cannot serve http on 127\.0\.0\.1:\d+: .*EADDRINUSE/.test(err.message))
      assert.equal((await httpRequest(`${url}/fails`)).status, 500)
      assert.equal((await httpRequest(`${url}/ok`, 'HEAD')).status, 200)
      assert.equal((await httpRequest(`${url}/ok`)).body, 'ok')
    } finally {
      await listener.stop()
    }
  })

  it('keeps refusal reasons to a few label values', () => {
    assert.equal(reasonLabel('the host shows status to admins only: peer 12D3KooWJTz4viQWBWranUnn6fZfGEpWut7rkx3RA2kZEcg9Bc6G is not an authorized admin'), 'the host shows status to admins only')
    assert.equal(reasonLabel('frame of 99999 bytes is over the bound'), 'frame of N bytes is over the bound')
    assert.equal(reasonLabel('peer 12D3KooWJTz4viQWBWranUnn6fZfGEpWut7rkx3RA2kZEcg9Bc6G is not enrolled'), 'peer PEER is not enrolled')
  })

  it('a bad --http or --metrics value is a one-line usage error', async () => {
    const host = await runCascade(['host', '--data', join(fleet.dir, 'unused-host'), '--http', 'example.com:80'])
    assert.equal(host.code, 1)
    assert.match(host.stderr, /--http .*"example.com:80": "example.com" is not an IP address or localhost/)
    const node = await runCascade(['node', '--data', join(fleet.dir, 'unused-node'), '--host', fleet.hostAddr, '--metrics', '127.0.0.1:70000'])
    assert.equal(node.code, 1)
    assert.match(node.stderr, /--metrics .*port 70000 is above 65535/)
    // an address in use (the fleet's host's dashboard) stops the start with one line
    const busy = await runCascade(['host', '--data', join(fleet.dir, 'unused-host'), '--listen', '/ip4/127.0.0.1/tcp/0', '--http', new URL(hostMetrics).host])
    assert.equal(busy.code, 1)
    assert.match(busy.stderr, /^cascade: cannot serve the dashboard \(--http\) on 127\.0\.0\.1:\d+: .*EADDRINUSE/m)
  })

  it('serves the members, libp2p\'s and the process\'s metrics, and counts refusals', async () => {
    const before = await scrape(hostMetrics)
    assert.equal(metricSum(before, 'cascade_members', { state: 'online', version: 'v1' }), fleet.nodes.length)
    assert.ok(before.some(sample => sample.name.startsWith('libp2p_')), 'libp2p metrics')
    assert.ok(before.some(sample => sample.name === 'process_cpu_user_seconds_total'), 'process metrics')
    // a status request without an admin key is refused: counted by protocol and kind, not by peer
    const status = await runCascade(['status', '--host', fleet.hostAddr])
    assert.equal(status.code, 1)
    await waitFor(async () => metricSum(await scrape(hostMetrics), 'cascade_refusals_total', { protocol: 'status', reason: 'the host shows status to admins only' }) === 1, 10_000, 'the refusal counted')
    const node = await scrape(nodeMetrics[0])
    assert.equal(metricSum(node, 'cascade_node_received_bytes_total'), 0)
    assert.ok(node.some(sample => sample.name.startsWith('libp2p_')), 'a node\'s libp2p metrics')
    assert.equal((await httpRequest(nodeMetrics[0], 'POST')).status, 405)
    assert.equal((await httpRequest(nodeMetrics[0].replace(/\/metrics$/, '/'))).status, 404)
  })

  it('moves with a deployment, on the host and on each node, and a real Prometheus sees it move', async function () {
    let prometheus: ChildProcess | undefined
    let api = ''
    if (existsSync(PROMETHEUS)) {
      const dir = join(fleet.dir, 'prometheus')
      await mkdir(dir)
      const port = await freePort()
      const target = (url: string): string => `'${new URL(url).host}'`
      await writeFile(join(dir, 'prometheus.yml'), [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: cascade-host',
        `    static_configs: [{ targets: [${target(hostMetrics)}] }]`,
        '  - job_name: cascade-node',
        `    static_configs: [{ targets: [${nodeMetrics.map(target).join(', ')}] }]`,
        ''
      ].join('\n'))
      prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' })
      api = `http://127.0.0.1:${port}`
      await waitFor(async () => (await httpRequest(`${api}/-/ready`)).status === 200, 30_000, 'prometheus ready')
      // a scrape of every target before the deployment
      await waitFor(async () => (await query(api, 'up == 1')).length === 1 + fleet.nodes.length, 20_000, 'every target up')
    } else {
      console.log(`      (no real Prometheus: ${PROMETHEUS} is absent; apt-get install prometheus)`)
    }
    try {
      const pkg = await randomPackage(fleet.dir, 'app-v2.bin', SIZE)
      const publishing = publishJson(fleet, pkg.path, 'v2', ['--chunk-size', '64KiB'])
      const hostBytes = new Set<number>()
      let finished = false
      void publishing.finally(() => { finished = true })
      let during: Sample[] = []
      while (!finished) {
        during = await scrape(hostMetrics)
        hostBytes.add(metricSum(during, 'cascade_deployment_host_bytes_total'))
        await sleep(250)
      }
      const { code, summary, stderr } = await publishing
      assert.equal(code, 0, stderr)
      assert.ok(hostBytes.size >= 3, `the host's bytes moved while it ran: ${[...hostBytes].join(', ')}`)
      const id = summary.deploymentId as string
      const after = await scrape(hostMetrics)
      const n = fleet.nodes.length
      assert.equal(metricSum(after, 'cascade_deployment_nodes', { deployment: id, state: 'done' }), n)
      assert.equal(metricSum(after, 'cascade_deployment_nodes', { deployment: id }), n)
      assert.equal(metricSum(after, 'cascade_deployments', { state: 'succeeded' }), 1)
      assert.equal(metricSum(after, 'cascade_deployment_host_bytes_total', { deployment: id }), summary.hostBytesSent)
      assert.equal(metricSum(after, 'cascade_deployment_received_bytes_total', { deployment: id }), n * SIZE)
      assert.ok(metricSum(after, 'cascade_deployment_relayed_bytes_total', { deployment: id }) >= summary.nodes.reduce((sum: number, node: any) => sum + node.bytesSent, 0))
      assert.equal(metricSum(after, 'cascade_deployment_package_bytes', { deployment: id }), SIZE)
      const makespan = metricSum(after, 'cascade_deployment_makespan_seconds', { deployment: id })
      assert.ok(Math.abs(makespan - summary.makespanMs / 1000) < 0.5, `makespan ${makespan} s`)
      await waitFor(async () => metricSum(await scrape(hostMetrics), 'cascade_members', { state: 'online', version: 'v2' }) === n, 20_000, 'every member back on v2')
      for (const url of nodeMetrics) {
        const node = await scrape(url)
        assert.equal(metricSum(node, 'cascade_node_received_bytes_total'), SIZE, url)
        assert.equal(metricSum(node, 'cascade_node_chunks_verified_total'), SIZE / CHUNK, url)
        assert.equal(metricSum(node, 'cascade_node_chunks_refused_total'), 0, url)
        assert.equal(metricSum(node, 'cascade_node_installs_total', { outcome: 'installed' }), 1, url)
      }
      // what the nodes count relaying is what they report to the host (their last reports may trail the summary)
      await waitFor(async () => {
        const relayedByNodes = (await Promise.all(nodeMetrics.map(scrape))).reduce((sum, node) => sum + metricSum(node, 'cascade_node_relayed_bytes_total'), 0)
        return relayedByNodes > 0 && relayedByNodes === metricSum(await scrape(hostMetrics), 'cascade_deployment_relayed_bytes_total', { deployment: id })
      }, 10_000, 'the nodes\' relayed bytes to match the host\'s')

      if (prometheus == null) {
        return
      }
      const series = `{deployment="${id}"}`
      await waitFor(async () => (await query(api, `cascade_deployment_nodes{deployment="${id}",state="done"}`))[0] === n, 20_000, `Prometheus: cascade_deployment_nodes{state="done"} at ${n}`)
      // seen part-way: nodes receiving, and fewer bytes than at the end
      assert.ok((await query(api, `max_over_time(cascade_deployment_nodes{deployment="${id}",state="receiving"}[5m])`))[0] > 0, 'Prometheus saw nodes receiving')
      const [least] = await query(api, `min_over_time(cascade_deployment_received_bytes_total${series}[5m])`)
      const [most] = await query(api, `max_over_time(cascade_deployment_received_bytes_total${series}[5m])`)
      assert.ok(least < most && most === n * SIZE, `received bytes moved from ${least} to ${most}`)
      await waitFor(async () => (await query(api, 'sum(cascade_node_installs_total{outcome="installed"})'))[0] === n, 20_000, 'Prometheus: every node\'s install counted')
      assert.equal((await query(api, 'sum(cascade_node_received_bytes_total)'))[0], n * SIZE)
      assert.ok((await query(api, 'libp2p_data_transfer_bytes_total')).length > 0, 'libp2p metrics scraped')
    } finally {
      prometheus?.kill('SIGTERM')
      if (prometheus != null && prometheus.exitCode == null) {
        await once(prometheus, 'exit')
      }
    }
  })
})
