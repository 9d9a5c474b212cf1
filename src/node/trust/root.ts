/**
 * The fleet's root of trust: TUF root metadata (docs/security.md). Its
 * `root` role names the keys that may sign the next root, `targets` the
 * publisher keys whose threshold must sign each release, `timestamp` (and
 * `snapshot`, which TUF requires and Cascade does not use) the host's online
 * key that keeps the metadata fresh.
 */
import { readFile } from 'node:fs/promises'
import { Metadata, MetadataKind, Root } from '@tufjs/models'
import { TrustError } from './errors.js'
import { tufKeyOfPeerId, tufSigner } from './keys.js'
import type { PrivateKey } from '@libp2p/interface'

/** The TUF specification version our metadata follows. */
export const TUF_SPEC_VERSION = '1.0.31'

/** Largest metadata file read (a root with dozens of keys is a few KiB). */
export const MAX_METADATA_BYTES = 256 * 1024

export interface RootInit {
  /** this root's version: 1 for a new fleet, one more than the root it replaces */
  version: number
  /** peer ids of the keys that sign roots (kept offline) */
  rootKeys: string[]
  rootThreshold: number
  /** peer ids of the publisher keys that sign releases */
  publishers: string[]
  threshold: number
  /** peer ids of the online keys that sign timestamps (the host's); none: no freshness check */
  timestampKeys: string[]
  expires: Date
}

function checkThreshold (what: string, threshold: number, keys: string[]): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > keys.length) {
    throw new TrustError(`${what} threshold ${threshold} must be between 1 and the ${keys.length} ${what} key(s)`)
  }
}

/** New, unsigned root metadata. */
export function buildRoot (init: RootInit): Metadata<Root> {
  checkThreshold('root', init.rootThreshold, init.rootKeys)
  checkThreshold('publisher', init.threshold, init.publishers)
  const keys: Record<string, any> = {}
  for (const id of [...init.rootKeys, ...init.publishers, ...init.timestampKeys]) {
    const { key } = tufKeyOfPeerId(id)
    keys[key.keyID] = key.toJSON()
  }
  const online = { keyids: [...new Set(init.timestampKeys)], threshold: 1 }
  const signed = Root.fromJSON({
    _type: MetadataKind.Root,
    spec_version: TUF_SPEC_VERSION,
    version: init.version,
    expires: init.expires.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    consistent_snapshot: false,
    keys,
    roles: {
      root: { keyids: [...new Set(init.rootKeys)], threshold: init.rootThreshold },
      targets: { keyids: [...new Set(init.publishers)], threshold: init.threshold },
      timestamp: online,
      snapshot: online
    }
  })
  return new Metadata(signed)
}

/** Adds `key`'s signature to any metadata. */
export function signMetadata (metadata: Metadata<any>, key: PrivateKey): void {
  metadata.sign(tufSigner(key))
}

/** Decodes metadata of `kind` from its JSON bytes; TrustError saying why not. */
export function parseMetadata<T extends Metadata<any>> (kind: MetadataKind, bytes: Uint8Array, what: string): T {
  if (bytes.byteLength > MAX_METADATA_BYTES) {
    throw new TrustError(`${what} is ${bytes.byteLength} bytes, more than ${MAX_METADATA_BYTES}`)
  }
  try {
    return (Metadata.fromJSON as (kind: MetadataKind, data: any) => Metadata<any>)(kind, JSON.parse(Buffer.from(bytes).toString('utf8'))) as T
  } catch (err: any) {
    throw new TrustError(`${what} is not TUF ${kind} metadata: ${err.message}`)
  }
}

export function parseRoot (bytes: Uint8Array, what = 'root metadata'): Metadata<Root> {
  return parseMetadata<Metadata<Root>>(MetadataKind.Root, bytes, what)
}

/** The root metadata in `path` (an option's file: `what` names it), or a TrustError saying why not. */
export async function readRootFile (path: string, what: string): Promise<Metadata<Root>> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err: any) {
    throw new TrustError(`${what}: cannot be read (${String(err.code ?? err.message)}); give root metadata from \`cascade trust init\``)
  }
  return parseRoot(bytes, what)
}

export function encodeMetadata (metadata: Metadata<any>): Uint8Array {
  return Buffer.from(`${JSON.stringify(metadata.toJSON(), null, 2)}\n`)
}

/** `role` of `signer` signed `signed` with at least the role's threshold: TrustError naming the count when not. */
export function verifyRole (signer: Metadata<Root>, role: string, signed: Metadata<any>, what: string): void {
  try {
    signer.verifyDelegate(role, signed)
  } catch (err: any) {
    throw new TrustError(`${what} is not signed by enough ${role === 'targets' ? 'publisher' : role} keys of root version ${signer.signed.version}: ${err.message}`)
  }
}

/** A root that signs itself by its own threshold: what a node is provisioned with. */
export function checkSelfSigned (root: Metadata<Root>): void {
  verifyRole(root, 'root', root, `root version ${root.signed.version}`)
}

/**
 * TUF's rule for a new root: exactly the next version, signed by the
 * threshold of the trusted root's root keys AND of its own.
 */
export function checkRootUpdate (trusted: Metadata<Root>, next: Metadata<Root>): void {
  if (next.signed.version !== trusted.signed.version + 1) {
    throw new TrustError(`root version ${next.signed.version} does not follow the trusted version ${trusted.signed.version}`)
  }
  verifyRole(trusted, 'root', next, `root version ${next.signed.version}`)
  checkSelfSigned(next)
}
