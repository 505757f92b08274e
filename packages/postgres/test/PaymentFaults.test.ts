/**
 * A card approval is never forgotten and a session is never charged twice when the database fails
 * under the payment (nor a refund forgotten or made twice when it fails under the refund's answer): on PostgreSQL a TCP proxy between Till and the server cuts the connection that
 * carries the success write (before it reaches the server, or after, so it commits and its answer is
 * lost, or every time for longer than the write's retries); on PGlite the same faults are injected
 * into the driver. The test processor keeps its ledger in the same database, so "one approval" is
 * counted where a processor would count it.
 */
import { PGlite, types } from "@electric-sql/pglite"
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import { AttemptTimeout, Charges, CheckoutSessions, type Scope, SessionRepository, TestProcessorLedger } from "@till/core"
import { Context, Effect, Layer, Option } from "effect"
import { Kysely, PGliteDialect } from "kysely"
import { join } from "node:path"
import * as Connection from "../src/Connection.ts"
import type { Database } from "../src/Database.ts"
import { Db } from "../src/Db.ts"
import { migrateToLatest } from "../src/Migrations.ts"
import * as Repositories from "../src/Repositories.ts"
import { freshPostgresUrl, hasPostgres, postgresUrl, tempDir } from "../src/testing/Databases.ts"
import * as FaultProxy from "../src/testing/FaultProxy.ts"
import type { CutWhen } from "../src/testing/FaultProxy.ts"
import * as FaultyDialect from "./support/FaultyDialect.ts"
import { newScope } from "./support/Fixtures.ts"
import { allEvents, type RaceServices, useCases } from "./support/Races.ts"
import { NoOutbox } from "../src/testing/index.ts"

/** The bytes that only the success write carries: the session document, paid. */
const SUCCESS_WRITE = `"payment_status":"paid"`

/** A database whose statements can be made to fail, and the use cases over it. */
interface Faulty {
  readonly services: Context.Context<RaceServices>
  /** Fails the next `times` statements carrying `pattern`; answers how many it failed so far. */
  readonly failOn: (pattern: string, when: CutWhen, times?: number) => { readonly count: () => number; readonly stop: () => void }
}

/** The faulty database a group of tests shares (each test pays its own session). */
class FaultyDb extends Context.Service<FaultyDb, Faulty>()("test/FaultyDb") {}

/** PGlite in a fresh directory, faults injected into its driver. */
const pgliteFaulty = Effect.gen(function*() {
  const dir = join(yield* tempDir(), "data")
  const pglite = yield* Effect.acquireRelease(
    Effect.promise(() => PGlite.create({ dataDir: dir, parsers: { [types.INT8]: (value: string) => value } })),
    (p) => Effect.promise(() => p.closed ? Promise.resolve() : p.close())
  )
  const { dialect, faults } = FaultyDialect.wrap(new PGliteDialect({ pglite }))
  const kysely = new Kysely<Database>({ dialect })
  yield* Effect.promise(() => migrateToLatest(kysely))
  const db = Layer.succeed(Db, Db.of({ kysely, backend: "pglite", pglite }))
  const services = yield* Layer.build(useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(db))))
  return { services, failOn: faults.failOn } satisfies Faulty
})

/** PostgreSQL (a fresh database) reached through the fault proxy. */
const postgresFaulty = Effect.gen(function*() {
  const url = yield* freshPostgresUrl
  const proxy = yield* Effect.acquireRelease(Effect.promise(() => FaultProxy.start(postgresUrl!)), (p) => Effect.promise(p.close))
  const services = yield* Layer.build(
    useCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(Connection.layerPostgres(proxy.via(url), { poolSize: 4 }))))
  )
  return { services, failOn: proxy.cutOn } satisfies Faulty
})

const scope: Scope = newScope()

const paySession = (faulty: Faulty) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const { session } = yield* sessions.create(scope, { amount: 4200, currency: "usd" })
    const paid = yield* Effect.exit(sessions.pay(scope, session.id, { payment_method: "pm_card_visa" }))
    return { id: session.id, paid }
  }).pipe(Effect.provide(faulty.services))

/** The session is complete, the processor approved exactly once, and each event was written once. */
const assertChargedOnce = (faulty: Faulty, id: string) =>
  Effect.gen(function*() {
    const state = Option.getOrThrow(yield* (yield* SessionRepository).findById(id))
    assert.strictEqual(state.session.status, "complete")
    assert.strictEqual(state.payment_intent?.status, "succeeded")
    assert.isNull(state.attempt)
    const entries = yield* (yield* TestProcessorLedger).listByPaymentIntent(state.payment_intent!.id)
    assert.strictEqual(entries.filter((e) => e.outcome._tag === "Succeeded").length, 1, "approvals at the processor")
    const mine = (yield* allEvents(scope)).filter((e) =>
      e.data.object.object === "checkout.session" ? e.data.object.id === id : e.data.object.checkout_session === id
    )
    assert.deepStrictEqual(mine.map((e) => e.type).sort(), ["checkout.session.completed", "payment_intent.succeeded"])
  }).pipe(Effect.provide(faulty.services))

