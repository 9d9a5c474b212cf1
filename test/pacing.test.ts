import assert from 'node:assert/strict'
import { PACE_SHARE, paceFor, pacedLimiter } from '../src/node/flow/pacing.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'

describe('pacing (src/node/flow/pacing.ts)', () => {
  it('paces a measured uplink at its share, and not at all when nothing was measured', () => {
    assert.equal(paceFor({ uploadBps: 1_000_000 }), Math.round(1_000_000 * PACE_SHARE))
    assert.equal(paceFor({ uploadBps: 0 }), undefined)
    assert.equal(paceFor({ uploadBps: Number.NaN }), undefined)
  })

  it('leaves a sender whose own cap was what the probe measured to that cap', () => {
    assert.equal(paceFor({ uploadBps: 980_000, uploadLimit: 1_000_000 }), undefined)
    // a cap far above what the link delivered: the link was measured, pace it
    assert.equal(paceFor({ uploadBps: 400_000, uploadLimit: 1_000_000 }), Math.round(400_000 * PACE_SHARE))
  })

  it('a paced limiter holds a sender to the pace, and a lower cap wins', async () => {
    const base = createUploadLimiter()
    assert.equal(pacedLimiter(base, undefined), base)
    const capped = createUploadLimiter(100_000)
    assert.equal(pacedLimiter(capped, 200_000), capped, 'a cap below the pace is the pace')
    const paced = pacedLimiter(base, 1_000_000)
    assert.equal(paced.rate, 1_000_000)
    const started = performance.now()
    for (let i = 0; i < 10; i++) await paced.take(64 * 1024)
    const seconds = (performance.now() - started) / 1000
    // 640 KiB at 1 MB/s, less the 64 KiB burst: about 0.59 s
    assert.ok(seconds > 0.5 && seconds < 2, `took ${seconds.toFixed(2)} s`)
  })
})
