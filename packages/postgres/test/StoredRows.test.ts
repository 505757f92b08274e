/**
 * Rows written by earlier versions read on this one. `fixtures/rows-v1.json` holds rows that Till
 * wrote (through its HTTP API) before sessions were stored as versioned documents, together with what
 * the API answered for them then. They go into a database migrated as far as that version was, the
 * database is migrated to today's schema, and the repositories read them back: every session and every
 * event, unchanged; then today's code writes over an old row, and a document with keys this code does
 * not know still reads.
 */
import { PGlite, types } from "@electric-sql/pglite"
import { assert, describe, it, layer } from "@effect/vitest"
import { chargeIdOf, Charges, EventRepository, IdGenerator, NO_COLLECTION, NO_CUSTOM_TEXT, PaymentIntentData, SessionRepository, type SessionState } from "@till/core"
import { PlainSnapshots, TestPaymentProcessor } from "@till/core/testing"
import { Effect, Layer, Schema, Struct } from "effect"
import { type Dialect, Kysely, PGliteDialect, PostgresDialect, sql } from "kysely"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import pg from "pg"
import * as Connection from "../src/Connection.ts"
import type { Database } from "../src/Database.ts"
import { Db } from "../src/Db.ts"
import { withDefault } from "../src/Documents.ts"
import * as EventRepositoryPg from "../src/EventRepositoryPg.ts"
import * as RefundRepositoryPg from "../src/RefundRepositoryPg.ts"
import * as TestProcessorLedgerPg from "../src/TestProcessorLedgerPg.ts"
import { migrator } from "../src/Migrations.ts"
import * as SessionRepositoryPg from "../src/SessionRepositoryPg.ts"
import { columnsOf, readSessionDocument, SessionDocument } from "../src/SessionRows.ts"
import { NoOutbox } from "../src/testing/index.ts"
import { freshPostgresUrl, hasPostgres, tempDir } from "../src/testing/Databases.ts"
import { newScope, newSession } from "./support/Fixtures.ts"

interface Fixture {
  readonly migrations: ReadonlyArray<string>
  readonly tables: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>
  readonly wire_sessions: ReadonlyArray<Record<string, any>>
}

const fixture: Fixture = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "rows-v1.json"), "utf8"))
const ACCOUNT = fixture.tables["accounts"]![0]!["id"] as string

/** Creates the schema as the fixture's version left it, and inserts its rows as they were. */
const restore = async (dialect: Dialect) => {
  const db = new Kysely<any>({ dialect })
  try {
    const { error } = await migrator(db).migrateTo(fixture.migrations.at(-1)!)
    if (error !== undefined) throw error
    for (const table of ["accounts", "checkout_sessions", "checkout_session_line_items", "payment_intents", "events"]) {
      for (const row of fixture.tables[table]!) {
        const values = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v !== null && typeof v === "object" ? JSON.stringify(v) : v]))
        await db.insertInto(table).values(values).execute()
      }
    }
  } finally {
    await db.destroy()
  }
}

/** A Db over the restored rows, migrated to today's schema by the connection layer as a server start would. */
const restoredPglite: Layer.Layer<Db> = Layer.unwrap(Effect.gen(function*() {
  const dir = join(yield* tempDir(), "data")
  yield* Effect.promise(async () => {
    const pglite = await PGlite.create({ dataDir: dir, parsers: { [types.INT8]: (value: string) => value } })
    await restore(new PGliteDialect({ pglite }))
    if (!pglite.closed) await pglite.close()
  })
  return Connection.layerPglite(dir)
})).pipe(Layer.orDie)

const restoredPostgres: Layer.Layer<Db> = Layer.unwrap(Effect.gen(function*() {
  const url = yield* freshPostgresUrl
  yield* Effect.promise(() => restore(new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) })))
  // built here, so its pool closes before the database is dropped
  return Layer.succeedContext(yield* Layer.build(Connection.layerPostgres(url)))
}))

/** What a wire object showed that the domain keeps: all but Stripe's `object` and the hosted page's `url`. */
const domainOf = (wire: Record<string, any>): Record<string, unknown> => Struct.omit(wire, ["object", "url"])

