/**
 * Live fuzz sessions against the host: hostile join, status, publish and
 * admin streams from attacker peers, hostile uploads from the authorized
 * admin, and protocols the host does not handle.
 */
import { ADMIN_PROTOCOL, AdminRequest, AdminResponse, MAX_ADMIN_REQUEST_BYTES } from '../protocols/admin/index.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES, NodeMessage } from '../protocols/join/index.js'
import { PROBE_PROTOCOL } from '../protocols/probe/index.js'
import { MAX_PUBLISH_FRAME_BYTES, PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk } from '../protocols/publish/index.js'
import { PUSH_PROTOCOL } from '../protocols/push/index.js'
import { MAX_STATUS_REQUEST_BYTES, STATUS_PROTOCOL, StatusRequest } from '../protocols/status/index.js'
import { frameWith, parseFrames, splitWrites } from './frames.js'
import { attacker, decodeOr, payloadOf } from './live-session-kind.js'
import { mutate } from './mutate.js'
import { concat } from './wire.js'
import type { Network } from './live-network.js'
import type { Planned, SessionKind } from './live-session-kind.js'
import type { Rng } from './rng.js'
import type { SessionResult } from './session.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** A hostile stream from an attacker peer to the host; `writes` is built after the attacker is picked, so a seed gives the same input. */
function toHost (net: Network, rng: Rng, protocol: string, writes: () => Uint8Array<ArrayBuffer>, timeoutMs: number, check?: Planned['check']): Planned {
  const dialer = attacker(net, rng)
  return { dialer, to: net.hostAddr, protocol, writes: splitWrites(rng, writes()), closeWrite: rng.bool(0.9), timeoutMs, check }
}

export const joinHost: SessionKind = {
  name: 'join → host',
  weight: 4,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'join/JoinRequest', v => JoinRequest.encode(v)), MAX_CONTROL_MESSAGE_BYTES)
    const rest = rng.bool(0.5)
      ? Array.from({ length: rng.range(1, 3) }, () => frameWith(rng, payloadOf(rng, fx, 'join/NodeMessage', v => NodeMessage.encode(v)), MAX_CONTROL_MESSAGE_BYTES, 0.6).bytes)
      : []
    return toHost(net, rng, JOIN_PROTOCOL, () => concat([first.bytes, ...rest]), 700, (result) => {
      const answer = parseFrames(result.received, 1)[0]
      if (answer != null && decodeOr(b => JoinResponse.decode(b), answer) == null) {
        return 'the host answered a join with something that is not a JoinResponse'
      }
      return undefined
    })
  }
}

export const statusHost: SessionKind = {
  name: 'status → host',
  weight: 3,
  plan (net, rng, fx) {
    const first = frameWith(rng, payloadOf(rng, fx, 'status/StatusRequest', v => StatusRequest.encode(v), 2048), MAX_STATUS_REQUEST_BYTES)
    return toHost(net, rng, STATUS_PROTOCOL, () => rng.bool(0.2) ? concat([first.bytes, rng.bytes(rng.size(512))]) : first.bytes, 1_500)
  }
}

function neverGranted (result: SessionResult): string | undefined {
  for (const frame of parseFrames(result.received)) {
    if (decodeOr(b => PublishEvent.decode(b), frame)?.decision?.granted === true) {
      return 'the host granted a publish to a peer that is not an authorized admin'
    }
  }
  return undefined
}

/** One framed request of `type` (valid, mutated or random) from an attacker peer to the host, the answer checked by `check`. */
function oneRequestToHost (name: string, weight: number, protocol: string, type: string, encode: (value: any) => Uint8Array<ArrayBuffer>, maxFrameBytes: number, check: Planned['check']): SessionKind {
  return {
    name,
    weight,
    plan (net, rng, fx) {
      const first = frameWith(rng, payloadOf(rng, fx, type, encode), maxFrameBytes)
      return toHost(net, rng, protocol, () => first.bytes, 1_500, check)
    }
  }
}

export const publishHost = oneRequestToHost('publish → host', 2, PUBLISH_PROTOCOL, 'publish/PublishRequest', v => PublishRequest.encode(v), MAX_PUBLISH_FRAME_BYTES, neverGranted)

/** The authorized admin: a valid request (usually), then hostile upload frames. The package can never complete. */
export const publishAsAdmin: SessionKind = {
  name: 'publish (admin) → host',
  weight: 2,
  plan (net, rng, fx) {
    if (net.adminBusy) {
      return 'admin session already running'
    }
    const pkg = fx.adminPkg
    const request = PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: rng.int(4) })
    const first = rng.bool(0.85) ? frameWith(rng, request, MAX_PUBLISH_FRAME_BYTES, 1) : frameWith(rng, mutate(rng, request, 64 * 1024), MAX_PUBLISH_FRAME_BYTES)
    const uploads = Array.from({ length: rng.range(0, 6) }, () => {
      const index = rng.int(pkg.chunks.length)
      const valid = UploadChunk.encode({ index, data: pkg.chunks[index] })
      return frameWith(rng, rng.bool(0.4) ? valid : mutate(rng, valid, 64 * 1024), MAX_PUBLISH_FRAME_BYTES, 0.7).bytes
    })
    // sometimes the admin vanishes right after its request, before the host's answer
    const vanish = rng.bool(0.15)
    net.adminBusy = true
    return {
      dialer: net.admin,
      to: net.hostAddr,
      protocol: PUBLISH_PROTOCOL,
      writes: vanish ? [first.bytes] : splitWrites(rng, concat([first.bytes, ...uploads])),
      closeWrite: true,
      timeoutMs: 3_000,
      afterWrites: vanish ? async (stream) => { stream.abort(new Error('the admin vanished')) } : undefined,
      // checkLiveness then checks that the failed upload did not leave its deployment holding the host
      done () { net.adminBusy = false }
    }
  }
}

function neverAnsweredAdmin (result: SessionResult): string | undefined {
  for (const frame of parseFrames(result.received)) {
    const response = decodeOr(b => AdminResponse.decode(b), frame)
    if (response != null && response.error === '') {
      return 'the host answered an admin request from a peer that is not an admin without refusing it'
    }
  }
  return undefined
}

/** Admin requests from a peer that is not an admin: every one must be refused (src/node/host/admin-service.ts). */
export const adminHost = oneRequestToHost('admin → host', 1, ADMIN_PROTOCOL, 'admin/AdminRequest', v => AdminRequest.encode(v), MAX_ADMIN_REQUEST_BYTES, neverAnsweredAdmin)

export const wrongProtocol: SessionKind = {
  name: 'unhandled protocol',
  weight: 0.5,
  plan (net, rng) {
    const [to, protocol] = rng.pick<[Multiaddr, string]>([
      [net.hostAddr, PUSH_PROTOCOL], [net.hostAddr, PROBE_PROTOCOL], [net.hostAddr, '/cascade/join/2.0.0'],
      [net.memberAddr, JOIN_PROTOCOL], [net.memberAddr, STATUS_PROTOCOL], [net.memberAddr, PUBLISH_PROTOCOL]
    ])
    return { dialer: attacker(net, rng), to, protocol, writes: [rng.bytes(rng.size(64))], closeWrite: true, timeoutMs: 1_000 }
  }
}

