import { forEachNode, parentsOf } from '../src/tree/structure.js'
import type { StripedPlan, TreeNode } from '../src/tree/index.js'

/** A tree node drawn by hand, with its children. */
export const node = (id: string, ...children: TreeNode[]): TreeNode => ({ id, children })

/** A striped plan drawn by hand: each stripe's rate and the host's children. */
export function drawn (maxFanout: number, ...stripes: Array<{ rate: number, roots: TreeNode[] }>): StripedPlan {
  const trees = stripes.map(({ rate, roots }) => ({
    order: [], children: roots, streamRate: rate, depth: forEachNode(roots, () => {}), parentOf: parentsOf(roots), maxFanout, hostMaxFanout: maxFanout, degraded: false
  }))
  return { order: [...trees[0].parentOf.keys()], stripes: trees, streamRate: stripes.reduce((sum, { rate }) => sum + rate, 0), depth: Math.max(...trees.map(tree => tree.depth)), degraded: false }
}
