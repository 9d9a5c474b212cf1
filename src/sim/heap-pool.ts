/**
 * Binary min-heaps of small integer ids ordered by an external key array,
 * many heaps sharing one pool. The simulator keeps one heap per parent (its
 * children, by when they finish their chunk) and one global event heap; an
 * id sits in at most one heap of a pool at a time, which is what lets them
 * share the `position` array and stay allocation-free in the hot loop.
 */
export class HeapPool {
  private readonly items: Int32Array
  /** Index of an id within its heap; -1 when in none. */
  private readonly position: Int32Array
  private readonly sizes: Int32Array

  /**
   * @param base - where each heap's items start in the pool; heap h may hold base[h + 1] - base[h] ids
   * @param idCount - ids are 0..idCount-1
   * @param key - smaller key = nearer the top; callers call `update` after changing a key
   */
  constructor (private readonly base: Int32Array, idCount: number, private readonly key: Float64Array) {
    this.items = new Int32Array(base[base.length - 1])
    this.position = new Int32Array(idCount).fill(-1)
    this.sizes = new Int32Array(base.length - 1)
  }

  size (heap: number): number {
    return this.sizes[heap]
  }

  has (id: number): boolean {
    return this.position[id] !== -1
  }

  /** The id with the smallest key, or -1. */
  top (heap: number): number {
    return this.sizes[heap] === 0 ? -1 : this.items[this.base[heap]]
  }

  push (heap: number, id: number): void {
    const index = this.sizes[heap]++
    this.items[this.base[heap] + index] = id
    this.position[id] = index
    this.siftUp(heap, index)
  }

  remove (heap: number, id: number): void {
    const index = this.position[id]
    const last = --this.sizes[heap]
    this.position[id] = -1
    if (index === last) return
    const moved = this.items[this.base[heap] + last]
    this.items[this.base[heap] + index] = moved
    this.position[moved] = index
    this.update(heap, moved)
  }

  /** Restores order after `id`'s key changed. */
  update (heap: number, id: number): void {
    const index = this.position[id]
    if (index > 0 && this.key[id] < this.key[this.items[this.base[heap] + ((index - 1) >> 1)]]) this.siftUp(heap, index)
    else this.siftDown(heap, index)
  }

  private siftUp (heap: number, index: number): void {
    const { items, position, key } = this
    const offset = this.base[heap]
    const id = items[offset + index]
    const value = key[id]
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[offset + parentIndex]
      if (key[parent] <= value) break
      items[offset + index] = parent
      position[parent] = index
      index = parentIndex
    }
    items[offset + index] = id
    position[id] = index
  }

  private siftDown (heap: number, index: number): void {
    const { items, position, key } = this
    const offset = this.base[heap]
    const size = this.sizes[heap]
    const id = items[offset + index]
    const value = key[id]
    for (;;) {
      let child = 2 * index + 1
      if (child >= size) break
      const right = child + 1
      if (right < size && key[items[offset + right]] < key[items[offset + child]]) child = right
      const childId = items[offset + child]
      if (key[childId] >= value) break
      items[offset + index] = childId
      position[childId] = index
      index = child
    }
    items[offset + index] = id
    position[id] = index
  }
}
