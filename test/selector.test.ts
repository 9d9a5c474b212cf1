import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { InvalidSelectorError, formatSelector, matches, parseSelector } from '../src/node/host/selector.js'
import type { SelectorMember } from '../src/node/host/selector.js'

async function newPeerId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

describe('selectors', function () {
  let a: SelectorMember
  let b: SelectorMember
  let c: SelectorMember

  before(async () => {
    a = { peerId: await newPeerId(), labels: { group: 'lab', region: 'eu', hw: 'v2' } }
    b = { peerId: await newPeerId(), labels: { group: 'lab', region: 'us', hw: 'v2' } }
    c = { peerId: await newPeerId(), labels: {} }
  })

  const pick = (text: string, inGroup?: (name: string, member: SelectorMember) => boolean): SelectorMember[] =>
    [a, b, c].filter(member => matches(member, parseSelector(text), inGroup))

  it('selects everyone with *', () => {
    assert.deepEqual(pick('*'), [a, b, c])
    assert.deepEqual(pick('  *  '), [a, b, c])
  })

  it('selects by one label, and by several (comma = AND)', () => {
    assert.deepEqual(pick('group=lab'), [a, b])
    assert.deepEqual(pick('region=eu,hw=v2'), [a])
    assert.deepEqual(pick(' region = us , hw=v2 '), [b])
    assert.deepEqual(pick('region=eu,hw=v1'), [])
    assert.deepEqual(pick('missing=x'), [])
  })

  it('keeps "=" inside a label value and matches an empty value', () => {
    const member = { peerId: a.peerId, labels: { opts: 'a=b', empty: '' } }
    assert.ok(matches(member, parseSelector('opts=a=b')))
    assert.ok(matches(member, parseSelector('empty=')))
    assert.ok(!matches(c, parseSelector('empty=')))
  })

  it('does not treat inherited properties as labels', () => {
    assert.ok(!matches(c, parseSelector('constructor=x')))
    assert.ok(!matches(c, parseSelector('toString=')))
  })

  it('selects one member by peer id', () => {
    assert.deepEqual(pick(b.peerId), [b])
    assert.deepEqual(pick(`${b.peerId},region=us`), [b])
    assert.deepEqual(pick(`${b.peerId},region=eu`), [])
  })

  it('selects a group\'s members with @name, and nobody without a group lookup', () => {
    const inLab = (name: string, member: SelectorMember): boolean => name === 'lab' && member.labels.group === 'lab'
    assert.deepEqual(pick('@lab', inLab), [a, b])
    assert.deepEqual(pick('@lab,region=eu', inLab), [a])
    assert.deepEqual(pick('@other', inLab), [])
    assert.deepEqual(pick('@lab'), [])
  })

  it('formats the canonical text', () => {
    assert.equal(formatSelector(parseSelector(' region = eu ,  @lab ')), 'region=eu,@lab')
    assert.equal(formatSelector(parseSelector('*')), '*')
    assert.equal(formatSelector(parseSelector(a.peerId)), a.peerId)
  })

  it('refuses invalid text with a clear InvalidSelectorError', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty selector/],
      ['   ', /empty selector/],
      ['group=lab,', /empty term/],
      [',group=lab', /empty term/],
      ['a=1,,b=2', /empty term/],
      ['*,group=lab', /cannot be combined/],
      ['=lab', /needs a key/],
      ['lab', /not a label \(key=value\), a group \(@name\) or a peer id/],
      ['12D3KooWnotreally', /not a label/],
      ['@', /group "" must be/],
      ['@bad name', /group "bad name" must be/],
      ['@-x', /must be/],
      ['region=eu,region=us', /appears twice/],
      ['a=\u0001', /printable/],
      ['a=é', /printable/],
      ['x'.repeat(1025), /at most 1024 characters/],
      [Array.from({ length: 65 }, (_, i) => `k${i}=v`).join(','), /at most 64 terms/],
      [`k=${'v'.repeat(257)}`, /at most 256 characters/]
    ]
    for (const [text, message] of cases) {
      assert.throws(() => parseSelector(text), (err: any) => {
        assert.equal(err.name, 'InvalidSelectorError', text)
        assert.ok(err instanceof InvalidSelectorError)
        assert.match(err.message, message, text)
        return true
      }, text)
    }
    assert.throws(() => parseSelector(42 as any), { name: 'InvalidSelectorError' })
  })
})
