import assert from 'node:assert/strict'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { generateKey } from '../src/node/identity.js'
import { NodeTrust, buildRoot, encodeMetadata, signMetadata } from '../src/node/trust/index.js'
import { TRUST_DIR } from '../src/node/trust/node-trust.js'
import { buildTimestamp } from '../src/node/trust/timestamp.js'
import { cleanup, tempDir } from './helpers.js'
import type { PrivateKey } from '@libp2p/interface'

const YEAR_MS = 365 * 24 * 3600_000

/** Timestamps that arrive together: as many saves at once as a busy node could make. */
const CONCURRENT_SAVES = 24

/** What a node keeps in `DATA/trust/` (src/node/trust/node-trust.ts), without processes. */
describe('a node\'s kept trust', function () {
  let dir: string
  let rootKey: PrivateKey
  let timestampKey: PrivateKey
  const id = (key: PrivateKey): string => peerIdFromPrivateKey(key).toString()

  before(async () => {
    dir = await tempDir()
    rootKey = await generateKey()
    timestampKey = await generateKey()
    const root = buildRoot({ version: 1, rootKeys: [id(rootKey)], rootThreshold: 1, publishers: [id(rootKey)], threshold: 1, timestampKeys: [id(timestampKey)], expires: new Date(Date.now() + YEAR_MS) })
    signMetadata(root, rootKey)
    await writeFile(join(dir, 'root.json'), encodeMetadata(root))
  })

  after(async () => { await cleanup(dir) })

  function timestamp (version: number, expires: number): Uint8Array {
    const metadata = buildTimestamp(version, new Date(expires))
    signMetadata(metadata, timestampKey)
    return encodeMetadata(metadata)
  }

  it('saves that overlap all land, one at a time, and the newest is what a restart reads', async () => {
    // a timestamp refresh and an offer's check used to save at once under one temporary name:
    // the second rename found the file gone (ENOENT) and the offer was refused
    const data = join(dir, 'node')
    const trust = await NodeTrust.open(data, join(dir, 'root.json'), 'v1')
    const base = Date.now() + YEAR_MS / 2
    await Promise.all(Array.from({ length: CONCURRENT_SAVES }, async (_, i) => { await trust.updateTimestamp(timestamp(i + 1, base + i * 1000)) }))
    assert.equal(trust.timestampExpires, base + (CONCURRENT_SAVES - 1) * 1000)
    const reopened = await NodeTrust.open(data, join(dir, 'root.json'), 'v1')
    assert.equal(reopened.timestampExpires, base + (CONCURRENT_SAVES - 1) * 1000, 'the last save is on disk')
    assert.deepEqual((await readdir(join(data, TRUST_DIR))).sort(), ['root.json', 'state.json'], 'no temporary file is left behind')
  })
})
