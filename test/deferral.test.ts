import assert from 'node:assert/strict'
import { access, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CascadeProcess } from '../src/harness/cascade-process.js'
import { cleanup, tempDir } from './helpers.js'
import { randomPackage, sha256File, startFleet } from './fleet.js'
import type { Fleet } from './fleet.js'

/** `cascade publish --json`, left running so its progress can be watched. */
function startPublish (fleet: Fleet, packagePath: string, version: string): CascadeProcess {
  return new CascadeProcess('publish', ['publish', '--host', fleet.hostAddr, '--key', fleet.keyFile, '--version', version, '--json', packagePath])
}

function progressLines (publisher: CascadeProcess, state: string): any[] {
  return publisher.lines.filter(line => line.startsWith('{')).map(line => JSON.parse(line)).filter(event => event.event === 'progress' && event.state === state)
}

async function exists (path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}

function hhmm (date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`
}

describe('deferred installs, end to end with real processes', function () {
  this.timeout(60_000)
  let work: string
  let fleet: Fleet | undefined
  let publisher: CascadeProcess | undefined

  beforeEach(async () => { work = await tempDir('cascade-deferral-') })
  afterEach(async () => {
    await publisher?.stop()
    await fleet?.stop()
    await cleanup(work)
    publisher = undefined
    fleet = undefined
  })

  it('waits while the app is in use, tells the user, and installs as soon as it is free', async () => {
    const marker = join(work, 'busy')
    const notices = join(work, 'notices')
    await writeFile(marker, '')
    fleet = await startFleet({
      nodes: [{
        extra: ['--busy-check', `test ! -f '${marker}'`, '--busy-retry', '300',
          '--notify', `printf '%s|%s\\n' "$CASCADE_VERSION" "$CASCADE_NOTICE" >> '${notices}'`]
      }]
    })
    const node = fleet.nodes[0]
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 256 * 1024)
    publisher = startPublish(fleet, pkg.path, 'v2')

    const [line] = await publisher.waitForLine(/^{"event":"progress".*"state":"deferred".*}$/, 30_000)
    const deferred = JSON.parse(line)
    assert.equal(deferred.peerId, node.peerId)
    assert.equal(deferred.reason, 'in use')
    // the host shows it too, in status
    const member = (await fleet.status()).members.find(m => m.peerId === node.peerId)
    assert.deepEqual([member?.deploymentState, member?.deploymentReason], ['deferred', 'in use'])

    // while the app is in use: the node keeps its package, keeps reporting, and does not switch
    await sleep(2_500)
    assert.equal(await exists(join(node.dataDir, 'current', 'app-v2.bin')), false, 'not installed while in use')
    assert.equal(await readFile(join(node.dataDir, 'current', 'VERSION'), 'utf8'), 'v1\n')
    assert.ok(progressLines(publisher, 'deferred').length >= 2, 'the node re-reports while deferred')
    assert.equal(publisher.running, true)
    assert.equal(await readFile(notices, 'utf8'), 'v2|update v2 is ready; it will install when the app is no longer in use\n')
    assert.ok(node.process.lines.some(l => /\[node\] update v2 is ready; it will install when the app is no longer in use$/.test(l)))

    await rm(marker)
    const { code } = await publisher.exited
    const summary = publisher.lines.filter(l => l.startsWith('{')).map(l => JSON.parse(l)).find(e => e.event === 'summary')
    assert.equal(code, 0, publisher.lines.join('\n'))
    assert.equal(summary.success, true)
    assert.equal(summary.nodes[0].state, 'done')
    assert.equal(await sha256File(join(node.dataDir, 'current', 'app-v2.bin')), pkg.sha256)
  })

  it('gives the install up when the app stays in use past --defer-deadline', async () => {
    const marker = join(work, 'busy')
    await writeFile(marker, '')
    fleet = await startFleet({ nodes: [{ extra: ['--busy-check', `test ! -f '${marker}'`, '--busy-retry', '300', '--defer-deadline', '1000'] }] })
    const node = fleet.nodes[0]
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 256 * 1024)
    publisher = startPublish(fleet, pkg.path, 'v2')
    const { code } = await publisher.exited
    assert.equal(code, 1)
    assert.ok(progressLines(publisher, 'deferred').length >= 1)
    const summary = publisher.lines.filter(l => l.startsWith('{')).map(l => JSON.parse(l)).find(e => e.event === 'summary')
    assert.equal(summary.success, false)
    assert.deepEqual([summary.nodes[0].state, summary.nodes[0].reason], ['failed', 'in use past the deadline'])
    assert.equal(await exists(join(node.dataDir, 'current', 'app-v2.bin')), false)
    assert.equal(await readFile(join(node.dataDir, 'current', 'VERSION'), 'utf8'), 'v1\n')
  })

  it('outside its install window the node reports deferred (window) and does not switch', async () => {
    // a one-hour window starting two hours from now never holds the current time
    const now = Date.now()
    const window = `${hhmm(new Date(now + 2 * 3600_000))}-${hhmm(new Date(now + 3 * 3600_000))}`
    fleet = await startFleet({ nodes: [{ extra: ['--install-window', window] }] })
    const node = fleet.nodes[0]
    const pkg = await randomPackage(fleet.dir, 'app-v2.bin', 256 * 1024)
    publisher = startPublish(fleet, pkg.path, 'v2')

    const [line] = await publisher.waitForLine(/^{"event":"progress".*"state":"deferred".*}$/, 30_000)
    const deferred = JSON.parse(line)
    assert.equal(deferred.peerId, node.peerId)
    assert.equal(deferred.reason, 'window')
    await node.process.waitForLine(new RegExp(`\\[node\\] update v2 is ready; it will install when the install window ${window} opens$`), 5_000)

    await sleep(1_000)
    assert.equal(await exists(join(node.dataDir, 'current', 'app-v2.bin')), false)
    assert.equal(await readFile(join(node.dataDir, 'current', 'VERSION'), 'utf8'), 'v1\n')
    assert.equal(progressLines(publisher, 'installing').length, 0)
    assert.equal(publisher.running, true, 'the deployment waits for the window')

    // the window opens in two hours: stop watching here
    process.kill(publisher.pid, 'SIGTERM')
    await publisher.exited
  })
})
