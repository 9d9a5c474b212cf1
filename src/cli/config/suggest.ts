/**
 * "Did you mean": the known key closest to a misspelt one, as commander
 * suggests for a misspelt flag (its helper is not exported).
 */

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`. */
function editDistance (a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) {
    d[0][j] = j
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
      }
    }
  }
  return d[a.length][b.length]
}

/** `upload_limit`, `uploadLimit`, `UPLOAD-LIMIT` all spell `upload-limit`. */
function spelling (key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '')
}

/** The known key `key` was probably meant to be, if one is close enough. */
export function closestKey (key: string, known: string[]): string | undefined {
  const same = known.find(candidate => spelling(candidate) === spelling(key))
  if (same != null) {
    return same
  }
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const distance = editDistance(key, candidate)
    // at most a third of the key's letters wrong, as commander's suggestions
    if (distance < bestDistance && distance <= Math.max(1, Math.floor(candidate.length / 3))) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}
