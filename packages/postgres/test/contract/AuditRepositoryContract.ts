/**
 * The contract every AuditRepository must meet.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type AuditRecord, AuditRepository, Ids } from "@till/core"
import { Effect } from "effect"

const record = (account: string, objectId: string, action: string, created: number, livemode = false): AuditRecord => ({
  id: `aud_${Ids.ordered()}`,
  object: "audit_record",
  account,
  livemode,
  actor: { type: "dashboard_user", id: "dusr_1", email: "ana@shop.example" },
  action,
  object_id: objectId,
  details: action === "api_key.roll" ? { last4: "AbCd", expires_in: 3600, rolled: true } : null,
  created
})

/** Registers the contract's tests. */
export const auditRepositoryContract = (it: Vitest.MethodsNonLive<AuditRepository>) => {
  it.effect("records read back per object and per account, newest first, in their scope only, with their actor and details", () =>
    Effect.gen(function*() {
      const repo = yield* AuditRepository
      const account = `acct_${Ids.randomBase62()}`
      const other = `acct_${Ids.randomBase62()}`
      const a = record(account, "cs_test_a", "checkout.session.expire", 1_700_000_000)
      const b = record(account, "whdel_b", "webhook_delivery.resend", 1_700_000_010)
      const c = record(account, "cs_test_a", "webhook_delivery.resend", 1_700_000_020)
      const d = record(account, "hash_k", "api_key.roll", 1_700_000_030)
      const sameSecond = record(account, "cs_test_a", "checkout.session.refund", 1_700_000_030)
      const live = record(account, "cs_test_a", "checkout.session.expire", 1_700_000_040, true)
      const elsewhere = record(other, "cs_test_a", "checkout.session.expire", 1_700_000_050)
      for (const r of [a, b, c, d, sameSecond, live, elsewhere]) yield* repo.insert(r)
      const scope = { account, livemode: false }
      const ids = (rs: ReadonlyArray<AuditRecord>) => rs.map((r) => r.id)

      assert.deepStrictEqual(ids(yield* repo.listForObjects(scope, ["cs_test_a"], { limit: 10 })), [sameSecond.id, c.id, a.id])
      assert.deepStrictEqual(ids(yield* repo.listForObjects(scope, ["cs_test_a", "whdel_b"], { limit: 10 })), [sameSecond.id, c.id, b.id, a.id])
      assert.deepStrictEqual(ids(yield* repo.listForObjects(scope, ["cs_test_a"], { limit: 2 })), [sameSecond.id, c.id])
      assert.deepStrictEqual(ids(yield* repo.listForObjects(scope, [], { limit: 10 })), [])
      assert.deepStrictEqual(ids(yield* repo.listForObjects({ account, livemode: true }, ["cs_test_a"], { limit: 10 })), [live.id])
      assert.deepStrictEqual(ids(yield* repo.listForObjects({ account: other, livemode: false }, ["cs_test_a"], { limit: 10 })), [elsewhere.id])

      assert.deepStrictEqual(ids(yield* repo.listForAccount(scope, { limit: 10 })), [sameSecond.id, d.id, c.id, b.id, a.id])
      assert.deepStrictEqual(ids(yield* repo.listForAccount(scope, { limit: 10, actions: ["api_key.roll", "api_key.revoke"] })), [d.id])
      assert.deepStrictEqual(ids(yield* repo.listForAccount(scope, { limit: 10, actions: ["webhook_delivery.resend"] })), [c.id, b.id])
      assert.deepStrictEqual(ids(yield* repo.listForAccount(scope, { limit: 10, actions: [] })), [])

      const [roll] = yield* repo.listForObjects(scope, ["hash_k"], { limit: 1 })
      assert.deepStrictEqual(roll, d)
      const [expire] = yield* repo.listForObjects({ account, livemode: true }, ["cs_test_a"], { limit: 1 })
      assert.deepStrictEqual(expire, live)
    }))
}