/** The domain's facts added since the fixture was written, as old rows read them: their documented defaults. */
const ADDED_SESSION_DEFAULTS = {
  customer_creation: null,
  payment_intent_data: PaymentIntentData.DEFAULT_PAYMENT_INTENT_DATA,
  amount_discount: 0,
  amount_tax: 0,
  discounts: [],
  allow_promotion_codes: false,
  collection: NO_COLLECTION,
  shipping_details: null,
  pending_details: null,
  ui_mode: "hosted_page",
  redirect_on_completion: null,
  after_expiration: null,
  recovered_from: null,
  shipping_options: [],
  shipping_cost: null,
  custom_fields: [],
  custom_text: NO_CUSTOM_TEXT,
  consent_collection: null,
  consent: null,
  submit_type: null
}
/** `customer_details` as old rows read: the e-mail address and name they kept, no phone or address (collected since). */
const customerDetailsOf = (wire: Record<string, any>) =>
  wire["customer_details"] === null ? null : { email: wire["customer_details"]["email"], name: wire["customer_details"]["name"], phone: null, address: null }
const ADDED_INTENT_DEFAULTS = {
  amount_capturable: 0,
  capture_method: "automatic",
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  receipt_email: null,
  canceled_at: null,
  cancellation_reason: null,
  receipt_secret: null,
  installments: null,
  // what the shopper must do for an attempt under way (3-D Secure): none on intents stored before it existed
  next_action: null
}

const lineItemOf = (wire: Record<string, any>) => ({ ...domainOf(wire), price: domainOf(wire["price"]) })

const decodeSessionDocument = Schema.decodeUnknownSync(SessionDocument)

/** The repositories over one restored database, shared by the checks in order: reads first, then writes. */
const checks = (restored: Layer.Layer<Db>) =>
  layer(Layer.mergeAll(SessionRepositoryPg.layer, EventRepositoryPg.layer).pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(restored)), {
    timeout: "2 minutes"
  })((it) => {
    it.effect("every old session reads as it was answered then, line items and payment intent included", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        assert.isAtLeast(fixture.wire_sessions.length, 5)
        for (const wire of fixture.wire_sessions) {
          const state = (yield* sessions.findById(wire["id"])).pipe((o) => (o._tag === "Some" ? o.value : assert.fail(`${wire["id"]} is missing`)))
          const { line_items: items, payment_intent: intent, ...session } = wire
          assert.deepStrictEqual(state.session, {
            ...domainOf(session),
            ...ADDED_SESSION_DEFAULTS,
            customer_details: customerDetailsOf(session),
            payment_intent: intent === null ? null : intent.id
          } as never)
          assert.deepStrictEqual(state.line_items, items.data.map(lineItemOf))
          // intents kept no client secret of their own then: they read with none
          assert.deepStrictEqual(state.payment_intent, intent === null ? null : { ...domainOf(intent), client_secret: null, ...ADDED_INTENT_DEFAULTS } as never)
          assert.strictEqual(state.account, ACCOUNT)
        }
      }))

    it.effect("every old event reads with the object it carried when it happened, frozen", () =>
      Effect.gen(function*() {
        const events = yield* EventRepository
        const page = yield* events.list({ account: ACCOUNT, livemode: false }, {}, { limit: 100 })
        const stored = fixture.tables["events"]!
        assert.strictEqual(page.data.length, stored.length)
        for (const row of stored) {
          const event = page.data.find((e) => e.id === row["id"])!
          assert.deepStrictEqual(event.data.object, (row["doc"] as { data: { object: unknown } }).data.object)
        }
        // the wire shape of the time, `object` and `url` included
        assert.isTrue(page.data.some((e) => e.data.object["object"] === "checkout.session" && "url" in e.data.object))
      }))

    it.effect("a session paid before charges existed has its charge, which refunds", () =>
      Effect.gen(function*() {
        const scope = { account: ACCOUNT, livemode: false }
        const paid = fixture.wire_sessions.find((w) => w["payment_status"] === "paid")!
        const intent = paid["payment_intent"]
        const charges = yield* Charges
        const charge = yield* charges.retrieveCharge(scope, chargeIdOf(intent.id))
        assert.deepStrictEqual([charge.payment_intent, charge.amount_captured, charge.amount_refunded, charge.card?.last4], [
          intent.id,
          intent.amount_received,
          0,
          intent.payment_method_details.card.last4
        ])
        const refund = yield* charges.createRefund(scope, { payment_intent: intent.id, amount: 1 })
        assert.strictEqual(refund.status, "succeeded")
        assert.strictEqual((yield* charges.retrieveCharge(scope, charge.id)).amount_refunded, 1)
      }).pipe(Effect.provide(Charges.layer.pipe(Layer.provide(Layer.mergeAll(
        RefundRepositoryPg.layer.pipe(Layer.provide(NoOutbox.layer)),
        TestPaymentProcessor.layer.pipe(Layer.provide(TestProcessorLedgerPg.layer)),
        IdGenerator.layerRandom,
        PlainSnapshots.layer
      ))))))

    it.effect("today's code writes over an old row, which then reads back", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const { kysely } = yield* Db
        const open = fixture.wire_sessions.find((w) => w["status"] === "open")!
        const state = (yield* sessions.findById(open["id"])).pipe((o) => (o._tag === "Some" ? o.value : assert.fail("missing")))
        const next: SessionState = { ...state, version: state.version + 1, session: { ...state.session, metadata: { note: "rewritten" } } }
        yield* sessions.update(next, [])
        const again = (yield* sessions.findById(open["id"])).pipe((o) => (o._tag === "Some" ? o.value : assert.fail("missing")))
        assert.deepStrictEqual(again, next)
        const { doc } = yield* Effect.promise(() => kysely.selectFrom("checkout_sessions").select("doc").where("id", "=", open["id"]).executeTakeFirstOrThrow())
        assert.strictEqual((doc as { v: number }).v, 2)
      }))

    it.effect("a document with keys this version does not know still reads", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const { kysely } = yield* Db
        const id = fixture.wire_sessions[0]!["id"] as string
        yield* Effect.promise(() =>
          sql`update checkout_sessions set doc = (doc::jsonb || '{"v": 3, "tip_amount": 250, "shipping": {"name": "x"}}'::jsonb)::json where id = ${id}`
            .execute(kysely as Kysely<Database>)
        )
        const state = (yield* sessions.findById(id)).pipe((o) => (o._tag === "Some" ? o.value : assert.fail("missing")))
        assert.strictEqual(state.session.id, id)
        assert.notProperty(state.session, "tip_amount")
      }))
  })

