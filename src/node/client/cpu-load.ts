/**
 * How busy the device's CPUs are, for `--relay-when-idle` (docs/install-policy.md:
 * relay in the device's idle time, so the user does not notice it).
 */
import { cpus, loadavg } from 'node:os'

/**
 * Below this load per CPU the device counts as idle: on average fewer than
 * half of its CPUs had work over the last minute. A judgement call, not a
 * standard; `--idle-load` changes it.
 */
export const DEFAULT_IDLE_LOAD = 0.5

/**
 * The 1-minute load average per CPU: 0 is idle, 1 is every CPU busy. It is
 * always 0 on Windows, where Node has no load average (so the device always
 * counts as idle there).
 */
export function cpuLoad (): number {
  return loadavg()[0] / Math.max(1, cpus().length)
}
