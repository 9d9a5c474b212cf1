/**
 * Something that runs once and emits typed events while it runs (a push, a
 * publish, a wait for install clearance): the creator subscribes first, then
 * calls `run()`, so nothing it would hear is emitted before it listens, and
 * nothing calls back up into it.
 */
import { EventEmitter } from 'node:events'

export abstract class OneShot<Events extends Record<keyof Events, any[]>, Init, Result> extends EventEmitter<Events> {
  protected readonly init: Init
  #running?: Promise<Result>

  constructor (init: Init) {
    super()
    this.init = init
  }

  /** Starts it, once: a second call gets the same promise. */
  async run (): Promise<Result> {
    this.#running ??= this.execute()
    return this.#running
  }

  /** The work itself, with `this.init`; emits on `this` as it goes. */
  protected abstract execute (): Promise<Result>
}
