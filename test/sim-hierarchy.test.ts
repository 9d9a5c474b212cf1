import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { generateFleet, InvalidSimInputError, simulate, simulateHierarchy, simulateHierarchyFull, simulateStripedFlows } from '../src/sim/index.js'
import { stripedFlows } from '../src/sim/flows.js'
import { starParents } from '../src/sim/topology.js'
import type { FleetClass, HierarchyInput, HierarchyResult } from '../src/sim/index.js'

const MBIT = 1e6 / 8
const MIB = 2 ** 20
/** The default mix of `npm run simulate` (--caps 40mbit:0.25,16mbit:0.5,4mbit:0.25). */
const MIX: FleetClass[] = [{ upload: 40 * MBIT, fraction: 0.25 }, { upload: 16 * MBIT, fraction: 0.5 }, { upload: 4 * MBIT, fraction: 0.25 }]
const SIMULATE = fileURLToPath(new URL('../scripts/simulate.js', import.meta.url))

function hierarchy (fanouts: number[], hostMbit: number[], extra: Partial<HierarchyInput> = {}): HierarchyInput {
  return { size: 64 * MIB, chunkSize: MIB, fanouts, hostUploads: hostMbit.map(rate => rate * MBIT), devices: MIX, ...extra }
}

function withoutClock (result: HierarchyResult): Omit<HierarchyResult, 'ms'> {
  const { ms: _ms, ...rest } = result
  return rest
}

