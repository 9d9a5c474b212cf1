import type { Plan, TreeNode } from './types.js'

/** One client of a plan, with its parent (null = host) and its hop count from the host. */
export interface FlatNode {
  id: string
  parent: string | null
  depth: number
}

/** Every client of the plan, breadth-first (nearest the host first). */
export function flatten (plan: Plan): FlatNode[] {
  const flat: FlatNode[] = []
  let level: Array<{ node: TreeNode, parent: string | null }> = plan.children.map(node => ({ node, parent: null }))
  let depth = 1
  while (level.length > 0) {
    const next: typeof level = []
    for (const { node, parent } of level) {
      flat.push({ id: node.id, parent, depth })
      for (const child of node.children) next.push({ node: child, parent: node.id })
    }
    level = next
    depth++
  }
  return flat
}

/** Ids strictly below `node`, breadth-first: the addressees it must reach. */
export function subtreeIds (node: TreeNode): string[] {
  const ids: string[] = []
  const queue = [...node.children]
  for (let i = 0; i < queue.length; i++) {
    ids.push(queue[i].id)
    for (const child of queue[i].children) queue.push(child)
  }
  return ids
}

/** The subtree rooted at `id`, or undefined if the plan does not contain it. */
export function findNode (plan: Plan, id: string): TreeNode | undefined {
  if (!plan.parentOf.has(id)) return undefined
  const queue = [...plan.children]
  for (let i = 0; i < queue.length; i++) {
    if (queue[i].id === id) return queue[i]
    for (const child of queue[i].children) queue.push(child)
  }
  return undefined
}
