import { stat, writeFile } from 'node:fs/promises'
import { encodeSignedManifest, prepareRelease } from '../../../node/admin/release.js'
import { defaultPackageName } from '../../../node/package/index.js'
import { rollbackDeploymentOf } from '../../../node/trust/index.js'
import { readKeyOption } from '../../admin-key.js'
import { UsageError } from '../../usage.js'
import type { ReleasePrepareOptions } from './options.js'

/** Writes PACKAGE's release, signed by --key: the first of the publishers' signatures. */
export async function runReleasePrepare (packagePath: string, options: ReleasePrepareOptions): Promise<void> {
  const key = await readKeyOption(options.key)
  if ((await stat(packagePath).catch(() => undefined))?.isFile() !== true) {
    throw new UsageError(`package ${packagePath}: no such file`)
  }
  const name = options.name ?? defaultPackageName(packagePath)
  const release = await prepareRelease(key, { packagePath, name, version: options.version, chunkSize: options.chunkSize, rollback: options.rollback, lifetimeMs: options.expiresIn })
  await writeFile(options.out, encodeSignedManifest(release))
  const rollback = rollbackDeploymentOf(release)
  process.stdout.write(`release ${name} ${options.version} (manifest ${release.id}) written to ${options.out}, signed by 1 publisher${rollback == null ? '' : `; a rollback, as deployment ${rollback} only`}\n`)
}
