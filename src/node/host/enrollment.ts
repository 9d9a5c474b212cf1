import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../package/file-io.js'

/**
 * Who may join (docs/enrollment.md: the secure choice is the easy one). By default a
 * host makes a random join token on first start and prints it; a node
 * presents it once (`cascade node --join-token`), and from then on its peer
 * id, in the member registry, is its enrollment. `--open-enrollment` lets
 * anyone join, for a lab or a demo.
 */

/** A peer that is not in the registry and did not present the right token. */
export class NotEnrolledError extends Error {
  static override readonly name = 'NotEnrolledError'
  override readonly name = 'NotEnrolledError'
}

/** The token's file inside the host's data dir, mode 0600 like the identity. */
export const JOIN_TOKEN_FILE = 'join.token'

/** Owner read/write only, as the identity key's file (src/node/identity.ts). */
const TOKEN_FILE_MODE = 0o600

/** 128 bits: not guessable, short enough to paste into provisioning. */
const TOKEN_BYTES = 16

/** Reads the data dir's join token, making one on first start. */
export async function loadOrCreateJoinToken (dataDir: string): Promise<string> {
  const path = join(dataDir, JOIN_TOKEN_FILE)
  try {
    const token = (await readFile(path, 'utf8')).trim()
    if (token !== '') {
      return token
    }
  } catch (err: any) {
    if (err.code !== 'ENOENT') {
      throw err
    }
  }
  const token = randomBytes(TOKEN_BYTES).toString('hex')
  await writeFileAtomic(path, `${token}\n`, { mode: TOKEN_FILE_MODE })
  return token
}

/** Compares in constant time, so the token cannot be guessed byte by byte. */
export function tokenMatches (expected: string, presented: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}
