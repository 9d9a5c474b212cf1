import { multiaddr } from '@multiformats/multiaddr'
import { equals } from 'uint8arrays/equals'
import { MAX_LABELS, MAX_LABEL_LENGTH, MAX_LISTEN_ADDRS } from '../../protocols/join/index.js'
import type { JoinRequest } from '../../protocols/join/index.js'
import type { SelfReachability } from './reachability.js'

export class InvalidJoinRequestError extends Error {
  static override readonly name = 'InvalidJoinRequestError'
  override readonly name = 'InvalidJoinRequestError'
}

/** Versions and label keys/values: printable, no control characters. */
const PRINTABLE = /^[\x20-\x7e]*$/
const MAX_VERSION_LENGTH = 64

/** Keys that would reach an object's prototype instead of becoming a label. */
const RESERVED_LABEL_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export interface JoinDetails {
  version: string
  addrs: string[]
  labels: Record<string, string>
  uploadLimit: number
  /** the node's own view (AutoNAT v2), '' when it has none */
  reachability: SelfReachability
}

const SELF_REACHABILITIES = new Set<string>(['', 'public', 'private'])

/** Checks a JoinRequest field by field; throws with the first reason to refuse. */
export function validateJoinRequest (request: JoinRequest): JoinDetails {
  if (request.version.length > MAX_VERSION_LENGTH || !PRINTABLE.test(request.version)) {
    throw new InvalidJoinRequestError('version must be at most 64 printable characters')
  }
  if (request.listenAddrs.length > MAX_LISTEN_ADDRS) {
    throw new InvalidJoinRequestError(`at most ${MAX_LISTEN_ADDRS} listen addresses`)
  }
  const addrs = request.listenAddrs.map(bytes => {
    let text: string
    try {
      text = multiaddr(bytes).toString()
      // stored as text and dialled later: it must read back as the same address
      if (!equals(multiaddr(text).bytes, bytes)) {
        throw new Error('does not round-trip')
      }
    } catch {
      throw new InvalidJoinRequestError('a listen address is not a valid multiaddr')
    }
    return text
  })
  if (request.labels.length > MAX_LABELS) {
    throw new InvalidJoinRequestError(`at most ${MAX_LABELS} labels`)
  }
  const labels: Record<string, string> = {}
  for (const { key, value } of request.labels) {
    if (key.length === 0 || key.length > MAX_LABEL_LENGTH || value.length > MAX_LABEL_LENGTH ||
      !PRINTABLE.test(key) || !PRINTABLE.test(value) || key.includes('=') || key.includes(',')) {
      throw new InvalidJoinRequestError('labels are key=value, at most 256 printable characters each, no "=" or "," in the key')
    }
    if (RESERVED_LABEL_KEYS.has(key)) {
      throw new InvalidJoinRequestError(`label key "${key}" is reserved`)
    }
    labels[key] = value
  }
  if (!Number.isSafeInteger(request.uploadLimit) || request.uploadLimit < 0) {
    throw new InvalidJoinRequestError('upload limit out of range')
  }
  const reachability = request.reachability ?? ''
  if (!SELF_REACHABILITIES.has(reachability)) {
    throw new InvalidJoinRequestError('reachability must be "public", "private" or absent')
  }
  return { version: request.version, addrs, labels, uploadLimit: request.uploadLimit, reachability: reachability as SelfReachability }
}
