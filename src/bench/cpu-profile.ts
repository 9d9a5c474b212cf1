import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The top self-time entries of a V8 CPU profile, as `node --cpu-prof` writes
 * it (a `.cpuprofile` JSON file: a call tree of nodes, and the node on top of
 * the stack at each sample with the µs since the previous one).
 */

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
}

export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface SelfTimeEntry {
  /** `function (file:line)`, or V8's `(garbage collector)`, `(program)`, `(idle)` */
  name: string
  selfMs: number
  /** of all time the process was not idle */
  share: number
}

/** Shortens a script URL to what identifies it: from `node_modules/` or `dist/` on, else the file name. */
export function shortUrl (url: string): string {
  const modules = url.lastIndexOf('node_modules/')
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length)
  const dist = url.indexOf('/dist/')
  if (dist >= 0) return url.slice(dist + '/dist/'.length)
  return url.slice(url.lastIndexOf('/') + 1)
}

/** Self time summed by function and file, most first; `(idle)` is left out of the shares and the list. */
export function topSelfTime (profile: CpuProfile, count = 10): { entries: SelfTimeEntry[], busyMs: number } {
  const frameOf = new Map(profile.nodes.map(node => [node.id, node.callFrame]))
  const selfUs = new Map<string, number>()
  // timeDeltas[i] is the time before sample i, so the time sample i stood for is the next delta
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = frameOf.get(profile.samples[i])
    if (frame == null) continue
    const url = frame.url === '' ? '' : ` (${shortUrl(frame.url)}:${frame.lineNumber + 1})`
    const name = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${url}`
    selfUs.set(name, (selfUs.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
  }
  selfUs.delete('(idle)')
  const busyUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0)
  const entries = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }))
  return { entries, busyMs: busyUs / 1000 }
}

/** The profile `node --cpu-prof --cpu-prof-dir DIR` wrote for process `pid` (its file name holds the pid). */
export async function readProfileOf (dir: string, pid: number): Promise<CpuProfile | undefined> {
  const name = (await readdir(dir)).find(file => file.endsWith('.cpuprofile') && file.split('.').includes(String(pid)))
  return name == null ? undefined : JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile
}
