import assert from 'node:assert/strict'
import { formatBytes, parseRate, parseSize } from '../src/node/units.js'
import { createUploadLimiter } from '../src/node/upload-limiter.js'

describe('units', () => {
  it('parses rates as people write them', () => {
    assert.equal(parseRate('2MiB/s'), 2 * 1024 * 1024)
    assert.equal(parseRate('16mbit'), 2_000_000)
    assert.equal(parseRate('40Mbps'), 5_000_000)
    assert.equal(parseRate('500KB/s'), 500_000)
    assert.equal(parseRate('1000'), 1000)
    assert.equal(parseRate('1.5 MiB/s'), 1.5 * 1024 * 1024)
  })

  it('refuses nonsense rates and sizes', () => {
    for (const bad of ['', 'fast', '-1MiB/s', '0', '2 parsecs', '1e9']) {
      assert.throws(() => parseRate(bad), { name: 'InvalidQuantityError' }, bad)
    }
    assert.throws(() => parseSize('12 apples'), { name: 'InvalidQuantityError' })
  })

  it('parses sizes', () => {
    assert.equal(parseSize('1GiB'), 1024 ** 3)
    assert.equal(parseSize('64MiB'), 64 * 1024 ** 2)
    assert.equal(parseSize('10MB'), 10_000_000)
    assert.equal(parseSize('4096'), 4096)
    assert.equal(formatBytes(1536), '1.50 KiB')
  })
})

describe('upload limiter', () => {
  it('holds a sender to its rate (behaviour, not a benchmark: generous bounds)', async () => {
    const rate = 1024 * 1024
    const limiter = createUploadLimiter(rate)
    const start = performance.now()
    for (let i = 0; i < 8; i++) {
      await limiter.take(64 * 1024)
    }
    // 512 KiB at 1 MiB/s with a 64 KiB burst: at least ~0.4 s
    assert.ok(performance.now() - start >= 380)
  })

  it('is a no-op without a rate', async () => {
    const limiter = createUploadLimiter()
    assert.equal(limiter.rate, undefined)
    await limiter.take(1e12)
  })
})
