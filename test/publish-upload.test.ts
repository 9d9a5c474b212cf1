/**
 * The host seeds the admin's upload as it arrives (docs/update-flow.md,
 * "Upload"): the rollout starts at the grant, the host's pushes wait for each
 * chunk, and an upload that breaks off ends the rollout as failed without
 * counting as a release the fleet has. A real host and member in this
 * process; the admin speaks the publish protocol frame by frame, so the test
 * decides when each chunk arrives.
 */
import assert from 'node:assert/strict'
import { lpStream } from '@libp2p/utils'
import { DeploymentState } from '../src/state/index.js'
import { PUBLISH_PROTOCOL, PublishEvent, PublishRequest, UploadChunk } from '../src/protocols/publish/index.js'
import { waitFor } from './helpers.js'
import { admin, dial, host, member, pkg, refusedMatching, useHostUnderAttack } from './hostile-frames-fixtures.js'
import type { Deployment } from '../src/node/host/deployment/index.js'
import type { Stream } from '@libp2p/interface'

describe('publish: the host seeds the upload as it arrives', function () {
  useHostUnderAttack()

  /** Sends the request and reads the grant; the events after it are collected in `events`. */
  async function granted (): Promise<{ stream: Stream, lp: ReturnType<typeof lpStream>, deployment: Deployment, events: PublishEvent[] }> {
    const stream = await dial(admin, PUBLISH_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: 64 * 1024 * 1024 })
    await lp.write(PublishRequest.encode({ signedManifest: pkg.signedManifest, maxFanout: 0 }))
    const first = PublishEvent.decode((await lp.read({ signal: AbortSignal.timeout(5_000) })).subarray())
    assert.equal(first.decision?.granted, true, `granted (${first.decision?.reason ?? 'no decision'})`)
    const events: PublishEvent[] = []
    void (async () => {
      try {
        while (true) events.push(PublishEvent.decode((await lp.read()).subarray()))
      } catch {}
    })()
    const deployment = host.deployment
    assert.ok(deployment != null, 'the deployment is the host\'s rollout')
    return { stream, lp, deployment, events }
  }

  const received = (deployment: Deployment): number => deployment.nodes.get(member.peerId.toString())?.bytesReceived ?? 0

  it('an upload that breaks off after the rollout started ends it as failed, and its version is not counted as delivered', async () => {
    const { stream, lp, deployment, events } = await granted()
    await lp.write(UploadChunk.encode({ index: 0, data: pkg.chunks[0] }))
    // the rollout is under way before the package is whole: the plan, and the member holds the first chunk
    await waitFor(() => received(deployment) >= pkg.chunkSize, 10_000, 'the member to receive the first chunk')
    assert.ok(events.some(event => event.plan != null), 'the admin saw the plan during its upload')
    assert.equal(deployment.state, DeploymentState.uploading)
    stream.abort(new Error('admin gone'))
    const summary = await deployment.done()
    assert.equal(summary.success, false)
    assert.equal(deployment.state, DeploymentState.failed)
    assert.match(summary.reason, /^upload failed: /)
    await refusedMatching(/upload of deployment .* failed/)
    await waitFor(() => host.deployment == null, 2_000, 'the host to let go of the failed rollout')
    // the member was told to drop it and runs what it ran
    assert.equal(await member.installedVersion(), '')
  })

  it('the same version is granted again; the member gets each chunk as it arrives; paused during the upload, it holds until resumed', async () => {
    const { stream, lp, deployment, events } = await granted()
    for (let index = 0; index < pkg.chunks.length; index++) {
      await lp.write(UploadChunk.encode({ index, data: pkg.chunks[index] }))
      if (index < pkg.chunks.length - 1) {
        await waitFor(() => received(deployment) >= (index + 1) * pkg.chunkSize, 10_000, `the member to receive chunk ${index}`)
        assert.equal(deployment.state, index === 0 ? DeploymentState.uploading : DeploymentState.paused, `after chunk ${index}`)
      }
      // an operator may pause right after publishing, while the upload still arrives
      if (index === 0) await deployment.pause()
    }
    await waitFor(() => received(deployment) >= pkg.manifest.fields.size, 10_000, 'the member to hold the whole package')
    await new Promise(resolve => setTimeout(resolve, 500))
    assert.equal(deployment.state, DeploymentState.paused, 'still paused once the upload is whole')
    assert.equal(await member.installedVersion(), '', 'nothing installed while paused')
    await deployment.resume()
    const summary = await deployment.done()
    assert.equal(summary.success, true, summary.reason)
    assert.equal(await member.installedVersion(), pkg.manifest.fields.version)
    await waitFor(() => events.some(event => event.summary != null), 5_000, 'the summary on the admin\'s stream')
    stream.abort(new Error('done'))
  })
})
