/**
 * Runs operations one at a time, in the order they were queued; one that
 * fails does not stop the next. Installs and rollbacks (each restarts the
 * app, src/node/installer/), release-slot switches, and the replies a node
 * writes on one push (src/node/client/push-replies.ts) go through one each.
 */
export class SerialQueue {
  private last: Promise<unknown> = Promise.resolve()

  /** Runs `operation` once everything queued before it has settled; settles as it does. */
  async run<T> (operation: () => Promise<T>): Promise<T> {
    const result = this.last.then(operation)
    this.last = result.catch(() => {})
    return result
  }
}
