/**
 * Many `cascade node`s in one process, for load tests and large meshes
 * where a process per node would exhaust the machine:
 *
 *   node dist/src/harness/node-swarm.js --host MA --dir DIR --count N [--first I] [--seed-release DIR] [--join-token T]
 *
 * Prints `swarm ready <count>` once every node has started, `joined <i>` per
 * join, and stops every node on SIGTERM/SIGINT.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createNode } from '../node/client/index.js'
import type { CascadeNode } from '../node/client/index.js'

/** Nodes started at once: each start opens a listener and dials the host. */
const START_BATCH = 25

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    dir: { type: 'string' },
    count: { type: 'string' },
    first: { type: 'string', default: '0' },
    'seed-release': { type: 'string' },
    'join-token': { type: 'string' },
    'upload-limit': { type: 'string' }
  }
})
if (values.host == null || values.dir == null || values.count == null) {
  process.stderr.write('usage: node-swarm --host MA --dir DIR --count N [--first I] [--seed-release DIR] [--upload-limit BYTES_PER_S]\n')
  process.exit(2)
}
const count = Number(values.count)
const first = Number(values.first)
const nodes: CascadeNode[] = []
let stopping = false

async function stopAll (): Promise<void> {
  stopping = true
  for (let i = 0; i < nodes.length; i += 50) {
    await Promise.allSettled(nodes.slice(i, i + 50).map(async node => node.stop()))
  }
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => { void stopAll().then(() => process.exit(0)) })
}

for (let batch = 0; batch < count && !stopping; batch += START_BATCH) {
  await Promise.all(Array.from({ length: Math.min(START_BATCH, count - batch) }, async (_, offset) => {
    const index = first + batch + offset
    const node = createNode({
      dataDir: join(values.dir as string, `node-${index}`),
      host: values.host as string,
      joinToken: values['join-token'],
      seedRelease: values['seed-release'] == null ? undefined : { version: 'v1', dir: values['seed-release'] },
      uploadLimit: values['upload-limit'] == null ? undefined : Number(values['upload-limit'])
    })
    node.on('joined', () => { process.stdout.write(`joined ${index}\n`) })
    await node.start()
    nodes.push(node)
  }))
}
process.stdout.write(`swarm ready ${nodes.length}\n`)
