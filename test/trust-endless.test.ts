import assert from 'node:assert/strict'
import { join } from 'node:path'
import { CascadeProcess } from '../src/harness/cascade-process.js'
import { MiB } from './helpers.js'
import { randomPackage, sha256File, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** What the child says when it cuts the endless relay off, per mode of `--test-fault endless-relay=MODE`. */
const REFUSALS: Array<[mode: string, what: RegExp]> = [
  // every frame well-formed and every chunk valid: the hashes alone would take them for ever
  ['repeat', /chunk \d+ sent again/],
  ['beyond', /chunk \d+ is beyond the package's \d+ chunks/]
]

/**
 * Endless data (docs/security.md): a relay that, instead of the last chunk it
 * owes its child, sends more than the manifest allows without end. Real
 * processes: the host, the endless relay (the fastest node, so the host's
 * only child in a chain) and its child.
 */
describe('trust: a relay that sends more than the manifest allows', function () {
  this.timeout(60_000)
  let fleet: Fleet | undefined

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && fleet != null) {
      for (const [name, process] of [['host', fleet.host], ...fleet.nodes.map((node, i) => [`node ${i}`, node.process] as const)] as const) {
        console.log(`      ${name} said:\n${process.lines.slice(-15).map(line => `        ${line}`).join('\n')}`)
      }
    }
    await fleet?.stop()
    fleet = undefined
  })

  for (const [mode, what] of REFUSALS) {
    it(`${mode}: its child cuts it off with a clear line, the host resends, and both install exactly the package`, async () => {
      fleet = await startFleet({
        nodes: [{ cap: '32MiB/s', fault: `endless-relay=${mode}` }, { cap: '4MiB/s' }],
        hostArgs: ['--max-fanout', '1', '--upload-limit', '8MiB/s']
      })
      const [relay, child] = fleet.nodes
      const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 2 * MiB)
      // one tree (no stripes), so the child's only parent is the relay
      const publisher = new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', 'v2', '--json', '--stripes', '1', pkg.path])
      const plan = JSON.parse((await publisher.waitForLine(/^{"event":"plan".*$/))[0])
      assert.equal(plan.nodes.find((n: any) => n.peerId === child.peerId)?.parent, relay.peerId, `the endless relay feeds the child: ${JSON.stringify(plan.nodes)}`)

      const [line] = await child.process.waitForLine(new RegExp(`\\[node\\] refused the push of \\S+ from ${relay.peerId}: more than the manifest allows: ${what.source}`))
      console.log(`      [child] ${line.replace(/^\S+ /, '')}`)
      const { code } = await publisher.exited
      const summary = JSON.parse(publisher.lines.find(l => l.startsWith('{"event":"summary"')) ?? '{}')
      assert.equal(code, 0, publisher.lines.join('\n'))
      assert.equal(summary.success, true, JSON.stringify(summary.nodes))
      // the host heard of it as of a corrupt relay: the relay relays no more, the child was served by the host
      assert.ok(publisher.lines.some(l => l.includes(`"peerId":"${relay.peerId}"`) && l.includes('relaying stopped')), 'the host stopped the relay')
      // cut off at its first frame too many: what it sent is the package's chunks and at most a credit window more
      const sent = summary.nodes.find((n: any) => n.peerId === relay.peerId).bytesSent
      assert.ok(sent < 2 * 2 * MiB, `the relay sent ${sent} bytes for a ${2 * MiB}-byte package`)
      for (const node of fleet.nodes) {
        assert.equal(await sha256File(join(node.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
      }
      // nothing went down: the host answers, and both nodes are up and online on v2
      assert.ok([fleet.host, relay.process, child.process].every(p => p.running), 'the host and both nodes still run')
      const status = await fleet.status()
      assert.ok(status.members.every(m => m.online && m.version === 'v2'), JSON.stringify(status.members))
    })
  }
})
