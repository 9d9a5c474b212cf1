import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { defaultPackageName } from '../src/node/package/index.js'
import { PLAIN_PROGRESS_INTERVAL_MS, PublishView, formatPlan } from '../src/cli/publish-view.js'
import { buildProgram, commandNamed } from '../src/cli/program.js'
import { InvalidVersionTextError, compareVersions, isVersion, parseVersion } from '../src/node/package/version.js'

describe('which command a command line names', () => {
  it('is the first word after the program\'s own options, when it is a command', () => {
    assert.equal(commandNamed(['node', 'cascade', 'publish', '--host', '/ip4/1.2.3.4/tcp/1', 'pkg.tar.gz']), 'publish')
    assert.equal(commandNamed(['node', 'cascade', '-h', 'status', '--json']), 'status')
    assert.equal(commandNamed(['node', 'cascade', 'member', 'remove', 'PEER']), 'member')
  })

  it('is none for a bare `cascade`, `--help`, `help …` or a word that is no command: every command is loaded then', async () => {
    for (const argv of [[], ['--help'], ['-V'], ['help', 'publish'], ['pubilsh'], ['constructor']]) {
      assert.equal(commandNamed(['node', 'cascade', ...argv]), undefined, argv.join(' '))
    }
    const all = (await buildProgram(['node', 'cascade', '--help'])).commands.map(c => c.name())
    assert.deepEqual(all, ['host', 'node', 'status', 'publish', 'group', 'rule', 'deployments', 'deployment', 'audit', 'admin', 'member', 'demo', 'keygen', 'trust', 'release', 'sign'])
    const one = (await buildProgram(['node', 'cascade', 'status', '--json'])).commands.map(c => c.name())
    assert.deepEqual(one, ['status'])
  })
})

describe('what a version is', () => {
  it('accepts numbers separated by dots, after an optional v, with a pre-release and build', () => {
    for (const version of ['v1', 'V2', '2', '1.10.0', '2024.01.15', '2.0.0-rc1', '2.0.0-rc.1', '1.4.7+build.7', 'v3-beta+exp.sha.5114f85']) {
      assert.ok(isVersion(version), version)
      assert.equal(parseVersion(version), version)
    }
  })

  it('refuses what does not order as a version', () => {
    for (const text of ['banana', '', 'v', 'x1', '1..2', '.1', '1.', '1.0-', '1.0+', '1.0/../x', 'v1 ', ' 1', '1'.repeat(65), 'rc1', 'latest']) {
      assert.equal(isVersion(text), false, text)
      assert.throws(() => parseVersion(text), InvalidVersionTextError)
    }
  })

  it('every valid version orders after the pre-releases of itself and before the next release', () => {
    assert.ok(compareVersions(parseVersion('2.0.0-rc1'), parseVersion('v2')) < 0)
    assert.ok(compareVersions(parseVersion('v2'), parseVersion('2.0.1')) < 0)
  })
})

describe('the default package name', () => {
  it('is the file name up to its first dot, without a trailing version', () => {
    assert.equal(defaultPackageName('/tmp/app-v2.tar.gz'), 'app')
    assert.equal(defaultPackageName('app-2.1.0.tar.gz'), 'app')
    assert.equal(defaultPackageName('app_v3.bin'), 'app')
    assert.equal(defaultPackageName('my-app-v2-rc1.tgz'), 'my-app')
    assert.equal(defaultPackageName('app.bin'), 'app')
    assert.equal(defaultPackageName('firmware-2024-01-15.img'), 'firmware')
    assert.equal(defaultPackageName('v2.tar.gz'), 'v2')
    assert.equal(defaultPackageName('my app.bin'), 'my-app')
  })
})

class Sink extends Writable {
  text = ''
  isTTY = false
  override _write (chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

describe('publish view', () => {
  const plan: any = {
    nodes: [{ peerId: '12D3KooWAAAAAAAAAAAAAAA', parent: '', stripeParents: [], rank: 0, uploadBps: 1024, depth: 1 }],
    stripes: 1, streamRate: 1024, depth: 1, hostUploadBps: 2048, lowerBoundMs: 1000
  }

  it('explains stream rate and T* under the plan', () => {
    assert.match(formatPlan(plan), /\(stream rate: .*; T\*: .*lower bound\)/)
  })

  it('names a split stripe-child\'s helper beside its parents, and says what a helper is', () => {
    const striped: any = {
      ...plan,
      stripes: 2,
      nodes: [
        { peerId: '12D3KooWAAAAAAAAAAAAAAA', parent: '', stripeParents: ['', '12D3KooWBBBBBBBBBBBBBBB'], stripeHelpers: [], rank: 0, uploadBps: 1024, depth: 1 },
        { peerId: '12D3KooWBBBBBBBBBBBBBBB', parent: '12D3KooWAAAAAAAAAAAAAAA', stripeParents: ['12D3KooWAAAAAAAAAAAAAAA', ''], stripeHelpers: ['12D3KooWCCCCCCCCCCCCCCC', ''], rank: 1, uploadBps: 512, depth: 2 }
      ]
    }
    const text = formatPlan(striped)
    assert.match(text, /BBBBBBBB .*← …AAAAAAAA \| host {2}\+ …CCCCCCCC in tree 1\n/)
    assert.doesNotMatch(text.split('\n')[1], /\+/, 'no helper, nothing added')
    assert.match(text, /\+ a helper: a member with upload to spare/)
    assert.doesNotMatch(formatPlan(plan), /a helper/)
  })

  it('prints a plain progress line every few seconds when not on a terminal', () => {
    const out = new Sink()
    const view = new PublishView(out as any)
    const realNow = Date.now
    let now = realNow()
    Date.now = () => now
    try {
      view.handle({ type: 'upload', bytes: 4096, total: 4096 })
      view.handle({ type: 'plan', plan })
      const progress = (bytes: number): void => {
        view.handle({ type: 'progress', progress: { peerId: plan.nodes[0].peerId, state: 'receiving', reason: '', bytesReceived: bytes, bytesSent: 0 } as any })
      }
      progress(1024)
      progress(2048)
      assert.doesNotMatch(out.text, /all nodes/)
      now += PLAIN_PROGRESS_INTERVAL_MS
      progress(3072)
      assert.match(out.text, /all nodes 75% \(3\.00 KiB of 4\.00 KiB received\), 0\/1 done/)
    } finally {
      Date.now = realNow
    }
  })
})
