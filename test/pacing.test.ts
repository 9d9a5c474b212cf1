import assert from 'node:assert/strict'
import { paceFor, pacedLimiter } from '../src/node/flow/pacing.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'

describe('pacing (src/node/flow/pacing.ts)', () => {
  it('paces a measured uplink at the share asked for; not at all without a share or a measurement', () => {
    assert.equal(paceFor({ uploadBps: 1_000_000 }, 0.95), 950_000)
    assert.equal(paceFor({ uploadBps: 1_000_000 }, undefined), undefined)
    assert.equal(paceFor({ uploadBps: 0 }, 0.95), undefined)
    assert.equal(paceFor({ uploadBps: Number.NaN }, 0.95), undefined)
  })

  it('leaves a sender whose own cap was what the probe measured to that cap', () => {
    assert.equal(paceFor({ uploadBps: 980_000, uploadLimit: 1_000_000 }, 0.95), undefined)
    // a cap far above what the link delivered: the link was measured, pace it
    assert.equal(paceFor({ uploadBps: 400_000, uploadLimit: 1_000_000 }, 0.95), 380_000)
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
