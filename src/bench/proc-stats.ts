import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'

/**
 * Resource figures of a process, by pid, from Linux's /proc: peak and
 * current resident memory from /proc/<pid>/status, CPU time (user + system)
 * from /proc/<pid>/stat.
 */

export interface ProcStats {
  pid: number
  /** VmHWM: peak resident set size over the process's life, bytes */
  peakRssBytes: number
  /** VmRSS: resident set size now, bytes */
  rssBytes: number
  /** utime + stime, ms */
  cpuMs: number
}

let clockTicks: number | undefined

/** Clock ticks per second that /proc/<pid>/stat counts in (USER_HZ, 100 on Linux/x86). */
export function clockTicksPerSecond (): number {
  if (clockTicks == null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim())
    } catch {
      clockTicks = 100
    }
    if (!(clockTicks > 0)) clockTicks = 100
  }
  return clockTicks
}

/** `VmHWM:   123456 kB` → bytes. */
export function statusField (status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)
  return match == null ? 0 : Number(match[1]) * 1024
}

/** utime + stime in ticks from a /proc/<pid>/stat line (the command name may contain spaces and parentheses). */
export function cpuTicks (stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // after "pid (comm) ": state is field 3, so utime (14) and stime (15) sit at 11 and 12
  return Number(fields[11]) + Number(fields[12])
}

/** The figures of `pid` now; undefined if it is gone. */
export async function readProcStats (pid: number): Promise<ProcStats | undefined> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8')
    ])
    return {
      pid,
      peakRssBytes: statusField(status, 'VmHWM'),
      rssBytes: statusField(status, 'VmRSS'),
      cpuMs: cpuTicks(stat) * 1000 / clockTicksPerSecond()
    }
  } catch {
    return undefined
  }
}
