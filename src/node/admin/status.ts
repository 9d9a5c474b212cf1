import { parseHostAddress } from '../host-address.js'
import { boundedPbStream } from '../control-channel.js'
import { withEphemeralPeer } from './ephemeral-peer.js'
import { MAX_STATUS_RESPONSE_BYTES, STATUS_PROTOCOL, STATUS_TIMEOUT_MS, StatusRequest, StatusResponse } from '../../protocols/status/index.js'

export class StatusRefusedError extends Error {
  static override readonly name = 'StatusRefusedError'
  override readonly name = 'StatusRefusedError'
}

export interface StatusOptions {
  /** an admin key file: needed for `remeasure` */
  key?: string
  remeasure?: boolean
  timeoutMs?: number
}

/** Asks the host for its members (fastest first) over `/cascade/status/1.0.0`. */
export async function fetchStatus (host: string, options: StatusOptions = {}): Promise<StatusResponse> {
  const { addr } = parseHostAddress(host)
  return withEphemeralPeer(options.key, async (libp2p) => {
    const signal = AbortSignal.timeout(options.timeoutMs ?? STATUS_TIMEOUT_MS + (options.remeasure === true ? 600_000 : 0))
    const stream = await libp2p.dialProtocol(addr, STATUS_PROTOCOL, { signal })
    const pb = boundedPbStream(stream, MAX_STATUS_RESPONSE_BYTES)
    await pb.write({ remeasure: options.remeasure === true }, StatusRequest, { signal })
    const response = await pb.read(StatusResponse, { signal })
    await stream.close({ signal }).catch(() => {})
    if (response.error !== '') {
      throw new StatusRefusedError(response.error)
    }
    return response
  })
}
