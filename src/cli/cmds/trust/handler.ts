import { writeFile } from 'node:fs/promises'
import { buildRoot, encodeMetadata, signMetadata } from '../../../node/trust/index.js'
import { readKeyOption } from '../../admin-key.js'
import { UsageError } from '../../usage.js'
import type { TrustInitOptions } from './options.js'

const DAY_MS = 24 * 3600_000

/** Writes new root metadata, signed by the `--sign` keys. */
export async function runTrustInit (options: TrustInitOptions): Promise<void> {
  let root
  try {
    root = buildRoot({
      version: options.version,
      rootKeys: options.rootKey,
      rootThreshold: options.rootThreshold,
      publishers: options.publisher,
      threshold: options.threshold,
      timestampKeys: options.timestampKey ?? [],
      expires: new Date(Date.now() + options.expiresDays * DAY_MS)
    })
  } catch (err: any) {
    throw new UsageError(err.message)
  }
  for (const file of options.sign ?? []) {
    signMetadata(root, await readKeyOption(file, '--sign'))
  }
  await writeFile(options.out, encodeMetadata(root))
  process.stdout.write(`root version ${options.version} written to ${options.out}: ${options.publisher.length} publisher key(s), threshold ${options.threshold}; signed by ${Object.keys(root.signatures).length} of the ${options.rootThreshold} root key(s) it needs${Object.keys(root.signatures).length < options.rootThreshold ? ' (add more with `cascade sign`)' : ''}\n`)
}
