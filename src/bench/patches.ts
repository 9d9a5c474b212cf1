import { fileURLToPath } from 'node:url'

/**
 * Environment that makes every cascade process of a run load the
 * benchmark-only preload `preload-keep-pinged-connections.js` (see there):
 * a measurement of a proposed change, always labelled as such.
 */
export function keepPingedConnectionsEnv (): NodeJS.ProcessEnv {
  const preload = fileURLToPath(new URL('./preload-keep-pinged-connections.js', import.meta.url))
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() }
}
