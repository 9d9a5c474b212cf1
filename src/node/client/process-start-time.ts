/**
 * When a process started, as Linux records it: with its pid, it names one
 * process for good (a pid alone may be reused after that process ends).
 */
import { readFileSync } from 'node:fs'

/** Field 22 of `/proc/<pid>/stat`: start time in clock ticks after boot. */
const STAT_START_TIME_FIELD = 22

/** Fields of `/proc/<pid>/stat` before the first one after `(comm)`. */
const STAT_FIELDS_BEFORE_STATE = 2

/** The start time of `pid`, or undefined where there is no `/proc` or no such process. */
export function processStartTime (pid: number): string | undefined {
  let line: string
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // "pid (comm) state …": comm may contain spaces and parentheses
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ')
  return fields[STAT_START_TIME_FIELD - STAT_FIELDS_BEFORE_STATE - 1]
}

/** One process for good: its pid, and its start time where Linux tells it. */
export interface ProcessRecord {
  pid: number
  startTime?: string
}

/** `PID [START_TIME]`, as a pid file holds it (src/node/pid-lock.ts, src/node/installer/app-pid-file.ts). */
export function formatProcessRecord (pid: number): string {
  const startTime = processStartTime(pid)
  return `${pid}${startTime == null ? '' : ` ${startTime}`}\n`
}

/** Reads `PID [START_TIME]`; anything else (an empty file a crash left) is undefined. */
export function parseProcessRecord (text: string): ProcessRecord | undefined {
  const match = /^\s*(\d+)(?:\s+(\d+))?\s*$/.exec(text)
  return match == null ? undefined : { pid: Number(match[1]), startTime: match[2] }
}
