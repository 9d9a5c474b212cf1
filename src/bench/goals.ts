import type { ComparisonRow } from './comparison.js'

/**
 * The goals in docs/benchmarks.md ("Summary"), checked on one bench run's rows (ratios within the
 * run, never absolute times). A goal whose rows are missing is reported as
 * not checked, never as met.
 */

export interface GoalResult {
  goal: string
  met: boolean | undefined
  detail: string
}

/** A relaying node's peak RSS must stay at or below this while a 1 GiB package passes. */
export const RELAY_RSS_GOAL_BYTES = 150 * 1000 * 1000

const TREE_RATIO_GOAL = 1.3
const TREE_RATIO_AT = [16, 32]
const STAR_SPEEDUP_GOAL = 8
const STAR_SPEEDUP_AT = 32
const HOST_COPIES_SLACK = 0.5
/** The simulator must be within this of the measured makespan. */
export const SIM_ERROR_GOAL = 0.25

function find (rows: ComparisonRow[], nodes: number, strategy: string): ComparisonRow | undefined {
  return rows.find(row => row.nodes === nodes && row.strategy === strategy)
}

function fmt (value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value)
}

export function checkGoals (rows: ComparisonRow[]): GoalResult[] {
  const results: GoalResult[] = []
  const counts = [...new Set(rows.map(row => row.nodes))].sort((a, b) => a - b)

  for (const n of TREE_RATIO_AT) {
    const tree = find(rows, n, 'tree')
    results.push(tree == null
      ? { goal: `tree makespan ≤ ${TREE_RATIO_GOAL} × T* at N=${n}`, met: undefined, detail: 'not run' }
      : {
          goal: `tree makespan ≤ ${TREE_RATIO_GOAL} × T* at N=${n}`,
          met: tree.ratio <= TREE_RATIO_GOAL,
          detail: `${fmt(tree.ratio)} × T* (${tree.source}); ${tree.ratio <= TREE_RATIO_GOAL ? 'met' : `missed by ${fmt((tree.ratio / TREE_RATIO_GOAL - 1) * 100, 0)} %`}`
        })
  }

  const tree32 = find(rows, STAR_SPEEDUP_AT, 'tree')
  const star32 = find(rows, STAR_SPEEDUP_AT, 'star')
  const speedGoal = `tree ≥ ${STAR_SPEEDUP_GOAL}× faster than star at N=${STAR_SPEEDUP_AT}`
  if (tree32 == null || star32 == null) {
    results.push({ goal: speedGoal, met: undefined, detail: 'not run' })
  } else {
    const speedup = star32.makespanMs / tree32.makespanMs
    results.push({ goal: speedGoal, met: speedup >= STAR_SPEEDUP_GOAL, detail: `${fmt(speedup, 1)}× (star ${star32.source}, tree ${tree32.source})` })
  }

  for (const n of counts) {
    const tree = find(rows, n, 'tree')
    const saf = find(rows, n, 'binary-saf')
    if (tree == null || saf == null) continue
    const speedup = saf.makespanMs / tree.makespanMs
    results.push({ goal: `tree faster than binary store-and-forward at N=${n}`, met: speedup > 1, detail: `${fmt(speedup, 1)}× (binary-saf ${saf.source})` })
  }

  for (const n of counts) {
    const tree = find(rows, n, 'tree')
    if (tree == null) continue
    const limit = tree.hostChildren + HOST_COPIES_SLACK
    results.push({
      goal: `host bytes ≤ (host children + ${HOST_COPIES_SLACK}) × S at N=${n}`,
      met: tree.hostCopies <= limit,
      detail: `${fmt(tree.hostCopies)} × S with ${tree.hostChildren} children (limit ${fmt(limit, 1)})`
    })
  }

  for (const row of rows.filter(r => r.simError != null)) {
    results.push({
      goal: `simulator within ${SIM_ERROR_GOAL * 100} % of the real ${row.strategy} at N=${row.nodes}`,
      met: (row.simError as number) <= SIM_ERROR_GOAL,
      detail: `sim ${fmt((row.simSameTreeMs ?? NaN) / 1000)} s vs real ${fmt(row.makespanMs / 1000)} s: ${fmt((row.simError as number) * 100, 0)} % off`
    })
  }
  return results
}
