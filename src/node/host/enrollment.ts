import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

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
  const temp = `${path}.tmp-${process.pid}`
  await writeFile(temp, `${token}\n`, { mode: 0o600 })
  await chmod(temp, 0o600)
  await rename(temp, path)
  return token
}

/** Compares in constant time, so the token cannot be guessed byte by byte. */
export function tokenMatches (expected: string, presented: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}
