import { stat } from 'node:fs/promises'
import { createPublish } from '../../../node/admin/publish.js'
import { checkAdminKey } from '../../admin-key.js'
import { PublishView, jsonLine } from '../../publish-view.js'
import { UsageError } from '../../usage.js'
import { readReleaseFile } from '../../../node/admin/release.js'
import { defaultPackageName } from '../../../node/package/index.js'
import type { PublishCommandOptions } from './options.js'

/** Publishes PACKAGE and shows it; exit code 0 only when every targeted node runs the version. */
export async function runPublish (packagePath: string, options: PublishCommandOptions): Promise<void> {
  await checkAdminKey(options.key, options.host)
  const file = await stat(packagePath).catch(() => undefined)
  if (file?.isFile() !== true) {
    throw new UsageError(`package ${packagePath}: no such file; give the file to deploy (a .tar.gz or any single file)`)
  }
  let name = options.name ?? defaultPackageName(packagePath)
  let version = options.version
  if (options.release != null) {
    const release = await readReleaseFile(options.release).catch((err: Error) => { throw new UsageError(`--release ${options.release}: ${err.message}; give a file made by \`cascade release prepare\``) })
    name = release.fields.name
    version = release.fields.version
  } else if (version == null) {
    throw new UsageError('give --version VERSION, or --release FILE (from `cascade release prepare`)')
  }
  const view = options.json === true ? undefined : new PublishView()
  if (view != null) {
    process.stdout.write(`requesting to send ${packagePath} as ${name} ${version}${options.name == null && options.release == null ? ' (package name from the file name; --name to choose it)' : ''}\n`)
  }
  const session = createPublish({
    host: options.host,
    keyFile: options.key,
    packagePath,
    version,
    release: options.release,
    name,
    chunkSize: options.chunkSize,
    maxFanout: options.maxFanout,
    rollback: options.rollback,
    target: options.target,
    channel: options.channel,
    waves: options.waves,
    maxFailures: options.maxFailures,
    strategy: options.strategy,
    stripes: options.stripes
  })
  session.on('event', (event) => {
    if (view != null) {
      view.handle(event)
    } else if (event.type !== 'upload' || event.bytes === event.total) {
      process.stdout.write(`${jsonLine(event)}\n`)
    }
  })
  const summary = await session.run()
  process.exitCode = summary.success ? 0 : 1
}
