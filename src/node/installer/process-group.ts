/**
 * Signals to a whole process group, addressed by the id of the detached
 * child that leads it: the app's shell and everything it started, and
 * nothing else (never a process found by name).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/** How often to look whether a group still has members while waiting for it to end. */
const GROUP_POLL_MS = 25

/** Linux process table: `/proc/<pid>/stat` gives each process's state and group. */
const PROC_DIR = '/proc'

/** Sends `signal` to every process in group `pgid`; false when the group is gone. */
export function signalGroup (pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (err: any) {
    if (err.code === 'ESRCH') {
      return false
    }
    throw err
  }
}

/**
 * True while a process of group `pgid` is running. Zombies do not count: an
 * orphan that exited stays a zombie until init reaps it, which some minimal
 * inits (containers, VMs) do only every few seconds.
 */
export function groupIsRunning (pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
  } catch (err: any) {
    // EPERM: a member exists that we may not signal
    return err.code === 'EPERM'
  }
  return process.platform !== 'linux' || groupHasLiveMemberInProc(pgid)
}

/** Resolves true once group `pgid` has stopped, false if it still runs after `timeoutMs`. */
export async function waitForGroupExit (pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (groupIsRunning(pgid)) {
    if (Date.now() >= deadline) {
      return false
    }
    await sleep(GROUP_POLL_MS)
  }
  return true
}

/** True if the state of any process in group `pgid` is not zombie (Z) or dead (X). */
function groupHasLiveMemberInProc (pgid: number): boolean {
  let pids: string[]
  try {
    pids = readdirSync(PROC_DIR).filter((name) => /^\d+$/.test(name))
  } catch {
    return true
  }
  for (const pid of pids) {
    const stat = processStat(pid)
    if (stat != null && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') {
      return true
    }
  }
  return false
}

/** State and process group from `/proc/<pid>/stat`, or null for a process that is gone. */
export function processStat (pid: number | string): { state: string, pgrp: number } | null {
  let line: string
  try {
    line = readFileSync(`${PROC_DIR}/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ')
  return { state: fields[0], pgrp: Number(fields[2]) }
}

/** How a group ended when stopped: by SIGTERM, by SIGKILL, or not at all (unreaped zombies). */
export type GroupStop = 'terminated' | 'killed' | 'stuck'

/**
 * Stops group `pgid`: SIGTERM, then SIGKILL when it still runs after
 * `timeoutMs`, then waits `killWaitMs` for it to go.
 */
export async function stopGroup (pgid: number, timeoutMs: number, killWaitMs: number): Promise<GroupStop> {
  if (!signalGroup(pgid, 'SIGTERM') || await waitForGroupExit(pgid, timeoutMs)) {
    return 'terminated'
  }
  signalGroup(pgid, 'SIGKILL')
  return await waitForGroupExit(pgid, killWaitMs) ? 'killed' : 'stuck'
}
