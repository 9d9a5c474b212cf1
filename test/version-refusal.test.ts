import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { PublishRefusedError, publish } from '../src/node/admin/publish.js'
import { createNode } from '../src/node/client/index.js'
import { createHost } from '../src/node/host/index.js'
import { generateKey, saveKey } from '../src/node/identity.js'
import { cleanup, tempDir, waitFor } from './helpers.js'
import type { CascadeHost } from '../src/node/host/index.js'
import type { CascadeNode } from '../src/node/client/index.js'

/**
 * The CLI refuses `--version banana` before sending anything; the host
 * refuses it too, for any other publisher (docs/versions.md).
 */
describe('the host refuses a release whose version is not a version', function () {
  let dir: string
  let host: CascadeHost
  let node: CascadeNode

  before(async () => {
    dir = await tempDir()
    const key = await generateKey()
    await saveKey(join(dir, 'admin.key'), key)
    await writeFile(join(dir, 'app.bin'), 'payload')
    host = createHost({ dataDir: join(dir, 'host'), admins: [peerIdFromPrivateKey(key).toString()], openEnrollment: true })
    await host.start()
    node = createNode({ dataDir: join(dir, 'node'), host: host.multiaddrs()[0] })
    await node.start()
    await waitFor(() => host.members().some(member => member.online), 10_000, 'the node joined')
  })

  after(async () => {
    await node?.stop()
    await host?.stop()
    await cleanup(dir)
  })

  it('with the reason, and starts nothing', async () => {
    const refused = await publish({ host: host.multiaddrs()[0], keyFile: join(dir, 'admin.key'), packagePath: join(dir, 'app.bin'), version: 'banana' }).catch(err => err)
    assert.ok(refused instanceof PublishRefusedError, String(refused))
    assert.match(refused.message, /"banana" is not a version/)
    assert.equal(host.deployment, undefined)
  })
})
