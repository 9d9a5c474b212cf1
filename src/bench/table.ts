/** Plain-text tables for the scripts' output: first `leftColumns` columns left-aligned, the rest right-aligned. */
export function formatTable (header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => (row[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((text, i) => i < leftColumns ? text.padEnd(widths[i]) : text.padStart(widths[i])).join('  ').trimEnd()
  return [line(header), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** Seconds with two decimals, '-' for a missing or infinite value. */
export function seconds (ms: number | undefined): string {
  return ms == null || !Number.isFinite(ms) ? '-' : `${(ms / 1000).toFixed(2)} s`
}

export function ratio (value: number | undefined, digits = 2): string {
  return value == null || !Number.isFinite(value) ? '-' : value.toFixed(digits)
}

/** JSON without Infinity/NaN (as null): results files stay valid JSON. */
export function toJson (value: unknown): string {
  return JSON.stringify(value, (_key, v) => typeof v === 'number' && !Number.isFinite(v) ? null : v, 2)
}
