import assert from 'node:assert/strict'
import { cpuAt, msPerMib } from '../src/bench/cpu.js'
import { shortUrl, topSelfTime } from '../src/bench/cpu-profile.js'
import type { CpuProfile } from '../src/bench/cpu-profile.js'

describe('bench --cpu', () => {
  it('sums self time by function and file, idle left out', () => {
    const frame = (functionName: string, url = ''): CpuProfile['nodes'][number]['callFrame'] => ({ functionName, url, lineNumber: 9 })
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('update', 'node:internal/crypto/hash') },
        { id: 3, callFrame: frame('(idle)') },
        { id: 4, callFrame: frame('update', 'node:internal/crypto/hash') },
        { id: 5, callFrame: frame('', 'file:///x/node_modules/yamux/dist/src/a.js') }
      ],
      // the time a sample stands for is the next delta
      samples: [2, 3, 4, 5, 2],
      timeDeltas: [0, 1000, 5000, 2000, 1000]
    }
    const { entries, busyMs } = topSelfTime(profile, 2)
    assert.equal(busyMs, 4)
    assert.deepEqual(entries.map(e => [e.name, e.selfMs]), [['update (hash:10)', 3], ['(anonymous) (yamux/dist/src/a.js:10)', 1]])
    assert.equal(entries[0].share, 0.75)
    assert.equal(shortUrl('file:///w/dist/src/node/package/hash.js'), 'src/node/package/hash.js')
  })

  it('reads CPU time at a window\'s edges from the samples around them, and takes the median per MiB', () => {
    const samples = [{ at: 100, cpuMs: [10] }, { at: 150, cpuMs: [20] }, { at: 200, cpuMs: [35] }]
    assert.equal(cpuAt(samples, 0, 160, 'before'), 20)
    assert.equal(cpuAt(samples, 0, 160, 'after'), 35)
    assert.equal(cpuAt(samples, 0, 50, 'before'), 10)
    assert.equal(cpuAt(samples, 0, 500, 'after'), 35)
    const run = (ms: number): { figures: Array<{ role: 'relay', cpuMs: number, mib: number }>, wallMs: number } => ({ wallMs: 1, figures: [{ role: 'relay', cpuMs: ms, mib: 2 }] })
    assert.equal(msPerMib([run(10), run(30), run(20)], 'relay'), 10)
  })
})
