/**
 * The string literals of a TypeScript source, found by a small lexer (the
 * project's TypeScript compiler has no JavaScript API): quoted strings and
 * templates without substitutions, with their line; comments, regular
 * expression literals and the code inside `${…}` are read past correctly.
 */

export interface StringLiteral {
  /** the literal's value, escapes left as written */
  text: string
  /** 1-based */
  line: number
  /** the token before it: `from` or `import` make it a module specifier */
  after: string
}

/** After one of these a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^'])
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'void', 'throw', 'delete', 'new', 'else', 'do', 'yield', 'await'])

export function stringLiterals (source: string): StringLiteral[] {
  const found: StringLiteral[] = []
  let i = 0
  let line = 1
  /** the last significant token's last character, or a keyword */
  let previous = ''

  const advance = (to: number): void => {
    for (; i < to; i++) {
      if (source[i] === '\n') line++
    }
  }

  /** Reads a quoted string from i (at the quote); returns its text. */
  const quoted = (quote: string): string => {
    let j = i + 1
    while (j < source.length && source[j] !== quote && source[j] !== '\n') {
      j += source[j] === '\\' ? 2 : 1
    }
    const text = source.slice(i + 1, j)
    advance(j + 1)
    return text
  }

  /** Reads a template from i (at the backtick); returns its text, or undefined if it has substitutions. */
  const template = (): string | undefined => {
    const start = i + 1
    let plain = true
    advance(i + 1)
    while (i < source.length && source[i] !== '`') {
      if (source[i] === '\\') {
        advance(i + 2)
      } else if (source[i] === '$' && source[i + 1] === '{') {
        plain = false
        advance(i + 2)
        code('}')
        advance(i + 1)
      } else {
        advance(i + 1)
      }
    }
    const text = source.slice(start, i)
    advance(i + 1)
    return plain ? text : undefined
  }

  const regex = (): void => {
    let inClass = false
    advance(i + 1)
    while (i < source.length && source[i] !== '\n' && (inClass || source[i] !== '/')) {
      if (source[i] === '\\') advance(i + 1)
      else if (source[i] === '[') inClass = true
      else if (source[i] === ']') inClass = false
      advance(i + 1)
    }
    advance(i + 1)
  }

  /** Reads code until an unmatched `until` (or the end). */
  function code (until?: string): void {
    let depth = 0
    while (i < source.length) {
      const c = source[i]
      if (c === until && depth === 0) return
      if (c === '{') depth++
      if (c === '}') depth--
      if (c === '/' && source[i + 1] === '/') {
        advance(source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i))
      } else if (c === '/' && source[i + 1] === '*') {
        const end = source.indexOf('*/', i + 2)
        advance(end === -1 ? source.length : end + 2)
      } else if (c === '"' || c === "'") {
        const at = line
        found.push({ text: quoted(c), line: at, after: previous })
        previous = 'literal'
      } else if (c === '`') {
        const at = line
        const after = previous
        const text = template()
        if (text !== undefined) found.push({ text, line: at, after })
        previous = 'literal'
      } else if (c === '/' && (BEFORE_REGEX.has(previous) || KEYWORDS_BEFORE_REGEX.has(previous))) {
        regex()
        previous = 'literal'
      } else if (/[A-Za-z0-9_$]/.test(c)) {
        const word = /^[A-Za-z0-9_$]+/.exec(source.slice(i, i + 64))?.[0] ?? c
        previous = word
        advance(i + word.length)
      } else {
        if (!/\s/.test(c)) previous = c
        advance(i + 1)
      }
    }
  }

  code()
  return found
}
