/**
 * commander parsers for `cascade node`'s install and relay policy
 * (docs/install-policy.md): bad input is a usage error, never a node that
 * starts with a policy nobody asked for.
 */
import { InvalidArgumentError } from 'commander'
import { parseTimeWindow } from '../node/client/index.js'
import { optionParser } from './parse.js'

/** `--install-window`, `--relay-window`: HH:MM-HH:MM, local time. */
export const timeWindowOption = optionParser(parseTimeWindow)

/** An interval that must not be 0 (a busy check in a tight loop). */
export function positiveIntegerOption (value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`)
  }
  return n
}

/** `--idle-load`: load per CPU, above 0 (0.5 = half the CPUs busy). */
export function loadOption (value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a load above 0 (load average per CPU, e.g. 0.5)`)
  }
  return n
}
