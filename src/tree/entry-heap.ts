/**
 * A binary min-heap of entries keyed by a number, ties broken by rank
 * (speed order), for the planner's greedy passes (./split.ts): an entry goes
 * stale when what it was computed from changes, and the caller skips stale
 * entries as they come up rather than removing them.
 */

/** An entry: smaller `key` first, then smaller `rank`; `version` tells the caller whether it is stale. */
export interface HeapEntry { key: number, rank: number, id: string, version: number }

export class EntryHeap {
  private readonly items: HeapEntry[] = []

  private less (a: HeapEntry, b: HeapEntry): boolean {
    return a.key < b.key || (a.key === b.key && a.rank < b.rank)
  }

  push (entry: HeapEntry): void {
    const items = this.items
    items.push(entry)
    let i = items.length - 1
    while (i > 0) {
      const up = (i - 1) >> 1
      if (!this.less(items[i], items[up])) break
      ;[items[i], items[up]] = [items[up], items[i]]
      i = up
    }
  }

  pop (): HeapEntry | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last !== undefined) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && this.less(items[l], items[m])) m = l
        if (r < items.length && this.less(items[r], items[m])) m = r
        if (m === i) break
        ;[items[i], items[m]] = [items[m], items[i]]
        i = m
      }
    }
    return top
  }
}
