/**
 * `--key FILE`: checked before anything is sent, so a missing file, a file
 * that is not a key, or the host's own identity given by mistake is one clear
 * line instead of a libp2p or file-system error.
 */
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { InvalidKeyFileError, loadKey } from '../node/identity.js'
import { parseHostAddress } from '../node/host-address.js'
import { checkHostOption } from './parse.js'
import { UsageError } from './usage.js'
import type { PrivateKey } from '@libp2p/interface'

/** Reads the key in `file`; every failure is a UsageError naming the option (`--key`). */
export async function readKeyOption (file: string, option = '--key'): Promise<PrivateKey> {
  try {
    return await loadKey(file)
  } catch (err: any) {
    if (err.code === 'ENOENT') {
      throw new UsageError(`${option} ${file}: no such file; give a key made by \`cascade keygen --out FILE\``)
    }
    if (err.code === 'EACCES' || err.code === 'EISDIR') {
      throw new UsageError(`${option} ${file}: cannot be read (${err.code}); give a key made by \`cascade keygen --out FILE\``)
    }
    if (err instanceof InvalidKeyFileError) {
      throw new UsageError(`${option} ${file} is not a Cascade key file; give a key made by \`cascade keygen --out FILE\``)
    }
    throw err
  }
}

/** Checks `--host`, then `--key` for a command that talks to that host as an admin. */
export async function checkAdminKey (file: string, host: string): Promise<void> {
  checkHostOption(host)
  const key = await readKeyOption(file)
  if (peerIdFromPrivateKey(key).equals(parseHostAddress(host).peerId)) {
    throw new UsageError(`--key: the key in ${file} is the host's own identity; use an admin key from \`cascade keygen\``)
  }
}
