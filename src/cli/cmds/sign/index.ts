import { Command, Option } from 'commander'
import { readFile, writeFile } from 'node:fs/promises'
import { addReleaseSignature, encodeSignedManifest, readReleaseFile } from '../../../node/admin/release.js'
import { encodeMetadata, parseRoot, signMetadata } from '../../../node/trust/index.js'
import { readKeyOption } from '../../admin-key.js'
import { UsageError, requiredOption, withOptions } from '../../usage.js'

/** `cascade sign`'s options. */
export interface SignOptions {
  key: string
}

/** Adds --key's signature to FILE in place: a release (`cascade release prepare`) or root metadata (`cascade trust init`). */
export async function runSign (file: string, options: SignOptions): Promise<void> {
  const key = await readKeyOption(options.key)
  const bytes = await readFile(file).catch((err: any) => { throw new UsageError(`${file}: cannot be read (${String(err.code)})`) })
  if (bytes[0] === '{'.charCodeAt(0)) {
    const root = parseRoot(bytes, file)
    signMetadata(root, key)
    await writeFile(file, encodeMetadata(root))
    process.stdout.write(`root version ${root.signed.version} in ${file}: now signed by ${Object.keys(root.signatures).length} key(s); it needs ${root.signed.roles.root.threshold} of its root keys${root.signed.version > 1 ? ' and the old root\'s threshold' : ''}\n`)
    return
  }
  const release = await readReleaseFile(file).catch((err: Error) => { throw new UsageError(`${file} is neither root metadata nor a release: ${err.message}`) })
  const signed = addReleaseSignature(release, key)
  await writeFile(file, encodeSignedManifest(signed))
  const count = signed.release == null ? 0 : (JSON.parse(Buffer.from(signed.release).toString('utf8')).signatures as unknown[]).length
  process.stdout.write(`release ${release.fields.name} ${release.fields.version} in ${file}: now signed by ${count} key(s)\n`)
}

export function signCommand (): Command {
  return withOptions(new Command('sign'), [requiredOption('--key <file>', 'your publisher (or root) key file') as Option])
    .description('add your signature to a release prepared with `cascade release prepare`, or to root metadata from `cascade trust init`')
    .argument('<file>', 'the release or root metadata file, signed in place')
    .action(async (file: string, options: SignOptions) => { await runSign(file, options) })
}
