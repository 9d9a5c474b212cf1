/**
 * Version ordering, used to refuse a manifest older than the installed
 * release unless an admin signed an explicit rollback.
 */

/** Splits `rc10` into ['rc', '10'] so digit runs compare as numbers. */
const RUN_PATTERN = /\d+|\D+/g

const DIGITS = /^\d+$/

/** Compares two digit strings as numbers of any length. */
function compareNumeric (a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '')
  const y = b.replace(/^0+(?=\d)/, '')
  if (x.length !== y.length) {
    return x.length < y.length ? -1 : 1
  }
  return x < y ? -1 : x > y ? 1 : 0
}

/** Compares one dot-separated part: digit runs numerically, other runs lexically, digits before letters. */
function comparePart (a: string, b: string): number {
  const runsA = a.match(RUN_PATTERN) ?? []
  const runsB = b.match(RUN_PATTERN) ?? []
  for (let i = 0; i < Math.min(runsA.length, runsB.length); i++) {
    const x = runsA[i]
    const y = runsB[i]
    const xNumeric = DIGITS.test(x)
    const yNumeric = DIGITS.test(y)
    let order: number
    if (xNumeric && yNumeric) {
      order = compareNumeric(x, y)
    } else if (xNumeric !== yNumeric) {
      order = xNumeric ? -1 : 1
    } else {
      order = x < y ? -1 : x > y ? 1 : 0
    }
    if (order !== 0) {
      return order
    }
  }
  return Math.sign(runsA.length - runsB.length)
}

function split (version: string): { release: string[], prerelease: string[] | undefined } {
  // build metadata (after '+') does not take part in ordering, as in semver
  const withoutBuild = version.replace(/^[vV]/, '').split('+', 1)[0]
  const dash = withoutBuild.indexOf('-')
  const release = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash)
  const prerelease = dash === -1 ? undefined : withoutBuild.slice(dash + 1)
  return {
    // an empty part (`1..2`) counts as 0, like a missing one
    release: release.split('.').map(part => part === '' ? '0' : part),
    prerelease: prerelease?.split('.')
  }
}

/**
 * Orders versions, semver-like, and totally for any strings:
 *
 * 1. a leading `v`/`V` is ignored and so is build metadata (`+...`);
 * 2. the release (before the first `-`) is split on `.` and compared part by
 *    part, a missing part counting as `0` (`1.2` = `1.2.0`);
 * 3. within a part, digit runs compare numerically and other runs lexically
 *    (code-unit order), a digit run sorting before a non-digit run
 *    (`v10` > `v9`, `1.10.0` > `1.9.9`, `rc10` > `rc9`);
 * 4. with equal releases, a pre-release (after `-`) sorts before the release
 *    itself (`2.0.0-rc1` < `2.0.0`); two pre-releases compare part by part,
 *    the one with fewer parts first when all shared parts are equal.
 *
 * Returns a negative number when `a` < `b`, 0 when equal, positive when `a` > `b`.
 */
export function compareVersions (a: string, b: string): number {
  const x = split(a)
  const y = split(b)
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const order = comparePart(x.release[i] ?? '0', y.release[i] ?? '0')
    if (order !== 0) {
      return order
    }
  }
  if (x.prerelease == null || y.prerelease == null) {
    // a version without a pre-release outranks one with it
    return x.prerelease === y.prerelease ? 0 : x.prerelease == null ? 1 : -1
  }
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i++) {
    const order = comparePart(x.prerelease[i], y.prerelease[i])
    if (order !== 0) {
      return order
    }
  }
  return Math.sign(x.prerelease.length - y.prerelease.length)
}

/** The installer names a release dir after its version (src/node/installer/release-names.ts). */
export const MAX_VERSION_TEXT_LENGTH = 64

/**
 * What counts as a version (docs/versions.md): an optional `v`/`V`, a release
 * of dot-separated numbers (`2`, `1.10.0`, `2024.01.15`), then optionally a
 * pre-release after `-` and build metadata after `+`, each dot-separated
 * letters, digits and `-` (`2.0.0-rc1`, `1.4.7+build.7`).
 */
const VERSION_PATTERN = /^[vV]?\d+(?:\.\d+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** Text that is not a version: it would not order sensibly against releases. */
export class InvalidVersionTextError extends Error {
  static override readonly name = 'InvalidVersionTextError'
  override readonly name = 'InvalidVersionTextError'
}

/** True when `text` is a version as {@link compareVersions} orders it sensibly. */
export function isVersion (text: string): boolean {
  return typeof text === 'string' && text.length <= MAX_VERSION_TEXT_LENGTH && VERSION_PATTERN.test(text)
}

/** Returns `text` when it is a version, or throws {@link InvalidVersionTextError} saying what a version is. */
export function parseVersion (text: string): string {
  if (!isVersion(text)) {
    const shown = JSON.stringify(String(text).slice(0, MAX_VERSION_TEXT_LENGTH + 1))
    throw new InvalidVersionTextError(`${shown} is not a version: give numbers separated by dots, optionally after a "v" and before a "-pre-release" or "+build" (e.g. v2, 1.4.0, 2.0.0-rc1; at most ${MAX_VERSION_TEXT_LENGTH} characters)`)
  }
  return text
}
