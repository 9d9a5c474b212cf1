/**
 * Keys, peer ids, multiaddrs and a small signed package the fuzz targets
 * build valid messages from (and then break).
 */
import { createHash } from 'node:crypto'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { encodeSignedManifest, signManifest } from '../node/package/index.js'
import type { Rng } from './rng.js'
import type { VerifiedManifest } from '../node/package/index.js'
import type { PrivateKey } from '@libp2p/interface'

export interface FuzzPackage {
  data: Uint8Array<ArrayBuffer>
  chunkSize: number
  chunks: Array<Uint8Array<ArrayBuffer>>
  manifest: VerifiedManifest
  /** encodeSignedManifest(manifest) */
  signedManifest: Uint8Array<ArrayBuffer>
}

export interface Fixture {
  /** signs the fixture's manifests */
  publisher: PrivateKey
  /** a few more identities, for peer ids and foreign signatures */
  keys: PrivateKey[]
  peerIds: string[]
  /** valid multiaddrs, all on loopback (a node may dial what it is given) */
  addrs: string[]
  pkg: FuzzPackage
  /** what the rogue admin publishes: a rollback whose last chunk nobody can produce */
  adminPkg: FuzzPackage
  /** the live host's join token: some hostile joins present it (an enrolled device gone bad) */
  joinToken: string
}

/** Timestamps in fuzz inputs: fixed, so a seed always gives the same bytes. */
export const FIXED_TIME = 1_750_000_000_000

/** An Ed25519 key drawn from the run's PRNG, so peer ids and signatures repeat with the seed. */
export async function seededKey (rng: Rng): Promise<PrivateKey> {
  return generateKeyPairFromSeed('Ed25519', rng.bytes(32))
}

export function sha256 (data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(data).digest())
}

/** A package of `size` pseudo-random bytes in chunks of `chunkSize`, signed by `publisher`. */
export async function makePackage (rng: Rng, publisher: PrivateKey, options: { size?: number, chunkSize?: number, name?: string, version?: string, rollback?: boolean, unreachableLastChunk?: boolean } = {}): Promise<FuzzPackage> {
  const chunkSize = options.chunkSize ?? 4096
  const size = options.size ?? chunkSize * 3 + 1000
  const data = rng.bytes(size)
  const chunks: Array<Uint8Array<ArrayBuffer>> = []
  for (let offset = 0; offset < size; offset += chunkSize) {
    chunks.push(data.slice(offset, offset + chunkSize))
  }
  const chunkHashes = chunks.map(sha256)
  if (options.unreachableLastChunk === true) {
    // nobody holds data hashing to this: an upload of this package can never complete
    chunkHashes[chunkHashes.length - 1] = sha256(rng.bytes(64))
  }
  const manifest = await signManifest({
    name: options.name ?? 'fuzz-app',
    version: options.version ?? `1.${rng.int(100)}.${rng.int(100)}`,
    size,
    chunkSize,
    chunkHashes,
    packageHash: sha256(data),
    fileName: 'fuzz-app.tar.gz',
    createdAt: FIXED_TIME,
    rollback: options.rollback ?? false
  }, publisher)
  return { data, chunkSize, chunks, manifest, signedManifest: encodeSignedManifest(manifest) as Uint8Array<ArrayBuffer> }
}

export async function makeFixture (rng: Rng): Promise<Fixture> {
  const publisher = await seededKey(rng)
  const keys: PrivateKey[] = []
  for (let i = 0; i < 4; i++) {
    keys.push(await seededKey(rng))
  }
  const peerIds = keys.map(key => peerIdFromPrivateKey(key).toString())
  // low ports nothing listens on: a node that relays to these fails fast, and touches nothing
  const addrs = [
    '/ip4/127.0.0.1/tcp/1',
    `/ip4/127.0.0.1/tcp/2/p2p/${peerIds[0]}`,
    `/ip6/::1/tcp/3/p2p/${peerIds[1]}`,
    '/ip4/127.0.0.1/udp/1/quic-v1',
    `/ip4/127.0.0.2/tcp/1/p2p/${peerIds[2]}`
  ]
  for (const addr of addrs) {
    multiaddr(addr)
  }
  return {
    publisher,
    keys,
    peerIds,
    addrs,
    pkg: await makePackage(rng, publisher),
    adminPkg: await makePackage(rng, publisher, { version: '0.0.1', rollback: true, unreachableLastChunk: true }),
    joinToken: Buffer.from(rng.bytes(16)).toString('hex')
  }
}
