import { InvalidArgumentError } from 'commander'
import { parseRate, parseSize } from '../node/units.js'

/** commander argument parsers that turn bad input into a usage error. */
export function rateOption (value: string): number {
  try {
    return parseRate(value)
  } catch (err: any) {
    throw new InvalidArgumentError(err.message)
  }
}

export function sizeOption (value: string): number {
  try {
    return parseSize(value)
  } catch (err: any) {
    throw new InvalidArgumentError(err.message)
  }
}

export function integerOption (value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidArgumentError(`"${value}" is not a non-negative integer`)
  }
  return n
}

/** Repeatable `--label k=v`: collects into a record. */
export function labelOption (value: string, previous: Record<string, string> = {}): Record<string, string> {
  const index = value.indexOf('=')
  if (index <= 0) {
    throw new InvalidArgumentError(`label "${value}" must be key=value`)
  }
  return { ...previous, [value.slice(0, index)]: value.slice(index + 1) }
}

/** Repeatable string option. */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
