/**
 * A short, deterministic run of the fuzzer (`npm run fuzz` runs the same
 * library with a budget of 100,000 inputs): a fixed seed and a small budget
 * over every target (decoders, validators, live handlers over real streams),
 * failing on any crash, hang, unhandled rejection, broken invariant, loss of
 * liveness or RSS past the bound, except bugs already reported (KNOWN_BUGS,
 * each with a failing repro below or in test/hostile-frames-*.test.ts).
 */
import assert from 'node:assert/strict'
import { formatReport, runFuzz } from '../src/fuzz/index.js'
import { findRepeatedPaths, measure, MAX_DECODED_BYTES_PER_FRAME } from '../src/fuzz/amplification.js'
import { FRAME_BOUNDS, loadCodecs } from '../src/fuzz/codecs.js'
import { validateJoinRequest } from '../src/node/host/membership.js'
import { JoinRequest } from '../src/protocols/join/index.js'
import { multiaddr } from '@multiformats/multiaddr'
import type { Failure } from '../src/fuzz/index.js'
import type { MessageCodec } from '../src/fuzz/codecs.js'

const SEED = 20_250_501

/**
 * Reported, not yet fixed: the run tolerates these so that it guards against
 * new failures. Remove an entry (and un-skip its repro) once it is fixed.
 */
const KNOWN_BUGS: ReadonlyArray<{ pattern: RegExp, repro: string }> = []

function unexpected (failures: Failure[]): Failure[] {
  return failures.filter(failure => !KNOWN_BUGS.some(known => known.pattern.test(failure.message)))
}

describe('fuzz', function () {
  let codecs: MessageCodec[]

  before(async () => {
    codecs = await loadCodecs()
  })

  it('a small fixed-seed run over every target finds nothing new', async function () {
    this.timeout(60_000)
    const report = await runFuzz({
      iterations: 5_000,
      seconds: 25,
      seed: SEED,
      targets: ['decoders', 'validate-join', 'validate-addressees', 'validate-manifest', 'validate-statement', 'validate-archive', 'live']
    })
    const fresh = unexpected(report.stats.failures)
    assert.equal(fresh.length, 0, formatReport(report))
    assert.equal(report.uncaught + report.unhandled, 0, formatReport(report))
    assert.ok(report.stats.totalInputs >= 4_500, `ran ${report.stats.totalInputs} inputs`)
    assert.ok(report.peakRss < report.maxRss, `peak RSS ${report.peakRss}`)
    // every protocol's live handler was reached, and the daemon was checked along the way
    for (const name of ['join → host', 'status → host', 'publish → host', 'push → victim node', 'push → member node', 'probe → member node']) {
      assert.ok((report.stats.inputs.get(`live ${name}`) ?? 0) > 0, `no live ${name} sessions`)
    }
    assert.ok((report.stats.outcomes.get('live liveness')?.get('alive') ?? 0) >= 2, 'liveness checked')
  })

  it('is deterministic: the same seed gives the same in-process inputs and outcomes', async () => {
    const outcomes = async (): Promise<string> => {
      const report = await runFuzz({ iterations: 3_000, seed: SEED, targets: ['decoders', 'validate-addressees'] })
      return JSON.stringify([...report.stats.outcomes.entries()].map(([target, map]) => [target, [...map.entries()]]))
    }
    assert.equal(await outcomes(), await outcomes())
  })

  it('finds every protocol\'s message types, and the repeated fields of each frame', () => {
    const names = codecs.map(codec => codec.name)
    for (const name of ['join/JoinRequest', 'join/NodeMessage', 'status/StatusRequest', 'publish/PublishRequest', 'push/PushFrame', 'probe/ProbeRequest', 'manifest/SignedManifest']) {
      assert.ok(names.includes(name), `${name} discovered`)
    }
    const pushFrame = codecs.find(codec => codec.name === 'push/PushFrame')
    assert.ok(pushFrame != null)
    const paths = findRepeatedPaths(pushFrame).map(path => path.path)
    assert.deepEqual(paths.sort(), ['push/PushFrame.offer.subtree[]', 'push/PushFrame.offer.subtree[].addrs[]'])
  })

  // BUG (severe, see also hostile-frames): a PushFrame is read from any peer with a 24 MiB bound,
  // and its repeated fields have no decode limit: 2-byte empty entries become whole objects or
  // Uint8Array views (~55-115 heap bytes per wire byte), so one frame within the bound costs
  // 1.3-2.7 GB and seconds of blocked event loop. Fix: `[(protons.options).limit = …]` on
  // PushOffer.subtree (MAX_ADDRESSEES) and Addressee.addrs (16) in push.proto, plus a smaller bound
  // for the first frame of a push (an offer: ≤ 1 MiB manifest + the list).
  it('a push frame within its bound decodes into bounded memory', () => {
    const pushFrame = codecs.find(codec => codec.name === 'push/PushFrame')
    assert.ok(pushFrame != null)
    for (const path of findRepeatedPaths(pushFrame)) {
      const result = measure(path, 256 * 1024, FRAME_BOUNDS['push/PushFrame'])
      assert.ok(result.refusedWith != null || result.projectedBytes < MAX_DECODED_BYTES_PER_FRAME,
        `${path.path}: a ${FRAME_BOUNDS['push/PushFrame']} byte frame would take ~${(result.projectedBytes / 1024 ** 2).toFixed(0)} MiB`)
    }
  })

  // BUG (minor): validateJoinRequest collects labels into a plain object, so a label keyed
  // "__proto__" hits the prototype setter (a string value is ignored): the join is accepted and the
  // label silently lost. Fix: Object.create(null) or a Map for labels (or refuse such keys).
  it('validateJoinRequest keeps every label it accepts, and refuses keys that would reach the prototype', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      assert.throws(() => validateJoinRequest({ ...JoinRequest.decode(new Uint8Array(0)), labels: [{ key, value: 'x' }] }), { name: 'InvalidJoinRequestError' })
    }
    const details = validateJoinRequest({ ...JoinRequest.decode(new Uint8Array(0)), labels: [{ key: 'proto', value: 'x' }, { key: 'a', value: '' }] })
    assert.deepEqual(Object.entries(details.labels), [['proto', 'x'], ['a', '']])
  })

  // A fixed bug, kept as a regression test (see also test/hostile-frames-publish.test.ts): bytes
  // that decode to a multiaddr whose text form does not parse back were accepted as listen
  // addresses; the host stored the text and later failed to turn it back into bytes when it
  // planned a deployment.
  it('validateJoinRequest refuses listen addresses whose text form does not parse back', () => {
    const shapes = [
      Uint8Array.from([0x36, 9, ...new TextEncoder().encode('evil/name')]), // /dns4/evil/name
      Uint8Array.from([0xbd, 0x03, 0x05, ...new TextEncoder().encode('/../x')]) // /onion3/…
    ]
    for (const bytes of shapes) {
      let accepted: string[] | undefined
      try {
        accepted = validateJoinRequest({ ...JoinRequest.decode(new Uint8Array(0)), listenAddrs: [bytes as Uint8Array<ArrayBuffer>] }).addrs
      } catch {
        continue
      }
      assert.doesNotThrow(() => multiaddr(accepted[0]), `accepted ${accepted[0]}`)
    }
  })
})
