import assert from 'node:assert/strict'
import { describeFinished, describeStarted } from '../src/cli/deployment-lines.js'

describe('the host\'s deployment lines', () => {
  it('says who started what, to how many nodes, and how each deployment ended with every failure\'s reason', () => {
    assert.equal(describeStarted({ id: 'lx2a-1f3e', name: 'app', version: '2.0.0', targets: ['a', 'b'], waves: [0.5, 1], admin: '12D3KooAdmin', catchUp: false }),
      'deployment lx2a-1f3e started: app 2.0.0 to 2 nodes in waves 50%,100% (by 12D3KooAdmin)')
    assert.equal(describeStarted({ id: 'lx2a-1f3e', name: 'app', version: '2.0.0', targets: ['12D3KooLate'], waves: [], admin: 'host', catchUp: true }),
      'catch-up of 12D3KooLate to app 2.0.0 started (deployment lx2a-1f3e)')
    const many = Array.from({ length: 10 }, (_, i) => `12D3KooLate${i}`)
    assert.equal(describeStarted({ id: 'lx2a-1f3e', name: 'app', version: '2.0.0', targets: many, waves: [], admin: 'host', catchUp: true }),
      `catch-up of ${many.slice(0, 8).join(', ')} and 2 more members to app 2.0.0 started (deployment lx2a-1f3e)`)
    const finished = { id: 'lx2a-1f3e', name: 'app', version: '2.0.0', makespanMs: 9_700, hostBytesSent: 2048, packageSize: 2048, catchUp: false }
    assert.equal(describeFinished({ ...finished, state: 'succeeded', reason: '', counts: { done: 8 } }),
      'deployment lx2a-1f3e succeeded in 9.7 s: 8 done; host sent 1.00 × the package')
    assert.equal(describeFinished({ ...finished, state: 'failed', reason: '12D3KooX: rolled-back (health check failed)', counts: { done: 7, 'rolled-back': 1 } }),
      'deployment lx2a-1f3e failed in 9.7 s: 7 done, 1 rolled-back (12D3KooX: rolled-back (health check failed)); host sent 1.00 × the package')
  })
})
