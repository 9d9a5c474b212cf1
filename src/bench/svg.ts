/**
 * Small hand-written SVG line charts for the benchmark's results (no
 * dependencies): linear or logarithmic y, straight or step lines, markers,
 * a legend, and labelled vertical rules.
 */

export interface Series {
  name: string
  points: Array<[number, number]>
  color?: string
  dashed?: boolean
  /** draw as a staircase (a cumulative count) */
  step?: boolean
  markers?: boolean
}

export interface Rule {
  x: number
  label: string
}

export interface ChartSpec {
  title: string
  xLabel: string
  yLabel: string
  series: Series[]
  logY?: boolean
  /** logarithmic x (positive x only) */
  logX?: boolean
  /** x positions to label; default: five even ticks */
  xTicks?: number[]
  rules?: Rule[]
  width?: number
  height?: number
  /** force the y range to include these */
  yInclude?: number[]
}

const PALETTE = ['#1b6ac9', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d6a9f', '#30343f']

const MARGIN = { left: 64, right: 16, top: 36, bottom: 48 }

function escape (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function evenTicks (min: number, max: number, count: number): number[] {
  if (max <= min) return [min]
  const rough = (max - min) / count
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= rough) ?? rough
  const ticks: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)))
  return ticks
}

function logTicks (min: number, max: number): number[] {
  const ticks: number[] = []
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e
      if (t >= min * 0.999 && t <= max * 1.001) ticks.push(Number(t.toPrecision(12)))
    }
  }
  return ticks
}

function label (value: number): string {
  return Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value * 100) / 100) : value.toPrecision(2)
}

export function lineChart (spec: ChartSpec): string {
  const width = spec.width ?? 640
  const height = spec.height ?? 400
  const plotW = width - MARGIN.left - MARGIN.right
  const legendRows = spec.series.length
  const plotH = height - MARGIN.top - MARGIN.bottom - legendRows * 16
  const finite = spec.series.flatMap(s => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0))
  const xs = [...finite.map(p => p[0]), ...(spec.xTicks ?? []), ...(spec.rules ?? []).map(r => r.x)]
  const ys = [...finite.map(p => p[1]), ...(spec.yInclude ?? [])]
  let xMin = Math.min(...xs, spec.xTicks == null ? 0 : Infinity)
  let xMax = Math.max(...xs)
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) { xMin = 0; xMax = 1 }
  if (xMax === xMin) xMax = xMin + 1
  if (spec.logX === true && xMin > 0) {
    // a little room either side of the first and last tick
    xMin /= 1.15
    xMax *= 1.15
  }
  let yMin = spec.logY ? Math.min(...ys) : Math.min(0, ...ys)
  let yMax = Math.max(...ys)
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) { yMin = spec.logY ? 1 : 0; yMax = yMin + 1 }
  if (spec.logY) {
    yMin = 10 ** Math.floor(Math.log10(yMin))
    yMax = 10 ** Math.ceil(Math.log10(yMax))
  } else {
    yMax = yMax * 1.05
  }
  if (yMax === yMin) yMax = yMin + 1
  const sx = (x: number): number => spec.logX === true && xMin > 0
    ? MARGIN.left + (Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin)) * plotW
    : MARGIN.left + (x - xMin) / (xMax - xMin) * plotW
  const sy = (y: number): number => spec.logY
    ? MARGIN.top + plotH - (Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin)) * plotH
    : MARGIN.top + plotH - (y - yMin) / (yMax - yMin) * plotH
  const f = (n: number): string => n.toFixed(1)

  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`)
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`)
  out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(spec.title)}</text>`)
  // grid and axes
  const yTicks = spec.logY ? logTicks(yMin, yMax) : evenTicks(yMin, yMax, 5)
  for (const t of yTicks) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${label(t)}</text>`)
  }
  const xTicks = spec.xTicks ?? evenTicks(xMin, xMax, 6)
  for (const t of xTicks) {
    out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#f0f0f0"/>`)
    out.push(`<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${label(t)}</text>`)
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`)
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 34}" text-anchor="middle">${escape(spec.xLabel)}</text>`)
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(spec.yLabel)}</text>`)
  for (const rule of spec.rules ?? []) {
    out.push(`<line x1="${f(sx(rule.x))}" x2="${f(sx(rule.x))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#555" stroke-dasharray="2 3"/>`)
    out.push(`<text x="${f(sx(rule.x) + 3)}" y="${MARGIN.top + 12}" fill="#555">${escape(rule.label)}</text>`)
  }
  // series
  spec.series.forEach((series, i) => {
    const color = series.color ?? PALETTE[i % PALETTE.length]
    const points = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0)).sort((a, b) => a[0] - b[0])
    if (points.length > 0) {
      const path: string[] = []
      points.forEach(([x, y], k) => {
        if (k === 0) path.push(`M${f(sx(x))},${f(sy(y))}`)
        else if (series.step === true) path.push(`H${f(sx(x))}V${f(sy(y))}`)
        else path.push(`L${f(sx(x))},${f(sy(y))}`)
      })
      out.push(`<path d="${path.join('')}" fill="none" stroke="${color}" stroke-width="2"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`)
      if (series.markers !== false && series.step !== true) {
        for (const [x, y] of points) out.push(`<circle cx="${f(sx(x))}" cy="${f(sy(y))}" r="3.5" fill="${color}"/>`)
      }
    }
    const ly = MARGIN.top + plotH + 48 + i * 16 - 6
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`)
    out.push(`<text x="${MARGIN.left + 30}" y="${ly}">${escape(series.name)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
