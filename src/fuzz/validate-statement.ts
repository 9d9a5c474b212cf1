/**
 * Target (b), the back channel: `verifyStatement` with receipts and install
 * authorizations that are about another node, deployment or manifest, signed
 * for another domain or by another key, truncated, or signed over garbage.
 * It may return only a payload that names exactly what was expected and was
 * signed, under the right domain, by the expected signer.
 */
import { INSTALL_DOMAIN, RECEIPT_DOMAIN, verifyStatement } from '../protocols/join/statements.js'
import { AuthorizationPayload } from '../protocols/join/join.js'
import { MANIFEST_SIGNATURE_DOMAIN } from '../protocols/manifest/index.js'
import { FIXED_TIME } from './fixture.js'
import { mutate } from './mutate.js'
import { errorName, hex } from './stats.js'
import { breathe, timeUp } from './target.js'
import { concat } from './wire.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'
import type { FuzzTarget, TargetContext } from './target.js'

const TARGET = 'verify statement'
const DOMAINS = [RECEIPT_DOMAIN, INSTALL_DOMAIN, MANIFEST_SIGNATURE_DOMAIN, '', 'cascade/receipt/v1', 'cascade/receipt/v2\n']
const encoder = new TextEncoder()

export const statementValidatorTarget: FuzzTarget = {
  name: 'validate-statement',
  weight: 3,
  async run (ctx: TargetContext, iterations: number): Promise<void> {
    const rng = ctx.rng
    const keys: PrivateKey[] = [ctx.fx.publisher, ...ctx.fx.keys]
    const ids = ['dep-1', 'dep-2', '', 'dep-1\0', 'DEP-1']
    const manifests = [ctx.fx.pkg.manifest.id, ctx.fx.pkg.manifest.id.toUpperCase(), '', 'x'.repeat(64)]
    for (let i = 0; i < iterations; i++) {
      if (i % 32 === 0) {
        if (timeUp(ctx)) {
          break
        }
        await breathe()
      }
      ctx.stats.input(TARGET)
      const domain = rng.weighted([[4, RECEIPT_DOMAIN], [4, INSTALL_DOMAIN], [1, rng.pick(DOMAINS)]])
      const expectedDomain = rng.bool(0.8) ? domain : rng.pick([RECEIPT_DOMAIN, INSTALL_DOMAIN])
      const signerKey = rng.pick(keys)
      const verifierKey = rng.bool(0.8) ? signerKey : rng.pick(keys)
      const expected = { deploymentId: rng.pick(ids), manifestId: rng.pick(manifests), node: rng.pick(ctx.fx.peerIds) }
      const about = rng.bool(0.6)
        ? { ...expected, issuedAt: FIXED_TIME }
        : { deploymentId: rng.pick(ids), manifestId: rng.pick(manifests), node: rng.pick(ctx.fx.peerIds), issuedAt: rng.pick([0, FIXED_TIME, 2 ** 53 - 1]) }
      let payload: Uint8Array<ArrayBuffer> = AuthorizationPayload.encode(about)
      if (rng.bool(0.15)) {
        payload = mutate(rng, payload, 4096)
      }
      let signature = await signerKey.sign(concat([encoder.encode(domain), payload])) as Uint8Array<ArrayBuffer>
      if (rng.bool(0.1)) {
        signature = mutate(rng, signature, 128)
      }
      const signer: PublicKey | undefined = rng.bool(0.98) ? verifierKey.publicKey : undefined
      let result
      try {
        result = await verifyStatement(expectedDomain, { payload, signature }, signer as PublicKey, expected)
      } catch (err: any) {
        ctx.stats.outcome(TARGET, errorName(err))
        if (!(err instanceof Error)) {
          ctx.stats.fail({ target: TARGET, kind: 'crash', message: `verifyStatement threw a non-Error: ${String(err)}`, input: hex(payload), iteration: i })
        }
        continue
      }
      ctx.stats.outcome(TARGET, 'accepted')
      // independent check of what was just accepted
      const genuine = signer != null && await signer.verify(concat([encoder.encode(expectedDomain), payload]), signature)
      let decoded: AuthorizationPayload | undefined
      try {
        decoded = AuthorizationPayload.decode(payload)
      } catch {}
      if (!genuine || decoded == null || decoded.deploymentId !== expected.deploymentId || decoded.manifestId !== expected.manifestId || decoded.node !== expected.node ||
        result.deploymentId !== expected.deploymentId || result.manifestId !== expected.manifestId || result.node !== expected.node) {
        ctx.stats.fail({
          target: TARGET,
          kind: 'invariant',
          message: `accepted a statement that is not a ${JSON.stringify(expectedDomain)} statement by the expected signer about ${JSON.stringify(expected)} (got ${JSON.stringify(decoded)})`,
          input: hex(payload),
          iteration: i
        })
      }
    }
  }
}