describe("stored rows", () => {
  it("a field added to the session document reads from every old row as its default", () => {
    const withTip = SessionDocument.mapFields((fields) => ({ ...fields, tip_amount: withDefault(Schema.Number, 0) }))
    const decode = Schema.decodeUnknownSync(withTip)
    for (const row of fixture.tables["checkout_sessions"]!) {
      const doc = decode(row["doc"])
      assert.strictEqual(doc.tip_amount, 0)
      assert.deepStrictEqual(Struct.omit(doc, ["tip_amount"]), decodeSessionDocument(row["doc"]))
    }
  })

  it("a document this version wrote reads as the full decode reads it; one without a key, with its default; a wrong field fails", () => {
    const scope = newScope()
    const states = [
      newSession(scope, 1_800_000_000),
      newSession(scope, 1_800_000_000, {
        line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 2 }],
        mode: "payment",
        success_url: "https://example.com/thanks",
        metadata: { order: "42" },
        customer_email: "a@example.com",
        locale: "es"
      })
    ]
    for (const state of states) {
      const doc = JSON.parse(columnsOf(state).doc as string)
      // the document holds every field of its schema, the session's own values, and nothing else
      assert.deepStrictEqual(Object.keys(doc).sort(), Object.keys(SessionDocument.fields).sort())
      for (const key of Object.keys(doc)) if (key !== "v") assert.deepStrictEqual(doc[key], JSON.parse(JSON.stringify(state.session[key as keyof typeof state.session])), key)
      const { v: _v, ...full } = decodeSessionDocument(doc)
      assert.deepStrictEqual(readSessionDocument(doc), full)
      const { locale: _locale, consent: _consent, ...older } = doc
      assert.deepStrictEqual(readSessionDocument(older), { ...full, locale: null, consent: null })
      assert.notProperty(readSessionDocument({ ...doc, tip_amount: 5 }), "tip_amount")
      assert.throws(() => readSessionDocument({ ...doc, amount_total: "2400" }))
      assert.throws(() => readSessionDocument({ ...doc, v: "2" }))
    }
  })

  describe("on PGlite", () => checks(restoredPglite))
  describe.runIf(hasPostgres)("on PostgreSQL", () => checks(restoredPostgres))
})
