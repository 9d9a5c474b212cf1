/**
 * The code base's structure rules that a reviewer would otherwise check by
 * hand (the project's DEVELOPERS guide):
 * - a node or deployment state is spelt out only in src/state/: everywhere
 *   else it is `NodeState.x` / `DeploymentState.x`, so a renamed or added
 *   state is one edit, and the compiler finds every use;
 * - no hand-written source file is over MAX_LINES lines.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { DEPLOYMENT_STATES, NODE_STATES } from '../src/state/index.js'
import { stringLiterals } from './string-literals.js'

/** The DEVELOPERS guide's cap on a hand-written source file. */
const MAX_LINES = 450

/** The checkout: dist/test/ at run time, test/ in the source tree. */
const ROOT = join(import.meta.dirname, '..', '..')

/**
 * Where a state's word stands for something else, with the reason: keyed by
 * a path under src/ and the word, so the exception covers that word in that
 * file only. An entry that no longer matches anything fails the test too.
 */
const OTHER_MEANINGS: ReadonlyMap<string, string> = new Map([
  ['node/installer/index.ts:rolled-back', "an install's outcome (InstallOutcome.status): the old release runs again"],
  ['node/installer/index.ts:failed', "an install's outcome (InstallOutcome.status): nothing to roll back to"],
  ['node/installer/installer.ts:rolled-back', 'builds an InstallOutcome (its status is type-checked against node/installer/index.ts)'],
  ['node/installer/installer.ts:failed', 'builds an InstallOutcome (its status is type-checked against node/installer/index.ts)'],
  ['node/client/installer-flow.ts:rolled-back', "reads an InstallOutcome's status, then reports NodeState.rolledBack"],
  ['node/client/incoming-deployment.ts:verified', "an event's name (IncomingDeploymentEvents), emitted when the package is verified"],
  ['node/client/client.ts:verified', "listens for IncomingDeployment's 'verified' event"],
  ['node/client/install-gate.ts:deferred', "an event's name (a clearance request emits it while the install waits)"],
  ['node/client/installer-flow.ts:deferred', "listens for the clearance request's 'deferred' event, then reports NodeState.deferred"],
  ['node/host/admin-service.ts:paused', "the past tense of a control action, in the admin's answer"],
  ['node/host/admin-service.ts:cancelled', "the past tense of a control action, in the admin's answer"],
  ['node/host/deployment/deployment.ts:cancelled', "a StopReason kind (src/state/deployment-state.ts), type-checked against it"]
])

/** Generated protobuf code: src/protocols/<name>/<name>.ts. */
function isGenerated (path: string): boolean {
  const parts = path.split(sep)
  return parts.length === 4 && parts[0] === 'src' && parts[1] === 'protocols' && parts[3] === `${parts[2]}.ts`
}

function tsFiles (dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.ts'))
    .map(name => join(dir, name))
    .sort()
}

/** Every string literal (and template without substitutions) in `path` equal to one of `words`, as `file:line` and the word. */
function literalsIn (path: string, words: ReadonlySet<string>): Array<{ where: string, word: string }> {
  return stringLiterals(readFileSync(join(ROOT, path), 'utf8'))
    // an import's module specifier is a path, not a value
    .filter(literal => words.has(literal.text) && literal.after !== 'from' && literal.after !== 'import')
    .map(literal => ({ where: `${path}:${literal.line}`, word: literal.text }))
}

describe('structure', () => {
  it('states are written as NodeState / DeploymentState outside src/state/, never as bare strings', () => {
    const words = new Set<string>([...NODE_STATES, ...DEPLOYMENT_STATES])
    const files = tsFiles('src').filter(path => !path.startsWith(join('src', 'state') + sep) && !isGenerated(path))
    assert.ok(files.length > 100, `only ${files.length} files found under src/`)
    const found = files.flatMap(path => literalsIn(path, words))
      .map(({ where, word }) => ({ where, word, key: `${relative('src', where.slice(0, where.lastIndexOf(':')))}:${word}` }))
    const bare = found.filter(({ key }) => !OTHER_MEANINGS.has(key)).map(({ where, word }) => `${where} '${word}'`)
    assert.deepEqual(bare, [], `state names spelt out as bare strings (use NodeState / DeploymentState from src/state/, or add the file to OTHER_MEANINGS with a reason):\n${bare.join('\n')}`)
    const stale = [...OTHER_MEANINGS.keys()].filter(key => !found.some(literal => literal.key === key))
    assert.deepEqual(stale, [], 'OTHER_MEANINGS entries that match nothing (remove them)')
  })

  it(`no hand-written source file is over ${MAX_LINES} lines`, () => {
    const files = ['src', 'test', 'scripts'].flatMap(tsFiles).filter(path => !isGenerated(path))
    const long = files
      .map(path => ({ path, lines: readFileSync(join(ROOT, path), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ path, lines }) => `${path}: ${lines} lines`)
    assert.deepEqual(long, [], `files over ${MAX_LINES} lines (split them by concept):\n${long.join('\n')}`)
  })
})
