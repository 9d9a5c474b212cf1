import type { PlanPeer, TreeNode } from './types.js'

/** What a plan's numbers are derived from: the host's children and everyone's rates. */
export interface TreeShape {
  hostUpload: number
  hostChildren: TreeNode[]
  peersById: Map<string, PlanPeer>
}

export interface TreeMetrics {
  streamRate: number
  depth: number
}

/**
 * Stream rate and depth of a tree as built: the stream rate is the least,
 * over interior nodes, of upload / children (and download, for clients: a
 * relay cannot forward faster than it receives). Iterative, so a chain of
 * 100,000 does not overflow the stack.
 */
export function measureTree ({ hostUpload, hostChildren, peersById }: TreeShape): TreeMetrics {
  if (hostChildren.length === 0) return { streamRate: hostUpload, depth: 0 }
  let streamRate = hostUpload / hostChildren.length
  const depth = forEachNode(hostChildren, node => {
    if (node.children.length === 0) return
    const peer = peersById.get(node.id)
    const upload = peer?.upload ?? 0
    const download = peer?.download ?? Infinity
    streamRate = Math.min(streamRate, upload / node.children.length, download)
  })
  return { streamRate, depth }
}

/** Visits a tree breadth-first; returns its depth. */
export function forEachNode (hostChildren: TreeNode[], visit: (node: TreeNode) => void): number {
  let depth = 0
  let level = hostChildren
  while (level.length > 0) {
    depth++
    const next: TreeNode[] = []
    for (const node of level) {
      visit(node)
      for (const child of node.children) next.push(child)
    }
    level = next
  }
  return depth
}

/** parentOf for a tree, breadth-first (so iteration visits the host's children first). */
export function parentsOf (hostChildren: TreeNode[]): Map<string, string | null> {
  const parentOf = new Map<string, string | null>()
  for (const child of hostChildren) parentOf.set(child.id, null)
  let level = hostChildren
  while (level.length > 0) {
    const next: TreeNode[] = []
    for (const node of level) {
      for (const child of node.children) {
        parentOf.set(child.id, node.id)
        next.push(child)
      }
    }
    level = next
  }
  return parentOf
}
