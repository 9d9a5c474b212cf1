import { formatTable } from './table.js'
import { msPerMib } from './cpu.js'
import type { CpuReport, CpuRole } from './cpu.js'

/** The tables `npm run bench -- --cpu` prints: CPU ms per MiB by role, Cascade against the bare stack, and the profiles. */
export function formatCpuReport (report: CpuReport): string {
  const roles: Array<[CpuRole, string]> = [
    ['host', 'host / source (per MiB sent)'],
    ['relay', 'relay (per MiB received + sent)'],
    ['leaf', 'leaf / sink (per MiB received)']
  ]
  const rows = roles.map(([role, label]) => {
    const cascade = msPerMib(report.cascade, role)
    const bare = msPerMib(report.bare, role)
    return [label, cascade.toFixed(2), bare.toFixed(2), (cascade / bare).toFixed(2)]
  })
  const runs = `median of ${report.cascade.length} runs; CPU = utime + stime, ms per MiB`
  const table = formatTable(['process', 'Cascade', 'bare libp2p', 'ratio'], rows, 1)
  const profiles = report.profiles.map(p => [
    `${p.stack === 'cascade' ? 'Cascade' : 'bare libp2p'} relay, whole process life: ${(p.busyMs / 1000).toFixed(2)} s busy; top self time:`,
    formatTable(['function (file:line)', 'self', 'share'], p.top.map(e => [e.name, `${e.selfMs.toFixed(0)} ms`, `${(e.share * 100).toFixed(1)} %`]), 1)
  ].join('\n'))
  return [runs, table, ...profiles].join('\n\n')
}
