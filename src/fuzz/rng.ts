/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that every fuzz
 * run is reproducible from its seed: the same seed and budget give the same
 * inputs in the same order (for the in-process targets; the live target's
 * timing still depends on the scheduler).
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  readonly seed: number

  constructor (seed: number) {
    this.seed = seed >>> 0
    let s = this.seed
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) {
      this.u32()
    }
  }

  /** A uniform 32-bit unsigned integer. */
  u32 (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float (): number {
    return this.u32() / 4294967296
  }

  /** An integer in [0, n). */
  int (n: number): number {
    if (n <= 1) {
      return 0
    }
    if (n <= 4294967296) {
      return Math.floor(this.float() * n)
    }
    return Math.floor((this.u32() * 4294967296 + this.u32()) / 18446744073709551616 * n)
  }

  /** An integer in [min, max]. */
  range (min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  bool (p = 0.5): boolean {
    return this.float() < p
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError('pick from an empty list')
    }
    return items[this.int(items.length)]
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T> (choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0)
    let x = this.float() * total
    for (const [weight, value] of choices) {
      x -= weight
      if (x < 0) {
        return value
      }
    }
    return choices[choices.length - 1][1]
  }

  bytes (length: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      const word = this.u32()
      out[i] = word & 0xff
      if (i + 1 < length) out[i + 1] = (word >>> 8) & 0xff
      if (i + 2 < length) out[i + 2] = (word >>> 16) & 0xff
      if (i + 3 < length) out[i + 3] = word >>> 24
    }
    return out
  }

  /**
   * A length that is usually small and sometimes large: most fuzz finds sit
   * near boundaries and in short inputs, but a few long ones must be tried.
   */
  size (max: number): number {
    const r = this.float()
    if (r < 0.5) {
      return this.int(Math.min(max, 16) + 1)
    }
    if (r < 0.85) {
      return this.int(Math.min(max, 256) + 1)
    }
    return this.int(max + 1)
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = ''
    for (let i = 0; i < length; i++) {
      out += alphabet[this.int(alphabet.length)]
    }
    return out
  }

  /** A derived generator, so one consumer's draws do not shift another's. */
  fork (): Rng {
    return new Rng(this.u32())
  }
}

/** Integers that sit on boundaries: around 0, powers of two, and the 32/53/64-bit limits. */
export const INTERESTING_NUMBERS: readonly number[] = [
  0, 1, 2, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024, 4095, 4096, 4097,
  65535, 65536, 65537, 16383, 16384, 16385, 2 ** 24, 2 ** 24 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1,
  2 ** 32, 2 ** 40, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64 - 1
]
