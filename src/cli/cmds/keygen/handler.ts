import { stat } from 'node:fs/promises'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { KeyFileExistsError, generateKey, saveKey, saveNewKey } from '../../../node/identity.js'
import { readKeyOption } from '../../admin-key.js'
import { UsageError } from '../../usage.js'
import type { KeygenOptions } from './options.js'

/** Makes a new admin key (never over an existing one without --force), or shows an existing key's peer id. */
export async function runKeygen (options: KeygenOptions): Promise<void> {
  if (options.show != null) {
    const key = await readKeyOption(options.show, '--show')
    process.stdout.write(`${peerIdFromPrivateKey(key).toString()}\n`)
    return
  }
  if (options.out == null) {
    throw new UsageError('give --out FILE to make a key, or --show FILE to print the peer id of one')
  }
  if ((await stat(options.out).catch(() => undefined))?.isDirectory() === true) {
    throw new UsageError(`--out ${options.out} is a directory; give the name of the key file to make`)
  }
  const key = await generateKey()
  try {
    await (options.force === true ? saveKey(options.out, key) : saveNewKey(options.out, key))
  } catch (err: any) {
    if (err instanceof KeyFileExistsError) {
      throw new UsageError(`--out ${options.out} already holds a key: not replaced; give --force to replace it (the host will no longer accept the old one), or \`cascade keygen --show ${options.out}\` to print its peer id`)
    }
    if (['EACCES', 'EISDIR', 'EROFS', 'ENOENT', 'EPERM'].includes(err.code)) {
      throw new UsageError(`--out ${options.out}: cannot write there (${err.code}); choose a file in a directory you can write to`)
    }
    throw err
  }
  process.stdout.write(`${peerIdFromPrivateKey(key).toString()}\n`)
}