const faultTests = (it: Vitest.MethodsNonLive<FaultyDb>) => {
  const onceCut: ReadonlyArray<readonly [CutWhen, string]> = [
    ["before", "the connection carrying the success write is cut before it lands: the write is retried, one approval"],
    ["after", "the success write commits and its answer is lost: the retry recognises it, events once"]
  ]
  for (const [when, title] of onceCut) {
    it.effect(title, () =>
      Effect.gen(function*() {
        const faulty = yield* FaultyDb
        const cut = faulty.failOn(SUCCESS_WRITE, when)
        const { id, paid } = yield* paySession(faulty)
        assert.strictEqual(cut.count(), 1)
        assert.isTrue(paid._tag === "Success", String(paid))
        yield* assertChargedOnce(faulty, id)
      }), 60_000)
  }

  it.effect("every success write is cut for longer than the retries: the request fails, reconciliation completes the session, one approval", () =>
    Effect.gen(function*() {
      const faulty = yield* FaultyDb
      const cut = faulty.failOn(SUCCESS_WRITE, "before", 1_000)
      const { id, paid } = yield* paySession(faulty)
      cut.stop()
      assert.isAtLeast(cut.count(), 2)
      assert.isTrue(paid._tag === "Failure")
      yield* Effect.gen(function*() {
        const sessions = yield* CheckoutSessions
        // the database is back; the attempt is unresolved, so no second charge can start
        const stuck = Option.getOrThrow(yield* (yield* SessionRepository).findById(id))
        assert.isNotNull(stuck.attempt)
        assert.strictEqual(stuck.payment_intent?.status, "processing")
        assert.strictEqual((yield* Effect.flip(sessions.pay(scope, id, { payment_method: "pm_card_visa" })))._tag, "PaymentInProgress")
        // the worker's sweep, once the attempt is past its timeout (here at once), asks the processor
        assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      }).pipe(Effect.provide(faulty.services))
      yield* assertChargedOnce(faulty, id)
    }), 60_000)
}

/** The bytes that only a capture's write carries: the payment intent (and its event's snapshot), succeeded. */
const CAPTURE_WRITE = `"status":"succeeded"`

/** A session with manual capture, paid: its intent is held, awaiting capture. */
const heldIntent = (faulty: Faulty) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const { session } = yield* sessions.create(scope, { amount: 4200, currency: "usd", payment_intent_data: { capture_method: "manual" } })
    return yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })
  }).pipe(Effect.provide(faulty.services))

/** The intent is captured for `amount`, the processor settled it once, and one payment_intent.succeeded says so. */
const assertCapturedOnce = (faulty: Faulty, intent: string, amount: number) =>
  Effect.gen(function*() {
    const stored = yield* (yield* CheckoutSessions).retrievePaymentIntent(scope, intent)
    assert.deepStrictEqual([stored.status, stored.amount_received, stored.amount_capturable], ["succeeded", amount, 0])
    const entries = yield* (yield* TestProcessorLedger).listByPaymentIntent(intent)
    assert.deepStrictEqual(entries.filter((e) => e.outcome._tag === "Captured" || e.outcome._tag === "Released").map((e) => e.outcome._tag), ["Captured"])
    const mine = (yield* allEvents(scope)).filter((e) => e.data.object.id === intent)
    assert.deepStrictEqual(mine.map((e) => e.type).sort(), ["payment_intent.amount_capturable_updated", "payment_intent.succeeded"])
  }).pipe(Effect.provide(faulty.services))

const captureFaultTests = (it: Vitest.MethodsNonLive<FaultyDb>) => {
  const onceCut: ReadonlyArray<readonly [CutWhen, string]> = [
    ["before", "the connection carrying a capture's write is cut before it lands: the write is retried, captured once"],
    ["after", "a capture's write commits and its answer is lost: the retry recognises it as its own, captured once"]
  ]
  for (const [when, title] of onceCut) {
    it.effect(title, () =>
      Effect.gen(function*() {
        const faulty = yield* FaultyDb
        const intent = yield* heldIntent(faulty)
        const cut = faulty.failOn(CAPTURE_WRITE, when)
        const captured = yield* Effect.exit(CheckoutSessions.use((s) => s.capturePaymentIntent(scope, intent.id, { amount_to_capture: 4000 })).pipe(
          Effect.provide(faulty.services)
        ))
        assert.strictEqual(cut.count(), 1)
        assert.isTrue(captured._tag === "Success", String(captured))
        yield* assertCapturedOnce(faulty, intent.id, 4000)
      }), 60_000)
  }

  it.effect("every capture write is cut for longer than the retries: the intent stays held, and the next cancel records the capture and loses", () =>
    Effect.gen(function*() {
      const faulty = yield* FaultyDb
      const intent = yield* heldIntent(faulty)
      const cut = faulty.failOn(CAPTURE_WRITE, "before", 1_000)
      const captured = yield* Effect.exit(CheckoutSessions.use((s) => s.capturePaymentIntent(scope, intent.id, {})).pipe(Effect.provide(faulty.services)))
      cut.stop()
      assert.isAtLeast(cut.count(), 2)
      assert.isTrue(captured._tag === "Failure")
      yield* Effect.gen(function*() {
        const sessions = yield* CheckoutSessions
        assert.strictEqual((yield* sessions.retrievePaymentIntent(scope, intent.id)).status, "requires_capture")
        const cancel = yield* Effect.flip(sessions.cancelPaymentIntent(scope, intent.id, {}))
        assert.strictEqual(cancel._tag, "PaymentIntentUnexpectedState")
      }).pipe(Effect.provide(faulty.services))
      yield* assertCapturedOnce(faulty, intent.id, 4200)
    }), 60_000)
}

