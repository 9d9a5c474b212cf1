/**
 * Hostile frames on the join control channel after a valid JoinRequest
 * (garbage, an oversized message), joins that are not enrolled, and a member
 * reporting an absurd version: each ends that member's channel or is refused
 * with a reason, and the host carries on.
 */
import assert from 'node:assert/strict'
import { lpStream } from '@libp2p/utils'
import { encode as varint } from 'uint8-varint'
import { generateKey } from '../src/node/identity.js'
import { createCascadeLibp2p } from '../src/node/libp2p.js'
import { JOIN_PROTOCOL, JoinRequest, JoinResponse, MAX_CONTROL_MESSAGE_BYTES } from '../src/protocols/join/index.js'
import { PUBLISH_PROTOCOL, PublishEvent, PublishRequest } from '../src/protocols/publish/index.js'
import { admin, assertHostCarriesOn, attacker, dial, ended, host, pkg, refusedMatching, useHostUnderAttack } from './hostile-frames-fixtures.js'
import type { Stream } from '@libp2p/interface'

describe('hostile frames: publish and the join control channel (host)', function () {
  useHostUnderAttack()

  describe('the control channel after a valid JoinRequest', () => {
    /** Joins as the attacker, an enrolled device gone bad (it has the join token); resolves with the stream once accepted. */
    async function joined (): Promise<{ stream: Stream, lp: ReturnType<typeof lpStream> }> {
      const stream = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(stream)
      await lp.write(JoinRequest.encode({ version: '', listenAddrs: [], labels: [], uploadLimit: 0, joinToken: host.joinToken ?? '' }))
      assert.equal(JoinResponse.decode((await lp.read()).subarray()).accepted, true)
      return { stream, lp }
    }

    it('garbage after the join ends that member\'s channel and nothing else', async () => {
      const left = new Promise<string>(resolve => host.once('member:left', ({ peerId }) => { resolve(peerId) }))
      const { stream } = await joined()
      stream.send(varint(4))
      stream.send(new Uint8Array([0xff, 0xff, 0xff, 0xff]))
      assert.equal(await left, attacker.peerId.toString())
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })

    it('an oversized control message after the join ends that member\'s channel', async () => {
      const left = new Promise<string>(resolve => host.once('member:left', ({ peerId }) => { resolve(peerId) }))
      const { stream } = await joined()
      stream.send(varint(MAX_CONTROL_MESSAGE_BYTES + 1))
      stream.send(new Uint8Array(4096))
      assert.equal(await left, attacker.peerId.toString())
      stream.abort(new Error('done'))
      await assertHostCarriesOn()
    })

    // A fixed bug, kept as a regression test: after a valid JoinRequest, garbage (or an oversized
    // frame, or a clean half-close) on the control channel ended the channel, but the host only
    // logged it at debug level and left the stream open, with no 'refused' event: a leaked stream
    // per session, and with maxInboundStreams 4 a peer that hit this 4 times could not join again on
    // that connection. The host now refuses it with a reason ("control channel: …") and resets the
    // stream.
    it('garbage after the join is refused with a reason and the stream is reset', async () => {
      const { stream } = await joined()
      stream.send(varint(4))
      stream.send(new Uint8Array([0xff, 0xff, 0xff, 0xff]))
      assert.notEqual(await ended(stream, 2_000), 'still open')
      await refusedMatching(/control channel/)
    })

    it('refuses a join from a peer that is not enrolled (no token, or a wrong one)', async () => {
      for (const joinToken of ['', 'not-the-token']) {
        const stranger = await createCascadeLibp2p({ privateKey: await generateKey() })
        try {
          const stream = await dial(stranger, JOIN_PROTOCOL)
          const lp = lpStream(stream)
          await lp.write(JoinRequest.encode({ version: '99999', listenAddrs: [], labels: [], uploadLimit: 0, joinToken }))
          const response = JoinResponse.decode((await lp.read()).subarray())
          assert.equal(response.accepted, false)
          assert.match(response.reason, /not enrolled/)
        } finally {
          await stranger.stop()
        }
      }
      await refusedMatching(/not enrolled/)
      await assertHostCarriesOn()
    })

    // BUG (lower severity since enrolment: it needs an enrolled device): PublishService.refusal
    // compares the release against the highest version any online member *reports*, and
    // validateJoinRequest accepts any printable version. One enrolled device that reports "99999"
    // (compromised, or a bad local build) blocks every normal release for the whole fleet: "version
    // 1.0.0 is not newer than 99999, which the fleet runs". Fix: compare against versions the host
    // itself published (its deployment records), or only refuse per node (skip that node as a
    // target), never the whole release; at least require NAME_PATTERN for reported versions.
    it('one member reporting version 99999 does not block the next release', async () => {
      const { stream } = await joined()
      stream.abort(new Error('re-join with a version'))
      const again = await dial(attacker, JOIN_PROTOCOL)
      const lp = lpStream(again)
      await lp.write(JoinRequest.encode({ version: '99999', listenAddrs: [], labels: [], uploadLimit: 0 }))
      assert.equal(JoinResponse.decode((await lp.read()).subarray()).accepted, true)
      const publishStream = await dial(admin, PUBLISH_PROTOCOL)
      const publishLp = lpStream(publishStream, { maxDataLength: 64 * 1024 * 1024 })
      await publishLp.write(PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 }))
      const first = PublishEvent.decode((await publishLp.read()).subarray())
      publishStream.abort(new Error('done'))
      again.abort(new Error('done'))
      assert.equal(first.decision?.granted, true, first.decision?.reason)
    })
  })
})
