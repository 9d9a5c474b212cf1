import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { prepareRelease, addReleaseSignature } from '../src/node/admin/release.js'
import { generateKey } from '../src/node/identity.js'
import { HostTrust, TrustError, buildRoot, checkRootUpdate, checkSelfSigned, encodeMetadata, parseRoot, signMetadata, verifyRelease } from '../src/node/trust/index.js'
import { buildTimestamp } from '../src/node/trust/timestamp.js'
import { cleanup, tempDir } from './helpers.js'
import type { PrivateKey } from '@libp2p/interface'

const YEAR_MS = 365 * 24 * 3600_000

/** The TUF rules of src/node/trust/ without processes (test/trust.test.ts runs them end to end). */
describe('trust metadata', function () {
  let dir: string
  let keys: PrivateKey[]
  const id = (key: PrivateKey): string => peerIdFromPrivateKey(key).toString()

  before(async () => {
    dir = await tempDir()
    keys = await Promise.all([0, 1, 2, 3].map(async () => generateKey()))
    await writeFile(join(dir, 'app.bin'), 'payload '.repeat(100))
  })

  after(async () => { await cleanup(dir) })

  function root (version: number, rootKeys: PrivateKey[], rootThreshold: number, signers: PrivateKey[], timestampKeys: PrivateKey[] = []): ReturnType<typeof buildRoot> {
    const metadata = buildRoot({ version, rootKeys: rootKeys.map(id), rootThreshold, publishers: [id(keys[2]), id(keys[3])], threshold: 2, timestampKeys: timestampKeys.map(id), expires: new Date(Date.now() + YEAR_MS) })
    for (const signer of signers) signMetadata(metadata, signer)
    // through its JSON, as a node reads it
    return parseRoot(encodeMetadata(metadata))
  }

  it('a new root needs the old root\'s threshold and its own', () => {
    const v1 = root(1, [keys[0]], 1, [keys[0]])
    checkSelfSigned(v1)
    // rotated to key 1: signed by the new key only, the old root did not agree
    assert.throws(() => { checkRootUpdate(v1, root(2, [keys[1]], 1, [keys[1]])) }, /root version 2 is not signed by enough root keys of root version 1/)
    // signed by the old key only: the new root does not sign itself
    assert.throws(() => { checkRootUpdate(v1, root(2, [keys[1]], 1, [keys[0]])) }, /root version 2 is not signed by enough root keys of root version 2/)
    checkRootUpdate(v1, root(2, [keys[1]], 1, [keys[0], keys[1]]))
    assert.throws(() => { checkRootUpdate(v1, root(3, [keys[0]], 1, [keys[0]])) }, /does not follow the trusted version 1/)
  })

  it('a threshold above its keys is refused', () => {
    assert.throws(() => buildRoot({ version: 1, rootKeys: [id(keys[0])], rootThreshold: 2, publishers: [id(keys[2])], threshold: 1, timestampKeys: [], expires: new Date() }), TrustError)
  })

  it('a release counts only distinct publisher keys of the root, up to its threshold', async () => {
    const v1 = root(1, [keys[0]], 1, [keys[0]])
    const once = await prepareRelease(keys[2], { packagePath: join(dir, 'app.bin'), name: 'app', version: 'v2' })
    assert.throws(() => verifyRelease(v1, once), /signed by 1\/2 keys/)
    // a key the root does not name counts for nothing
    assert.throws(() => verifyRelease(v1, addReleaseSignature(once, keys[0])), /signed by 1\/2 keys/)
    const twice = addReleaseSignature(once, keys[3])
    assert.equal(verifyRelease(v1, twice).rollbackDeployment, undefined)
    const expired = await prepareRelease(keys[2], { packagePath: join(dir, 'app.bin'), name: 'app', version: 'v2', lifetimeMs: -1000 })
    assert.throws(() => verifyRelease(v1, addReleaseSignature(expired, keys[3])), /expired at/)
  })

  it('a site keeps a root from its parent only when it follows the newest kept, and passes down only timestamps the root\'s timestamp key signed', async () => {
    const v1 = root(1, [keys[0]], 1, [keys[0]], [keys[1]])
    await writeFile(join(dir, 'root1.json'), encodeMetadata(v1))
    const trust = await HostTrust.open({ dataDir: join(dir, 'site'), hostKey: keys[3], trustRoot: join(dir, 'root1.json'), timestampsFromParent: true })
    assert.ok(trust != null)
    // a root that skips a version, or that the kept root's keys did not sign: refused, nothing kept
    await assert.rejects(trust.adopt(root(3, [keys[0]], 1, [keys[0]], [keys[1]])), /does not follow the trusted version 1/)
    await assert.rejects(trust.adopt(root(2, [keys[2]], 1, [keys[2]], [keys[1]])), /root version 2 is not signed by enough root keys of root version 1/)
    assert.equal(trust.root.signed.version, 1)
    assert.equal(await trust.adopt(root(2, [keys[0]], 1, [keys[0]], [keys[1]])), true)
    assert.equal(await trust.adopt(v1), false)
    assert.equal(parseRoot(await readFile(trust.rootFile)).signed.version, 2)
    const stamp = (version: number, signer: PrivateKey): Uint8Array => {
      const timestamp = buildTimestamp(version, new Date(Date.now() + 60_000))
      signMetadata(timestamp, signer)
      return encodeMetadata(timestamp)
    }
    assert.throws(() => { trust.relayTimestamp(stamp(5, keys[3])) }, /timestamp version 5 is not signed by enough timestamp keys of root version 2/)
    trust.relayTimestamp(stamp(5, keys[1]))
    assert.throws(() => { trust.relayTimestamp(stamp(4, keys[1])) }, /older than version 5/)
  })
})
