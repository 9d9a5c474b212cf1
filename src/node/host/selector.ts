/**
 * Selectors: how the host picks members from its management information
 * (docs/fleet-rules.md: the host selects which members get a given update).
 *
 * Grammar (whitespace around terms is ignored):
 *
 *     selector := '*' | term (',' term)*       comma = AND: every term must hold
 *     term     := key '=' value                 the member has label key with exactly that value
 *               | '@' group                     the member belongs to that group
 *               | peer id                       exactly that member (12D3Koo…, Qm…)
 *
 * `*` selects everyone. Label keys and values are printable ASCII, as in a
 * JoinRequest; a key has no `=` or `,` (the first `=` ends the key), and a
 * value has no `,` (it is the term separator); `key=` matches an empty value.
 * A label key may appear once per selector. Pure: parsing and matching do no I/O.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { MAX_LABEL_LENGTH } from '../../protocols/join/index.js'
import type { MemberRecord } from './database.js'

export class InvalidSelectorError extends Error {
  static override readonly name = 'InvalidSelectorError'
  override readonly name = 'InvalidSelectorError'
}

/** Selectors are typed by people: 1 KiB is far more than one needs and bounds what the host stores. */
export const MAX_SELECTOR_LENGTH = 1024

/** Terms per selector (each one is an AND). */
export const MAX_SELECTOR_TERMS = 64

/** Group and channel names: a letter or digit, then letters, digits, `.`, `_`, `-`; at most 64. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Printable ASCII, as membership.ts requires of labels. */
const PRINTABLE = /^[\x20-\x7e]*$/

export type SelectorTerm =
  | { type: 'label', key: string, value: string }
  | { type: 'group', name: string }
  | { type: 'peer', peerId: string }

export interface Selector {
  /** `*`: every member */
  all: boolean
  /** every one must hold; empty when `all` */
  terms: SelectorTerm[]
}

/** What matching needs to know of a member. */
export type SelectorMember = Pick<MemberRecord, 'peerId' | 'labels'>

/**
 * Answers whether a member belongs to a group, for `@group` terms
 * (rules.ts builds one from the host's group definitions).
 */
export type GroupMembership = (group: string, member: SelectorMember) => boolean

/** Throws InvalidSelectorError unless `name` is a valid group or channel name. */
export function checkName (name: string, what = 'name'): string {
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidSelectorError(`${what} "${name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`)
  }
  return name
}

/** Throws InvalidSelectorError unless `text` is a libp2p peer id; returns its canonical form. */
export function checkPeerId (text: string): string {
  try {
    return peerIdFromString(text).toString()
  } catch {
    throw new InvalidSelectorError(`"${text}" is not a peer id`)
  }
}

function parseTerm (text: string): SelectorTerm {
  if (text === '') {
    throw new InvalidSelectorError('empty term: a selector is "*" or terms separated by single commas')
  }
  if (text === '*') {
    throw new InvalidSelectorError('"*" selects everyone and cannot be combined with other terms')
  }
  if (text.startsWith('@')) {
    return { type: 'group', name: checkName(text.slice(1), 'group') }
  }
  const equals = text.indexOf('=')
  if (equals === 0) {
    throw new InvalidSelectorError(`"${text}": a label term needs a key before "="`)
  }
  if (equals > 0) {
    const key = text.slice(0, equals).trim()
    const value = text.slice(equals + 1).trim()
    if (key.length > MAX_LABEL_LENGTH || value.length > MAX_LABEL_LENGTH) {
      throw new InvalidSelectorError(`"${text}": label keys and values are at most ${MAX_LABEL_LENGTH} characters`)
    }
    return { type: 'label', key, value }
  }
  try {
    return { type: 'peer', peerId: peerIdFromString(text).toString() }
  } catch {
    throw new InvalidSelectorError(`"${text}" is not a label (key=value), a group (@name) or a peer id`)
  }
}

/**
 * Parses selector text; throws InvalidSelectorError with the reason when it
 * is not one.
 */
export function parseSelector (text: string): Selector {
  if (typeof text !== 'string') {
    throw new InvalidSelectorError('a selector is text')
  }
  if (text.length > MAX_SELECTOR_LENGTH) {
    throw new InvalidSelectorError(`a selector is at most ${MAX_SELECTOR_LENGTH} characters`)
  }
  if (!PRINTABLE.test(text)) {
    throw new InvalidSelectorError('a selector is printable ASCII, without control characters')
  }
  const trimmed = text.trim()
  if (trimmed === '') {
    throw new InvalidSelectorError('empty selector: use "*" for every member')
  }
  if (trimmed === '*') {
    return { all: true, terms: [] }
  }
  const parts = trimmed.split(',').map(part => part.trim())
  if (parts.length > MAX_SELECTOR_TERMS) {
    throw new InvalidSelectorError(`a selector has at most ${MAX_SELECTOR_TERMS} terms`)
  }
  const terms = parts.map(parseTerm)
  const keys = new Set<string>()
  for (const term of terms) {
    if (term.type === 'label') {
      if (keys.has(term.key)) {
        throw new InvalidSelectorError(`label "${term.key}" appears twice: one member has one value per label`)
      }
      keys.add(term.key)
    }
  }
  return { all: false, terms }
}

/** The canonical text of a selector: what the host stores and shows. */
export function formatSelector (selector: Selector): string {
  if (selector.all) {
    return '*'
  }
  return selector.terms.map(term => {
    switch (term.type) {
      case 'label': return `${term.key}=${term.value}`
      case 'group': return `@${term.name}`
      case 'peer': return term.peerId
    }
    throw new InvalidSelectorError('unknown term')
  }).join(',')
}

/** The groups a selector refers to with `@name`. */
export function groupReferences (selector: Selector): string[] {
  return selector.terms.flatMap(term => term.type === 'group' ? [term.name] : [])
}

/**
 * Whether `member` is selected. `@group` terms ask `inGroup`; without it a
 * group term selects nobody.
 */
export function matches (member: SelectorMember, selector: Selector, inGroup?: GroupMembership): boolean {
  if (selector.all) {
    return true
  }
  return selector.terms.every(term => {
    switch (term.type) {
      case 'label': return Object.hasOwn(member.labels, term.key) && member.labels[term.key] === term.value
      case 'peer': return member.peerId === term.peerId
      case 'group': return inGroup?.(term.name, member) ?? false
    }
    return false
  })
}
