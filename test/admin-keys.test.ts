import assert from 'node:assert/strict'
import { join } from 'node:path'
import { runCascade, startHostProcess } from '../src/harness/cascade-process.js'
import { adminKey, cleanup, tempDir } from './helpers.js'
import type { CascadeProcess } from '../src/harness/cascade-process.js'

const LOCAL = '/ip4/127.0.0.1/tcp/0'

/** One line on stderr and exit code 1: a refusal. */
function assertRefused (result: { code: number | null, stderr: string }, reason: RegExp): void {
  assert.equal(result.code, 1, result.stderr)
  assert.match(result.stderr, reason)
}

describe('admins and status access on a real host process', function () {
  this.timeout(60_000)
  let dir: string
  let host: CascadeProcess | undefined
  let a: string
  let b: string
  let keyA: string
  let keyB: string

  before(async () => {
    dir = await tempDir('cascade-admins-')
    keyA = join(dir, 'a.key')
    keyB = join(dir, 'b.key')
    ;[a, b] = await Promise.all([adminKey(keyA), adminKey(keyB)])
  })

  afterEach(async () => {
    await host?.stop()
    host = undefined
  })

  after(async () => { await cleanup(dir) })

  async function start (...args: string[]): Promise<string> {
    const started = await startHostProcess(['--data', join(dir, 'host'), '--listen', LOCAL, ...args])
    host = started.process
    return started.addr
  }

  describe('admin keys kept by the host (cascade admin add|remove|list)', function () {
    it('keeps --admin across a restart without it; admins add and remove admins, audited', async () => {
      let addr = await start('--admin', a)
      let asA = await runCascade(['rule', 'list', '--host', addr, '--key', keyA])
      assert.equal(asA.code, 0, asA.stderr)
      await host?.stop()

      // restarted WITHOUT --admin: A is still an admin
      addr = await start()
      asA = await runCascade(['rule', 'list', '--host', addr, '--key', keyA])
      assert.equal(asA.code, 0, asA.stderr)
      assertRefused(await runCascade(['rule', 'list', '--host', addr, '--key', keyB]), /is not an authorized admin/)

      const added = await runCascade(['admin', 'add', b, '--host', addr, '--key', keyA])
      assert.equal(added.code, 0, added.stderr)
      assert.equal(added.stdout.trim(), `admin ${b} added`)
      const asB = await runCascade(['rule', 'list', '--host', addr, '--key', keyB])
      assert.equal(asB.code, 0, asB.stderr)
      const list = await runCascade(['admin', 'list', '--json', '--host', addr, '--key', keyB])
      assert.equal(list.code, 0, list.stderr)
      assert.deepEqual(JSON.parse(list.stdout).map((admin: any) => [admin.peerId, admin.addedBy]), [[a, 'host (--admin)'], [b, a]])

      const removed = await runCascade(['admin', 'remove', b, '--host', addr, '--key', keyA])
      assert.equal(removed.code, 0, removed.stderr)
      assertRefused(await runCascade(['rule', 'list', '--host', addr, '--key', keyB]), /is not an authorized admin/)
      assertRefused(await runCascade(['admin', 'add', a, '--host', addr, '--key', keyB]), /is not an authorized admin/)

      // the last admin stays; a malformed or unknown peer id changes nothing
      assertRefused(await runCascade(['admin', 'remove', a, '--host', addr, '--key', keyA]), /is the last admin: removing it would lock every admin out/)
      assertRefused(await runCascade(['admin', 'add', 'banana', '--host', addr, '--key', keyA]), /"banana" is not a peer id/)
      assertRefused(await runCascade(['admin', 'remove', b, '--host', addr, '--key', keyA]), new RegExp(`${b} is not an admin`))

      const audit = await runCascade(['audit', '--json', '--host', addr, '--key', keyA])
      assert.equal(audit.code, 0, audit.stderr)
      assert.deepEqual(JSON.parse(audit.stdout).map((e: any) => [e.action, e.actor, e.detail]), [['admin-add', a, b], ['admin-remove', a, b]])
      const after = await runCascade(['admin', 'list', '--json', '--host', addr, '--key', keyA])
      assert.deepEqual(JSON.parse(after.stdout).map((admin: any) => admin.peerId), [a])
    })

    it('refuses a malformed --admin at start, with one line', async () => {
      const result = await runCascade(['host', '--data', join(dir, 'bad-admin'), '--listen', LOCAL, '--admin', 'not-a-peer-id'])
      assertRefused(result, /--admin <peer-id>.*"not-a-peer-id" is not a peer id/)
    })
  })

  describe('who may read status (cascade host --status-access)', function () {
    it('by default answers an admin only; a keyless status gets one line saying how', async () => {
      const started = await startHostProcess(['--data', join(dir, 'default'), '--listen', LOCAL, '--admin', a])
      host = started.process
      const keyless = await runCascade(['status', '--host', started.addr])
      assertRefused(keyless, /^cascade: the host shows status to admins only: give --key FILE \(an admin key\), or start the host with --status-access anyone\n$/)
      assert.equal(keyless.stdout, '')
      assertRefused(await runCascade(['status', '--host', started.addr, '--key', keyB]), /the host shows status to admins only: peer \S+ is not an authorized admin/)
      const asAdmin = await runCascade(['status', '--json', '--host', started.addr, '--key', keyA])
      assert.equal(asAdmin.code, 0, asAdmin.stderr)
      assert.equal(JSON.parse(asAdmin.stdout).host.peerId, started.peerId)
    })

    it('with --status-access anyone answers a keyless status', async () => {
      const started = await startHostProcess(['--data', join(dir, 'anyone'), '--listen', LOCAL, '--status-access', 'anyone'])
      host = started.process
      const keyless = await runCascade(['status', '--json', '--host', started.addr])
      assert.equal(keyless.code, 0, keyless.stderr)
      assert.deepEqual(JSON.parse(keyless.stdout).members, [])
    })

    it('with --open-enrollment answers a keyless status, unless --status-access admins is given', async () => {
      const open = await startHostProcess(['--data', join(dir, 'open'), '--listen', LOCAL, '--open-enrollment'])
      host = open.process
      const keyless = await runCascade(['status', '--json', '--host', open.addr])
      assert.equal(keyless.code, 0, keyless.stderr)
      await host.stop()
      const closed = await startHostProcess(['--data', join(dir, 'open-admins'), '--listen', LOCAL, '--open-enrollment', '--status-access', 'admins', '--admin', a])
      host = closed.process
      assertRefused(await runCascade(['status', '--host', closed.addr]), /the host shows status to admins only/)
    })

    it('refuses a bad --status-access at start, with one line', async () => {
      const result = await runCascade(['host', '--data', join(dir, 'bad'), '--listen', LOCAL, '--status-access', 'everyone'])
      assertRefused(result, /--status-access <who>.*'everyone' is invalid\. Allowed choices are admins, anyone/)
    })
  })
})