/** The statement that records a processor's answer for a refund (and nothing else the tests below send). */
const REFUND_WRITE = `update "refunds"`

/** A session of 4,200 paid in full: its payment intent's id. */
const paidIntent = (faulty: Faulty) =>
  Effect.gen(function*() {
    const sessions = yield* CheckoutSessions
    const { session } = yield* sessions.create(scope, { amount: 4200, currency: "usd" })
    const intent = yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })
    return intent.id
  }).pipe(Effect.provide(faulty.services))

/** The intent's charge has one refund of 1,000, succeeded; the processor made one; its two events were written once. */
const assertRefundedOnce = (faulty: Faulty, intent: string) =>
  Effect.gen(function*() {
    const refunds = (yield* (yield* Charges).listRefunds(scope, { payment_intent: intent })).data
    assert.deepStrictEqual(refunds.map((r) => [r.amount, r.status]), [[1000, "succeeded"]])
    const entries = yield* (yield* TestProcessorLedger).listByPaymentIntent(intent)
    assert.strictEqual(entries.filter((e) => e.outcome._tag === "Refund").length, 1, "refunds at the processor")
    const mine = (yield* allEvents(scope)).filter((e) => e.data.object.id === refunds[0]!.id || e.data.object.id === refunds[0]!.charge)
    assert.deepStrictEqual(mine.map((e) => e.type).sort(), ["charge.refunded", "refund.created"])
  }).pipe(Effect.provide(faulty.services))

const refundFaultTests = (it: Vitest.MethodsNonLive<FaultyDb>) => {
  const onceCut: ReadonlyArray<readonly [CutWhen, string]> = [
    ["before", "the connection carrying a refund's answer is cut before it lands: the write is retried, refunded once"],
    ["after", "a refund's answer commits and its reply is lost: the retry recognises it, refunded once, events once"]
  ]
  for (const [when, title] of onceCut) {
    it.effect(title, () =>
      Effect.gen(function*() {
        const faulty = yield* FaultyDb
        const intent = yield* paidIntent(faulty)
        const cut = faulty.failOn(REFUND_WRITE, when)
        const refunded = yield* Effect.exit(Charges.use((c) => c.createRefund(scope, { payment_intent: intent, amount: 1000 })).pipe(Effect.provide(faulty.services)))
        assert.strictEqual(cut.count(), 1)
        assert.isTrue(refunded._tag === "Success", String(refunded))
        yield* assertRefundedOnce(faulty, intent)
      }), 60_000)
  }

  it.effect("every refund answer's write is cut for longer than the retries: the refund stays pending, reconciliation records it, refunded once", () =>
    Effect.gen(function*() {
      const faulty = yield* FaultyDb
      const intent = yield* paidIntent(faulty)
      const cut = faulty.failOn(REFUND_WRITE, "before", 1_000)
      const refunded = yield* Effect.exit(Charges.use((c) => c.createRefund(scope, { payment_intent: intent, amount: 1000 })).pipe(Effect.provide(faulty.services)))
      cut.stop()
      assert.isAtLeast(cut.count(), 2)
      assert.isTrue(refunded._tag === "Failure")
      yield* Effect.gen(function*() {
        const charges = yield* Charges
        assert.deepStrictEqual((yield* charges.listRefunds(scope, { payment_intent: intent })).data.map((r) => r.status), ["pending"])
        assert.isAtLeast(yield* charges.reconcileRefunds().pipe(Effect.provideService(AttemptTimeout, 0)), 1)
      }).pipe(Effect.provide(faulty.services))
      yield* assertRefundedOnce(faulty, intent)
    }), 60_000)
}

const live = { excludeTestServices: true, timeout: "2 minutes" } as const

describe("payment faults", () => {
  layer(Layer.effect(FaultyDb, pgliteFaulty), live)("PGlite (faults injected into the driver)", faultTests)
  layer(Layer.effect(FaultyDb, pgliteFaulty), live)("PGlite: captures (faults injected into the driver)", captureFaultTests)
  layer(Layer.effect(FaultyDb, pgliteFaulty), live)("PGlite: refunds (faults injected into the driver)", refundFaultTests)
  describe.runIf(hasPostgres)("PostgreSQL", () => {
    layer(Layer.effect(FaultyDb, postgresFaulty), live)("a TCP proxy cuts the connection", faultTests)
    layer(Layer.effect(FaultyDb, postgresFaulty), live)("captures: a TCP proxy cuts the connection", captureFaultTests)
    layer(Layer.effect(FaultyDb, postgresFaulty), live)("refunds: a TCP proxy cuts the connection", refundFaultTests)
  })
})