describe('hierarchy simulator', () => {
  it('is deterministic: the same input gives the same figures', () => {
    const input = hierarchy([3, 4, 50], [400, 200, 100])
    assert.deepEqual(withoutClock(simulateHierarchy(input)), withoutClock(simulateHierarchy(input)))
    assert.deepEqual(withoutClock(simulateHierarchyFull(input)), withoutClock(simulateHierarchyFull(input)))
  })

  it('one level is the flat simulator: a host over its devices', () => {
    const input = hierarchy([40], [40])
    const composed = simulateHierarchy(input)
    const full = simulateHierarchyFull(input)
    const flat = simulate({
      size: input.size,
      chunkSize: input.chunkSize,
      hostUpload: 40 * MBIT,
      peers: generateFleet(40, MIX, 1),
      strategy: 'tree',
      planOptions: { stripes: composed.stripes }
    })
    assert.equal(composed.makespan, flat.makespan)
    assert.equal(composed.rootBytesSent, flat.hostBytesSent)
    assert.equal(composed.makespan, full.makespan)
    assert.equal(composed.rootBytesSent, full.rootBytesSent)
    assert.equal(composed.devices, 40)
    assert.equal(composed.hosts, 1)
  })

  for (const [fanouts, hostMbit] of [[[2, 3, 20], [100, 100, 100]], [[2, 3, 20], [1000, 200, 100]], [[3, 4, 50], [40, 40, 40]]]) {
    it(`composing levels lands within 10 % of simulating every node (${fanouts.join('x')}, hosts ${hostMbit.join('/')} Mbit/s)`, () => {
      const input = hierarchy(fanouts, hostMbit)
      const composed = simulateHierarchy(input)
      const full = simulateHierarchyFull(input)
      assert.equal(composed.stripes, full.stripes)
      assert.equal(composed.devices, full.devices)
      assert.ok(Math.abs(composed.makespan / full.makespan - 1) <= 0.10, `composed ${composed.makespan} s, full ${full.makespan} s`)
      assert.ok(Math.abs(composed.rootCopies - full.rootCopies) <= 0.05, `root copies ${composed.rootCopies} vs ${full.rootCopies}`)
      for (const result of [composed, full]) {
        assert.ok(result.makespan >= result.lowerBound, 'nothing beats T*')
        assert.equal(result.lowerBound, full.lowerBound)
      }
      // composing simulates one unit per level and group, never every site
      assert.ok(composed.simulatedNodes < full.simulatedNodes)
    })
  }

  it('1,000,000 devices in three levels: no host above 1,000 connections, the root sends a few copies, in seconds', function () {
    this.timeout(60_000)
    const started = performance.now()
    const result = simulateHierarchy(hierarchy([10, 125, 800], [1000, 400, 200]))
    assert.ok(performance.now() - started < 20_000)
    assert.equal(result.devices, 1_000_000)
    assert.equal(result.hosts, 1 + 10 + 1250)
    assert.ok(result.maxConnections <= 1000, `${result.maxConnections} connections`)
    assert.ok(result.maxConnections >= 800, 'a site host holds a connection to each of its devices')
    assert.ok(result.rootCopies >= 1 && result.rootCopies <= 3, `root sent ${result.rootCopies} copies`)
    assert.ok(Number.isFinite(result.makespan) && result.makespan >= result.lowerBound)
    assert.ok(result.ratio < 2, `makespan / T* ${result.ratio}`)
    // cut-through: each level starts long before the one above has the whole package
    for (let level = 1; level < result.levels.length; level++) {
      assert.ok(result.levels[level].firstChunk < result.levels[level].lastChunk / 2)
    }
  })

  it('rejects a hierarchy it cannot run, naming why', () => {
    const bad: Array<Partial<HierarchyInput>> = [
      { fanouts: [] },
      { fanouts: [3, 0], hostUploads: [MBIT, MBIT] },
      { fanouts: [3, 2.5], hostUploads: [MBIT, MBIT] },
      { fanouts: [3, 4], hostUploads: [MBIT] },
      { fanouts: [3], hostUploads: [0] },
      { fanouts: [3], hostUploads: [MBIT], stripes: 0 },
      { fanouts: [3], hostUploads: [MBIT], size: 0 }
    ]
    for (const change of bad) {
      const input = { ...hierarchy([3], [10]), ...change }
      assert.throws(() => simulateHierarchy(input), InvalidSimInputError, JSON.stringify(change))
      assert.throws(() => simulateHierarchyFull(input), InvalidSimInputError, JSON.stringify(change))
    }
  })

  describe('the engine fed over time', () => {
    const size = 8 * MIB
    const chunk = MIB
    const run = (feed?: Float64Array): number => {
      const topology = stripedFlows([starParents(1)], Float64Array.of(Infinity, Infinity), 'pipelined')
      const rates = { upload: Float64Array.of(MIB, 0), download: Float64Array.of(Infinity, Infinity) }
      return simulateStripedFlows(topology, rates, size, chunk, { feed }).completion[1]
    }

    it('a host fed everything at once is a host that held it', () => {
      assert.equal(run(new Float64Array(8)), run())
      assert.equal(run(), 8)
    })

    it('relays each chunk once it has it: fed slower than it sends, it finishes a chunk after its last one arrives', () => {
      const feed = Float64Array.from({ length: 8 }, (_, i) => 2 * (i + 1))
      assert.equal(run(feed), 17)
    })

    it('rejects a feed that does not match the package', () => {
      assert.throws(() => run(new Float64Array(3)), InvalidSimInputError)
    })
  })

  describe('npm run simulate -- --hierarchy', () => {
    const cli = (...args: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [SIMULATE, ...args], { encoding: 'utf8' })

    it('prints the figures, and JSON with --json', () => {
      const text = cli('--hierarchy', '2x3x20', '--host-caps', '1gbit,200mbit,100mbit')
      assert.equal(text.status, 0, String(text.stderr))
      for (const label of ['devices            120', 'max connections', 'root upload', 'makespan', 'T* (whole fleet)', 'makespan / T*', 'simulated chunk by chunk']) {
        assert.ok(String(text.stdout).includes(label), label)
      }
      const json = cli('--hierarchy', '2x3x20', '--full', '--json')
      assert.equal(json.status, 0, String(json.stderr))
      const parsed = JSON.parse(String(json.stdout))
      assert.equal(parsed.mode, 'full')
      assert.equal(parsed.devices, 120)
      assert.equal(parsed.levels.length, 3)
    })

    it('refuses bad input in one line, exit 1, nothing run', () => {
      for (const args of [['--hierarchy', '10x0x5'], ['--hierarchy', '2x3', '--host-caps', '1gbit,2gbit,3gbit'], ['--hierarchy', '2x3', '--nodes', '5'], ['--full']]) {
        const result = cli(...args)
        assert.equal(result.status, 1, args.join(' '))
        assert.equal(String(result.stdout), '')
        assert.match(String(result.stderr), /error/)
      }
    })
  })
})
