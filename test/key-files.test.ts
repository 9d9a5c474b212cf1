import assert from 'node:assert/strict'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { KeyFileExistsError, generateKey, loadKey, saveKey, saveNewKey } from '../src/node/identity.js'
import { JOIN_TOKEN_FILE, loadOrCreateJoinToken } from '../src/node/host/enrollment.js'
import { cleanup, tempDir } from './helpers.js'

/** As many writers of one file at once as a test can make in one process. */
const CONCURRENT_WRITERS = 8

const id = (key: Awaited<ReturnType<typeof generateKey>>): string => peerIdFromPrivateKey(key).toString()

/** Keys and the join token on disk (src/node/identity.ts, src/node/host/enrollment.ts), without processes. */
describe('key and token files', function () {
  let dir: string
  let umask: number

  beforeEach(async () => {
    dir = await tempDir()
    // a permissive umask: the files must still be 0600
    umask = process.umask(0)
  })

  afterEach(async () => {
    process.umask(umask)
    await cleanup(dir)
  })

  it('saves a key as 0600, replaces it whole, and leaves no staging file', async () => {
    const path = join(dir, 'sub', 'admin.key')
    const first = await generateKey()
    await saveKey(path, first)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    const keys = await Promise.all(Array.from({ length: CONCURRENT_WRITERS }, async () => await generateKey()))
    await Promise.all(keys.map(async key => { await saveKey(path, key) }))
    const kept = id(await loadKey(path))
    assert.ok(keys.some(key => id(key) === kept), 'the file holds one of the keys saved, whole')
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.deepEqual(await readdir(join(dir, 'sub')), ['admin.key'])
  })

  it('makes a new key file once: of writers at once, one wins and the others are told the file exists', async () => {
    const path = join(dir, 'identity.key')
    const keys = await Promise.all(Array.from({ length: CONCURRENT_WRITERS }, async () => await generateKey()))
    const results = await Promise.allSettled(keys.map(async key => { await saveNewKey(path, key) }))
    const won = results.flatMap((r, i) => r.status === 'fulfilled' ? [keys[i]] : [])
    assert.equal(won.length, 1, `one writer wins: ${results.map(r => r.status === 'rejected' ? String(r.reason) : 'ok').join('; ')}`)
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof KeyFileExistsError, String(r.reason))
    }
    assert.equal(id(await loadKey(path)), id(won[0]))
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.deepEqual(await readdir(dir), ['identity.key'])
  })

  it('makes the join token once, as 0600, and reads the same token back', async () => {
    const token = await loadOrCreateJoinToken(dir)
    assert.match(token, /^[0-9a-f]{32}$/)
    assert.equal(await loadOrCreateJoinToken(dir), token)
    assert.equal((await stat(join(dir, JOIN_TOKEN_FILE))).mode & 0o777, 0o600)
    assert.deepEqual(await readdir(dir), [JOIN_TOKEN_FILE])
  })
})
