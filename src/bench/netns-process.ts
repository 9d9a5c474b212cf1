import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CascadeProcess } from '../harness/cascade-process.js'

/**
 * Starts `cascade …` processes inside a network namespace with the
 * harness's CascadeProcess (which spawns `process.execPath`): a small shell
 * wrapper stands in for node while the process is constructed and runs
 * `exec ip netns exec NS node …`. Both steps exec, so the pid the harness
 * holds (and stops, and reads /proc of) is the cascade process's own.
 */

const WRAPPER = `#!/bin/sh
# cascade bench: run node inside the network namespace named by CASCADE_BENCH_NETNS
exec ip netns exec "$CASCADE_BENCH_NETNS" "$CASCADE_BENCH_NODE" "$@"
`

/** Writes the wrapper into `dir`; returns its path. */
export async function writeNetnsWrapper (dir: string): Promise<string> {
  const path = join(dir, 'netns-node.sh')
  await writeFile(path, WRAPPER)
  await chmod(path, 0o755)
  return path
}

/**
 * A CascadeProcess running `args` in namespace `ns`, or directly when `ns`
 * is undefined. The constructor spawns synchronously, so swapping
 * `process.execPath` around it affects nothing else.
 */
export function spawnCascade (name: string, args: string[], where?: { ns: string, wrapper: string }, env: NodeJS.ProcessEnv = {}): CascadeProcess {
  if (where == null) {
    return new CascadeProcess(name, args, env)
  }
  const node = process.execPath
  process.execPath = where.wrapper
  try {
    return new CascadeProcess(name, args, { ...env, CASCADE_BENCH_NETNS: where.ns, CASCADE_BENCH_NODE: node })
  } finally {
    process.execPath = node
  }
}
