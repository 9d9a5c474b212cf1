import assert from 'node:assert/strict'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { HostDatabase } from '../src/node/host/database.js'
import { RulesStore } from '../src/node/host/rules-store.js'
import {
  allowedUpdates, formatVersionRange, groupsOf, parseVersionRange, satisfies, selectMembers, selectTargets, validateGroup, validateRule
} from '../src/node/host/rules.js'
import { cleanup, tempDir } from './helpers.js'
import type { GroupDefinition, Policy, Rule } from '../src/node/host/rules.js'
import type { SelectorMember } from '../src/node/host/selector.js'

async function newPeerId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

function group (name: string, match: string, members: string[] = []): GroupDefinition {
  return { name, match, members, createdAt: 0, createdBy: '' }
}

let nextId = 1
function rule (fields: Partial<Rule> & { group: string }): Rule {
  return { id: nextId++, package: '', versions: '', channel: '', createdAt: 0, createdBy: '', ...fields }
}

describe('version ranges', function () {
  const cases: Array<[string, string[], string[]]> = [
    ['*', ['0.1', 'v1', '2.0.0-rc1', '99'], []],
    ['>=2.0.0', ['2.0.0', 'v2', '2.0.1', '10.0'], ['1.9.9', '2.0.0-rc1', 'v1']],
    ['>=2 <3', ['2', '2.9.9', 'v2.5'], ['1.9', '3', '3.0.0', '3.0.0-rc1', '2.0.0-rc1']],
    ['>= 2  < 3', ['2.1'], ['3.1']],
    ['>1.0 <=1.2', ['1.0.1', '1.2', '1.2.0'], ['1.0', '1.2.1']],
    ['<3.0.0-rc2', ['3.0.0-rc1', '2.9'], ['3.0.0-rc2', '3.0.0']],
    ['~1.4', ['1.4', '1.4.0', '1.4.9', 'v1.4.10'], ['1.3.9', '1.5', '1.5.0-rc1', '2.4']],
    ['~1.4.2', ['1.4.2', '1.4.3'], ['1.4.1', '1.5.0']],
    ['~1', ['1', '1.0.1', '1.9'], ['0.9', '2.0.0', '2.0.0-rc1']],
    ['2.1.0', ['2.1.0', '2.1', 'v2.1', '2.1.0+build7'], ['2.1.1', '2.1.0-rc1']],
    ['=v3', ['3', '3.0.0'], ['3.0.1']]
  ]
  for (const [range, inside, outside] of cases) {
    it(`"${range}"`, () => {
      const parsed = parseVersionRange(range)
      for (const version of inside) {
        assert.ok(satisfies(version, parsed), `${version} is in ${range}`)
      }
      for (const version of outside) {
        assert.ok(!satisfies(version, parsed), `${version} is not in ${range}`)
      }
    })
  }

  it('formats canonically', () => {
    assert.equal(formatVersionRange(parseVersionRange(' >= 2  <3 ')), '>=2 <3')
    assert.equal(formatVersionRange(parseVersionRange('=1.2')), '1.2')
    assert.equal(formatVersionRange(parseVersionRange('')), '*')
  })

  it('refuses what is not a range, with the reason', () => {
    const bad: Array<[string, RegExp]> = [
      ['>=', /needs a version/],
      ['>=2 *', /cannot be combined/],
      ['2.x', /no wildcards/],
      ['>=2 || <1', /not a version/],
      ['^1.2', /not a version/],
      ['>=-1', /not a version/],
      ['x'.repeat(300), /at most 256/]
    ]
    for (const [text, message] of bad) {
      assert.throws(() => parseVersionRange(text), (err: any) => err.name === 'InvalidVersionRangeError' && message.test(err.message), text)
    }
  })
})

