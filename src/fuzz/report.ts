/**
 * The human-readable summary of a fuzz run: inputs per target and how they
 * ended (refusals by error name), notes, the decode-amplification table,
 * peak RSS, duration, and every failure with enough to replay it.
 */
import { formatAmplification } from './amplification.js'
import type { FuzzReport } from './runner.js'

const MiB = 1024 ** 2

function mib (bytes: number): string {
  return `${(bytes / MiB).toFixed(0)} MiB`
}

function outcomes (map: Map<string, number> | undefined, limit = 12): string {
  if (map == null) {
    return ''
  }
  const sorted = [...map.entries()].sort((a, b) => b[1] - a[1])
  const shown = sorted.slice(0, limit).map(([name, count]) => `${name} ${count}`)
  if (sorted.length > limit) {
    shown.push(`… ${sorted.length - limit} more`)
  }
  return shown.join(', ')
}

export function formatReport (report: FuzzReport): string {
  const { stats } = report
  const lines: string[] = []
  lines.push(`cascade fuzz: seed ${report.seed}, ${stats.totalInputs} inputs in ${(report.durationMs / 1000).toFixed(1)} s, peak RSS ${mib(report.peakRss)} (start ${mib(report.startRss)}, bound ${mib(report.maxRss)})`)
  lines.push('')

  const decoders = [...stats.inputs.entries()].filter(([name]) => name.startsWith('decode '))
  if (decoders.length > 0) {
    const total = decoders.reduce((sum, [, n]) => sum + n, 0)
    const refusals = new Map<string, number>()
    for (const [name] of decoders) {
      for (const [outcome, count] of stats.outcomes.get(name) ?? []) {
        refusals.set(outcome, (refusals.get(outcome) ?? 0) + count)
      }
    }
    lines.push(`decoders: ${total} inputs over ${decoders.length} message types (${outcomes(refusals)})`)
    lines.push(`  ${decoders.map(([name, n]) => `${name.slice('decode '.length)} ${n}`).join(', ')}`)
    if (report.codecsWithoutSamples.length > 0) {
      lines.push(`  random bytes only (no valid samples to mutate): ${report.codecsWithoutSamples.join(', ')}`)
    }
  }
  for (const [name, count] of stats.inputs) {
    if (name.startsWith('decode ')) {
      continue
    }
    lines.push(`${name}: ${count} inputs (${outcomes(stats.outcomes.get(name))})`)
  }
  const hostRefusals = stats.outcomes.get('live host refusals')
  if (hostRefusals != null) {
    lines.push(`live host refusals (reasons from the host's 'refused' events): ${outcomes(hostRefusals, 20)}`)
  }
  if (stats.notes.size > 0) {
    lines.push('')
    lines.push('notes:')
    for (const [target, notes] of stats.notes) {
      lines.push(`  ${target}: ${outcomes(notes, 20)}`)
    }
  }
  if (report.amplification.length > 0) {
    lines.push('')
    lines.push('decode amplification (repeated empty entries, projected to each frame bound):')
    for (const a of [...report.amplification].sort((x, y) => y.projectedBytes - x.projectedBytes)) {
      lines.push(`  ${formatAmplification(a)}`)
    }
  }
  lines.push('')
  lines.push(`target times: ${[...report.targetMs.entries()].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}`)
  lines.push(`uncaught exceptions: ${report.uncaught}, unhandled rejections: ${report.unhandled}`)
  if (stats.failureCount === 0) {
    lines.push('PASS: no crash, hang, broken invariant, liveness loss or memory past the bound')
  } else {
    lines.push(`FAIL: ${stats.failureCount} failures${stats.failureCount > stats.failures.length ? ` (first ${stats.failures.length} shown)` : ''}`)
    for (const failure of stats.failures) {
      lines.push(`  [${failure.kind}] ${failure.target}${failure.iteration != null ? ` #${failure.iteration}` : ''}: ${failure.message}`)
      if (failure.input != null) {
        lines.push(`      input ${failure.input}`)
      }
    }
  }
  return lines.join('\n')
}
