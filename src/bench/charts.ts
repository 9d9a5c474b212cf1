import { lineChart } from './svg.js'
import type { ComparisonRow } from './comparison.js'
import type { Series } from './svg.js'

/** The bench's two charts, from its rows. */

const COLORS: Record<string, string> = { tree: '#1b6ac9', 'tree-single': '#66a182', star: '#d1495b', 'binary-saf': '#edae49', bt: '#7a4fa3' }

function seriesName (row: ComparisonRow): string {
  const missing = row.completionsMs.filter(ms => !Number.isFinite(ms)).length
  return `${row.strategy} (${row.source}${missing > 0 ? `; ${missing} of ${row.nodes} nodes never got it` : ''})`
}

/** makespan / T* against N, one line per strategy; the simulator's figure for real runs dashed. */
export function ratioChart (rows: ComparisonRow[], title: string): string {
  const counts = [...new Set(rows.map(row => row.nodes))].sort((a, b) => a - b)
  const series: Series[] = []
  for (const strategy of [...new Set(rows.map(row => row.strategy))]) {
    const mine = rows.filter(row => row.strategy === strategy).sort((a, b) => a.nodes - b.nodes)
    series.push({ name: seriesName(mine[0]), color: COLORS[strategy], points: mine.map(row => [row.nodes, row.ratio]) })
    if (mine.some(row => row.simSameTreeMs != null)) {
      series.push({
        name: `${strategy} (simulated, same tree)`,
        color: COLORS[strategy],
        dashed: true,
        markers: false,
        points: mine.filter(row => row.simSameTreeMs != null).map(row => [row.nodes, (row.simSameTreeMs as number) / row.lowerBoundMs])
      })
    }
  }
  series.push({ name: 'T* (no schedule can beat it)', color: '#777', dashed: true, markers: false, points: counts.map(n => [n, 1]) })
  return lineChart({ title, xLabel: 'nodes N (log)', yLabel: 'makespan / T* (log)', series, logY: true, logX: true, xTicks: counts, yInclude: [1] })
}

/** Nodes holding the whole package over time, per strategy, at one N. */
export function timelineChart (rows: ComparisonRow[], nodes: number, title: string): string {
  const mine = rows.filter(row => row.nodes === nodes)
  const series: Series[] = mine.map(row => {
    const points: Array<[number, number]> = [[0, 0]]
    row.completionsMs.filter(Number.isFinite).forEach((ms, i) => { points.push([ms / 1000, i + 1]) })
    return { name: seriesName(row), color: COLORS[row.strategy], step: true, points }
  })
  const lowerBound = mine[0]?.lowerBoundMs ?? 0
  return lineChart({
    title,
    xLabel: 'seconds since the host started seeding',
    yLabel: 'nodes holding the package',
    series,
    rules: lowerBound > 0 ? [{ x: lowerBound / 1000, label: 'T*' }] : [],
    yInclude: [nodes]
  })
}
