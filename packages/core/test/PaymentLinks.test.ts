import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import { TestClock } from "effect/testing"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { CONFLICT_RETRIES } from "../src/Conflicts.ts"
import { ConcurrentModification } from "../src/Errors.ts"
import { CreatePaymentLinkParams, UpdatePaymentLinkParams } from "../src/PaymentLink.ts"
import { PaymentLinks } from "../src/PaymentLinks.ts"
import { PaymentLinkRepository } from "../src/ports/PaymentLinkRepository.ts"
import * as Testing from "../src/testing/index.ts"
import { basicParams, T0 } from "./fixtures.ts"

const scope = { account: "acct_1", livemode: false }
const create = Schema.decodeUnknownSync(CreatePaymentLinkParams)

describe("PaymentLinks", () => {
  it.effect("mints a fresh session for each opening, linked back to the link", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const links = yield* PaymentLinks
      const sessions = yield* CheckoutSessions
      const link = yield* links.create(scope, create({ ...basicParams, success_url: "https://shop.example/ok", metadata: { campaign: "spring" } }))
      assert.match(link.id, /^plink_/)
      assert.match(link.token, /^[0-9A-Za-z]{20,}$/)
      assert.notProperty(link, "url")
      assert.notProperty(link, "object")
      assert.strictEqual(link.amount_total, 2000)
      const a = yield* links.mint(link.token)
      const b = yield* links.mint(link.token)
      assert.notStrictEqual(a.session.id, b.session.id)
      for (const s of [a, b]) {
        assert.strictEqual(s.session.payment_link, link.id)
        assert.strictEqual(s.session.amount_total, 2000)
        assert.strictEqual(s.session.success_url, "https://shop.example/ok")
        assert.deepStrictEqual(s.session.metadata, { campaign: "spring" })
      }
      const listed = yield* sessions.list(scope, { payment_link: link.id })
      assert.lengthOf(listed.data, 2)
      assert.deepStrictEqual((yield* links.list(scope, {})).data.map((l) => l.id), [link.id])
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("a deactivated or expired link mints nothing", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const links = yield* PaymentLinks
      const link = yield* links.create(scope, create({ amount: 500, currency: "clp", expires_at: T0 + 3600 }))
      const off = yield* links.update(scope, link.id, Schema.decodeUnknownSync(UpdatePaymentLinkParams)({ active: "false" }))
      assert.isFalse(off.active)
      assert.deepInclude(yield* Effect.flip(links.mint(link.token)), { _tag: "PaymentLinkUnavailable", reason: "inactive" })
      yield* links.update(scope, link.id, { active: true })
      assert.strictEqual((yield* links.mint(link.token)).session.currency, "clp")
      yield* TestClock.adjust("1 hour")
      assert.deepInclude(yield* Effect.flip(links.mint(link.token)), { _tag: "PaymentLinkUnavailable", reason: "expired" })
      assert.strictEqual((yield* Effect.flip(links.mint("nope")))._tag, "ResourceMissing")
      assert.strictEqual((yield* Effect.flip(links.retrieve({ account: "acct_2", livemode: false }, link.id)))._tag, "ResourceMissing")
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("checks the template when the link is created", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const links = yield* PaymentLinks
      assert.deepInclude(yield* Effect.flip(links.create(scope, create({ amount: 5 }))), { param: "currency" })
      assert.deepInclude(yield* Effect.flip(links.create(scope, create({ ...basicParams, expires_at: T0 - 1 }))), { param: "expires_at" })
      assert.throws(() => Schema.decodeUnknownSync(CreatePaymentLinkParams)({ ...basicParams, client_reference_id: "x" }, { onExcessProperty: "error" }))
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("an update that lost a race is made again on a fresh read: both metadata merges land", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const links = yield* PaymentLinks
      const repo = yield* PaymentLinkRepository
      const link = yield* links.create(scope, create({ ...basicParams, metadata: { kept: "yes" } }))
      // another request's merge lands between this update's read and its write, once
      let interfered = false
      const racing = PaymentLinkRepository.of({
        ...repo,
        update: (stored) =>
          Effect.gen(function*() {
            if (!interfered) {
              interfered = true
              yield* Effect.orDie(links.update(scope, link.id, { metadata: { other: "1" } }))
            }
            yield* repo.update(stored)
          })
      })
      const raced = yield* PaymentLinks.make.pipe(Effect.provideService(PaymentLinkRepository, racing))
      const updated = yield* raced.update(scope, link.id, { metadata: { mine: "2" } })
      assert.isTrue(interfered)
      assert.deepStrictEqual(updated.metadata, { kept: "yes", other: "1", mine: "2" })
      assert.deepStrictEqual((yield* links.retrieve(scope, link.id)).metadata, { kept: "yes", other: "1", mine: "2" })
      assert.strictEqual(Option.getOrThrow(yield* repo.findById(link.id)).version, 3)
    }).pipe(Effect.provide(Testing.layer)))

  it.effect("gives up with ConcurrentModification when every write loses", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0 * 1000)
      const links = yield* PaymentLinks
      const repo = yield* PaymentLinkRepository
      const link = yield* links.create(scope, create(basicParams))
      let writes = 0
      const losing = PaymentLinkRepository.of({
        ...repo,
        update: (stored) => Effect.suspend(() => (writes++, Effect.fail(new ConcurrentModification({ id: stored.link.id }))))
      })
      const raced = yield* PaymentLinks.make.pipe(Effect.provideService(PaymentLinkRepository, losing))
      assert.strictEqual((yield* Effect.flip(raced.update(scope, link.id, { active: false })))._tag, "ConcurrentModification")
      assert.strictEqual(writes, CONFLICT_RETRIES + 1)
      assert.isTrue((yield* links.retrieve(scope, link.id)).active)
    }).pipe(Effect.provide(Testing.layer)))
})