describe('rules', function () {
  let lab: SelectorMember
  let eu: SelectorMember
  let loner: SelectorMember

  before(async () => {
    lab = { peerId: await newPeerId(), labels: { group: 'lab' } }
    eu = { peerId: await newPeerId(), labels: { region: 'eu' } }
    loner = { peerId: await newPeerId(), labels: {} }
  })

  it('allows everything when no rule exists', () => {
    const policy: Policy = { groups: [group('lab', 'group=lab')], rules: [] }
    const decision = allowedUpdates(loner, { name: 'app', version: '9' }, policy)
    assert.deepEqual(decision, { allowed: true, reason: 'no rules are defined: every update is allowed' })
  })

  it('admits by package name and version range, and refuses outside it with a reason', () => {
    const policy: Policy = {
      groups: [group('lab', 'group=lab'), group('eu', 'region=eu')],
      rules: [rule({ id: 1, group: 'lab', package: 'app', versions: '>=2 <3' }), rule({ id: 2, group: 'eu', package: '*', versions: '~1.4' })]
    }
    const ok = allowedUpdates(lab, { name: 'app', version: '2.5' }, policy)
    assert.equal(ok.allowed, true)
    assert.match(ok.reason, /rule #1 \(group lab: package app >=2 <3\)/)
    const tooNew = allowedUpdates(lab, { name: 'app', version: '3.0' }, policy)
    assert.equal(tooNew.allowed, false)
    assert.match(tooNew.reason, /no rule of group lab admits app 3.0/)
    assert.equal(allowedUpdates(lab, { name: 'other', version: '2.5' }, policy).allowed, false)
    assert.equal(allowedUpdates(eu, { name: 'anything', version: '1.4.7' }, policy).allowed, true)
    assert.equal(allowedUpdates(eu, { name: 'anything', version: '1.5' }, policy).allowed, false)
  })

  it('admits by channel', () => {
    const policy: Policy = { groups: [group('eu', 'region=eu')], rules: [rule({ id: 7, group: 'eu', channel: 'beta' })] }
    const ok = allowedUpdates(eu, { name: 'app', version: '5', channel: 'beta' }, policy)
    assert.deepEqual(ok, { allowed: true, reason: 'admitted by rule #7 (group eu: channel beta)' })
    const stable = allowedUpdates(eu, { name: 'app', version: '5', channel: 'stable' }, policy)
    assert.equal(stable.allowed, false)
    assert.match(stable.reason, /app 5 on channel stable/)
    assert.equal(allowedUpdates(eu, { name: 'app', version: '5' }, policy).allowed, false)
  })

  it('refuses a member in no group once rules exist, saying so', () => {
    const policy: Policy = { groups: [group('lab', 'group=lab')], rules: [rule({ group: 'lab', package: 'app', versions: '*' })] }
    const decision = allowedUpdates(loner, { name: 'app', version: '2' }, policy)
    assert.equal(decision.allowed, false)
    assert.equal(decision.reason, `${loner.peerId} is in no group, and only rules of groups admit updates`)
  })

  it('refuses a member whose groups have no rules', () => {
    const policy: Policy = { groups: [group('lab', 'group=lab'), group('eu', 'region=eu')], rules: [rule({ group: 'eu', channel: 'beta' })] }
    assert.match(allowedUpdates(lab, { name: 'app', version: '2' }, policy).reason, /no rule of group lab admits any update/)
  })

  it('resolves explicit members, group references and cycles', () => {
    const groups = [
      group('pinned', '', [loner.peerId]),
      group('lab', 'group=lab'),
      group('lab-or-pinned', '@lab'),
      group('loop-a', '@loop-b'),
      group('loop-b', '@loop-a')
    ]
    assert.deepEqual(groupsOf(loner, groups), ['pinned'])
    assert.deepEqual(groupsOf(lab, groups), ['lab', 'lab-or-pinned'])
    assert.deepEqual(groupsOf(eu, groups), [])
    assert.deepEqual(selectMembers([lab, eu, loner], '@pinned', groups), [loner])
    assert.deepEqual(selectMembers([lab, eu, loner], '*', groups), [lab, eu, loner])
  })

  it('selects a deployment\'s targets: the selector, then the rules, naming whom they excluded', () => {
    const policy: Policy = { groups: [group('lab', 'group=lab'), group('eu', 'region=eu')], rules: [rule({ id: 9, group: 'lab', package: 'app', versions: '>=2' })] }
    const all = selectTargets([lab, eu, loner], { update: { name: 'app', version: '2.1' } }, policy)
    assert.deepEqual(all.targets, [lab])
    assert.deepEqual(all.excluded.map(e => e.peerId), [eu.peerId, loner.peerId])
    assert.match(all.excluded[0].reason, /no rule of group eu admits any update/)
    const some = selectTargets([lab, eu, loner], { target: 'region=eu', update: { name: 'app', version: '2.1' } }, policy)
    assert.deepEqual(some, { targets: [], excluded: [{ peerId: eu.peerId, reason: some.excluded[0].reason }] })
    const open = selectTargets([lab, eu, loner], { target: '@eu', update: { name: 'app', version: '1' } }, { groups: policy.groups, rules: [] })
    assert.deepEqual(open, { targets: [eu], excluded: [] })
    assert.throws(() => selectTargets([lab], { target: 'lab', update: { name: 'app', version: '1' } }, policy), { name: 'InvalidSelectorError' })
    assert.throws(() => selectTargets([lab], { update: { name: 'app', version: '1', channel: 'no way' } }, policy), { name: 'InvalidRuleError' })
  })

  it('validates groups and rules before anything is stored', () => {
    assert.throws(() => validateGroup({ name: 'x' }), /either a label match .* or explicit members, not neither/)
    assert.throws(() => validateGroup({ name: 'x', match: 'a=b', members: [loner.peerId] }), /not both/)
    assert.throws(() => validateGroup({ name: 'x y', match: 'a=b' }), { name: 'InvalidGroupError', message: /group name "x y" must be/ })
    assert.throws(() => validateGroup({ name: 'x', match: 'a' }), { name: 'InvalidGroupError', message: /group x: "a" is not a label/ })
    assert.throws(() => validateGroup({ name: 'x', members: ['nope'] }), { name: 'InvalidGroupError', message: /"nope" is not a peer id/ })
    assert.deepEqual(validateGroup({ name: 'x', members: [loner.peerId, loner.peerId] }).members, [loner.peerId])
    assert.throws(() => validateRule({ group: 'g' }), { name: 'InvalidRuleError', message: /not neither/ })
    assert.throws(() => validateRule({ group: 'g', package: 'app', channel: 'beta' }), /not both/)
    assert.throws(() => validateRule({ group: 'g', channel: 'beta', versions: '>=1' }), /no version range/)
    assert.throws(() => validateRule({ group: 'g', package: 'app', versions: '2.x' }), /no wildcards/)
    assert.throws(() => validateRule({ group: 'g', package: 'a b' }), /package "a b"/)
    assert.throws(() => validateRule({ group: 'g', channel: 'be ta' }), /channel "be ta"/)
    assert.deepEqual(validateRule({ group: 'g', package: 'app' }), { group: 'g', package: 'app', versions: '*', channel: '' })
  })
})

describe('rules store', function () {
  let dir: string
  before(async () => { dir = await tempDir() })
  after(async () => { await cleanup(dir) })

  it('round-trips groups and rules through a SQLite file, refusing bad changes without changing anything', async () => {
    const file = join(dir, 'host.db')
    const admin = await newPeerId()
    const member = await newPeerId()
    let db = new HostDatabase(file)
    let store = new RulesStore(db.db)
    assert.deepEqual(store.policy(), { groups: [], rules: [] })

    const lab = store.addGroup({ name: 'lab', match: ' group = lab ' }, admin, 1000)
    assert.deepEqual(lab, { name: 'lab', match: 'group=lab', members: [], createdAt: 1000, createdBy: admin })
    store.addGroup({ name: 'pinned', members: [member] }, admin, 1001)
    store.addGroup({ name: 'lab-eu', match: '@lab,region=eu' }, admin, 1002)
    const r1 = store.addRule({ group: 'lab', package: 'app', versions: '>= 2 <3' }, admin, 1003)
    const r2 = store.addRule({ group: 'pinned', channel: 'beta' }, admin, 1004)
    assert.equal(r1.versions, '>=2 <3')
    assert.ok(r2.id > r1.id)

    const before = store.policy()
    assert.throws(() => store.addGroup({ name: 'lab', match: 'x=y' }), { name: 'GroupExistsError' })
    assert.throws(() => store.addGroup({ name: 'self', match: '@self' }), { name: 'UnknownGroupError', message: /refers to @self, which does not exist/ })
    assert.throws(() => store.addRule({ group: 'ghost', channel: 'beta' }), { name: 'UnknownGroupError', message: /no group ghost/ })
    assert.throws(() => store.addRule({ group: 'lab', package: 'app', versions: '>=2  <3' }), { name: 'DuplicateRuleError', message: `rule #${r1.id} already says that` })
    assert.throws(() => store.removeGroup('lab'), { name: 'GroupInUseError', message: new RegExp(`group lab has rules #${r1.id}`) })
    assert.throws(() => store.removeGroup('ghost'), { name: 'UnknownGroupError' })
    assert.throws(() => store.removeRule(9999), { name: 'UnknownRuleError', message: 'no rule #9999' })
    assert.throws(() => store.removeRule(-1), { name: 'UnknownRuleError' })
    assert.deepEqual(store.policy(), before)

    db.close()
    db = new HostDatabase(file)
    store = new RulesStore(db.db)
    const after = store.policy()
    assert.deepEqual(after, before)
    assert.deepEqual(after.groups.map(g => g.name), ['lab', 'lab-eu', 'pinned'])
    assert.deepEqual(after.groups.find(g => g.name === 'pinned')?.members, [member])
    assert.equal(allowedUpdates({ peerId: member, labels: {} }, { name: 'app', version: '7', channel: 'beta' }, after).allowed, true)
    assert.equal(allowedUpdates({ peerId: await newPeerId(), labels: { group: 'lab' } }, { name: 'app', version: '2.1' }, after).allowed, true)

    store.removeRule(r1.id)
    assert.throws(() => store.removeGroup('lab'), { name: 'GroupInUseError', message: /referred to \(@lab\) by the match of lab-eu/ })
    store.removeGroup('lab-eu')
    assert.equal(store.removeGroup('lab').name, 'lab')
    assert.deepEqual(store.listRules().map(r => r.id), [r2.id])
    assert.deepEqual(store.listGroups().map(g => g.name), ['pinned'])
    db.close()
  })
})
