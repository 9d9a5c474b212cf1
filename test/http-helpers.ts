/**
 * For the dashboard and metrics tests: the URLs a host and node print, a
 * raw HTTP request (no URL normalization: `/../` reaches the server as
 * sent), and reading Prometheus' text format.
 */
import { request } from 'node:http'
import type { Fleet } from './fleet.js'

/** `http://HOST:PORT` of the dashboard a fleet's host (`--http`) printed. */
export async function dashboardUrl (fleet: Fleet): Promise<string> {
  const [, url] = await fleet.host.waitForLine(/^dashboard on (http:\/\/[^/\s]+)\//)
  return url
}

/** `http://HOST:PORT/metrics` a node (`--metrics`) printed. */
export async function nodeMetricsUrl (fleet: Fleet, node: number): Promise<string> {
  const [, url] = await fleet.nodes[node].process.waitForLine(/^metrics on (http:\/\/\S+)$/)
  return url
}

export async function httpRequest (url: string, method = 'GET'): Promise<{ status: number, headers: Record<string, unknown>, body: string }> {
  const { host, protocol } = new URL(url)
  const path = url.slice(`${protocol}//${host}`.length) || '/'
  return new Promise((resolve, reject) => {
    const req = request(`${protocol}//${host}`, { method, path }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, headers: response.headers, body }) })
    })
    req.on('error', reject)
    req.end()
  })
}

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** The samples of Prometheus' text exposition format (comments skipped). */
export function parseMetrics (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (match == null) {
      continue
    }
    const labels: Record<string, string> = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) })
  }
  return samples
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function metricSum (samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter(sample => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0)
}

export async function scrape (url: string): Promise<Sample[]> {
  const response = await httpRequest(url)
  if (response.status !== 200) {
    throw new Error(`GET ${url}: ${response.status}`)
  }
  return parseMetrics(response.body)
}
