import assert from 'node:assert/strict'
import { generateKey } from '../src/node/identity.js'
import { INSTALL_DOMAIN, RECEIPT_DOMAIN, signStatement, verifyStatement } from '../src/protocols/join/index.js'

describe('back-channel statements (receipts and install authorizations)', () => {
  const about = { deploymentId: 'd1', manifestId: 'm1', node: '12D3KooWnode' }

  it('verifies an authorization signed by the host for this node and deployment', async () => {
    const host = await generateKey()
    const statement = await signStatement(INSTALL_DOMAIN, { ...about, issuedAt: 1 }, host)
    const payload = await verifyStatement(INSTALL_DOMAIN, statement, host.publicKey, about)
    assert.equal(payload.node, about.node)
  })

  it('refuses one forged with another key', async () => {
    const host = await generateKey()
    const forger = await generateKey()
    const forged = await signStatement(INSTALL_DOMAIN, { ...about, issuedAt: 1 }, forger)
    await assert.rejects(verifyStatement(INSTALL_DOMAIN, forged, host.publicKey, about), { name: 'InvalidStatementError', message: /signature/ })
  })

  it('refuses one for another node, or another deployment, or another package', async () => {
    const host = await generateKey()
    for (const other of [{ node: '12D3KooWother' }, { deploymentId: 'd2' }, { manifestId: 'm2' }]) {
      const statement = await signStatement(INSTALL_DOMAIN, { ...about, ...other, issuedAt: 1 }, host)
      await assert.rejects(verifyStatement(INSTALL_DOMAIN, statement, host.publicKey, about), { name: 'InvalidStatementError', message: /statement is for/ })
    }
  })

  it('refuses a receipt passed off as an authorization (domain separation)', async () => {
    const key = await generateKey()
    const receipt = await signStatement(RECEIPT_DOMAIN, { ...about, issuedAt: 1 }, key)
    await assert.rejects(verifyStatement(INSTALL_DOMAIN, receipt, key.publicKey, about), { name: 'InvalidStatementError' })
  })

  it('refuses a tampered payload', async () => {
    const host = await generateKey()
    const statement = await signStatement(INSTALL_DOMAIN, { ...about, issuedAt: 1 }, host)
    statement.payload[statement.payload.length - 1] ^= 1
    await assert.rejects(verifyStatement(INSTALL_DOMAIN, statement, host.publicKey, about), { name: 'InvalidStatementError' })
  })
})
