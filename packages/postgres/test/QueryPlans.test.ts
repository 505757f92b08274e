/**
 * Every list query of SPEC section 4 is a keyset scan: an index gives the order (no Sort node) and the
 * start of the page (the cursor is an index condition), never a sequential scan of the table.
 * Sequential and bitmap scans are switched off while planning, so only a missing index can make the
 * planner fall back to one.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import type { PageRequest, SessionFilter } from "@till/core"
import { Effect, Layer } from "effect"
import { CompiledQuery, type Compilable, sql } from "kysely"
import * as CustomerRepositoryPg from "../src/CustomerRepositoryPg.ts"
import { Db } from "../src/Db.ts"
import * as EventRepositoryPg from "../src/EventRepositoryPg.ts"
import * as PaymentLinkRepositoryPg from "../src/PaymentLinkRepositoryPg.ts"
import * as RefundRepositoryPg from "../src/RefundRepositoryPg.ts"
import * as SessionRepositoryPg from "../src/SessionRepositoryPg.ts"
import * as WebhookEndpointRepositoryPg from "../src/WebhookEndpointRepositoryPg.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"

interface PlanNode {
  readonly "Node Type": string
  readonly "Index Name"?: string
  readonly "Relation Name"?: string
  readonly "Index Cond"?: string
  readonly Plans?: ReadonlyArray<PlanNode>
}

const nodesOf = (node: PlanNode): Array<PlanNode> => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

const planOf = (query: Compilable) =>
  Db.use(({ kysely }) =>
    Effect.promise(() =>
      kysely.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        await sql`set local enable_bitmapscan = off`.execute(trx)
        const compiled = query.compile()
        const result = await trx.executeQuery<{ "QUERY PLAN": unknown }>(
          CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters])
        )
        const raw = result.rows[0]!["QUERY PLAN"]
        const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as ReadonlyArray<{ Plan: PlanNode }>
        return nodesOf(plan[0]!.Plan)
      })
    )
  )

/** Realistic statistics: 20,000 sessions, events, customers and refunds and 5,000 links and endpoints over 50 accounts, then ANALYZE. */
const seed = Db.use(({ kysely }) =>
  Effect.promise(async () => {
    await sql`
      insert into checkout_sessions (id, account, livemode, status, created, expires_at, customer, customer_details_email,
        payment_intent, payment_link, client_reference_id, version, doc)
      select 'cs_test_' || i, 'acct_' || (i % 50), i % 2 = 0, (array['open', 'complete', 'expired'])[1 + i % 3],
        1700000000 + i, 1700086400 + i,
        case when i % 4 = 0 then 'cus_' || (i % 500) end, case when i % 5 = 0 then 'e' || (i % 700) || '@example.com' end,
        case when i % 3 = 1 then 'pi_' || i end, case when i % 7 = 0 then 'plink_' || (i % 30) end,
        case when i % 2 = 1 then 'order-' || i end, 1,
        json_build_object('currency', (array['usd', 'eur', 'gbp', 'brl'])[1 + i % 4], 'amount_total', (i % 1000) * 100)
      from generate_series(1, 20000) i`.execute(kysely)
    await sql`
      insert into events (id, account, livemode, type, created, doc)
      select 'evt_' || i, 'acct_' || (i % 50), i % 2 = 0,
        (array['checkout.session.completed', 'checkout.session.expired', 'payment_intent.succeeded', 'payment_intent.payment_failed'])[1 + i % 4],
        1700000000 + i, '{}'::json
      from generate_series(1, 20000) i`.execute(kysely)
    for (const table of ["payment_links", "webhook_endpoints"]) {
      await sql`
        insert into ${sql.table(table)} (id, account, livemode, created, ${sql.ref(table === "payment_links" ? "token" : "secret")}, doc)
        select 'x_' || i, 'acct_' || (i % 50), i % 2 = 0, 1700000000 + i, 's_' || i, '{}'::json
        from generate_series(1, 5000) i`.execute(kysely)
    }
    await sql`
      insert into customers (id, account, livemode, created, email, deleted, version, doc)
      select 'cus_' || i, 'acct_' || (i % 50), i % 2 = 0, 1700000000 + i, case when i % 3 = 0 then 'e' || (i % 700) || '@example.com' end,
        i % 11 = 0, 1, '{}'::json
      from generate_series(1, 20000) i`.execute(kysely)
    await sql`
      insert into refunds (id, account, livemode, charge, payment_intent, created, amount, status, processor, asked_at, version, doc)
      select 're_' || i, 'acct_' || (i % 50), i % 2 = 0, 'ch_' || (i % 5000), 'pi_' || (i % 5000), 1700000000 + i, 100,
        'succeeded', 'final', 1700000000 + i, 2, '{}'::json
      from generate_series(1, 20000) i`.execute(kysely)
    await sql`analyze`.execute(kysely)
  })
)

const seeded = (db: Layer.Layer<Db>) => Layer.effectDiscard(seed).pipe(Layer.provideMerge(db))

const scope = { account: "acct_7", livemode: false }
const cursor = { created: 1_700_010_000, id: "cs_test_10000" }
const pages: ReadonlyArray<PageRequest> = [{ limit: 10 }, { limit: 10, after: cursor }, { limit: 10, before: cursor }]
const sessionFilters: ReadonlyArray<SessionFilter> = [
  {},
  { status: "open" },
  { status: "complete" },
  { status: "expired" },
  { created: { gte: 1_700_000_000, lt: 1_800_000_000 } },
  { customer: "cus_1" },
  { customer_email: "a@example.com" },
  { payment_link: "plink_1" },
  { client_reference_id: "order-1" },
  { payment_intent: "pi_1" },
  { customer: "cus_1", status: "open", created: { gt: 1 } },
  { currency: "usd" }
]

const assertKeysetScan = (nodes: ReadonlyArray<PlanNode>, table: string, label: string, column?: string) => {
  const types = nodes.map((n) => n["Node Type"])
  // A payment intent belongs to at most one session: its unique index finds the one row, nothing to sort.
  if (!nodes.some((n) => n["Index Name"] === "checkout_sessions_payment_intent_key")) {
    assert.notInclude(types, "Sort", label)
    assert.notInclude(types, "Incremental Sort", label)
  }
  assert.isFalse(nodes.some((n) => n["Node Type"] === "Seq Scan"), `${label}: ${JSON.stringify(types)}`)
  const scans = nodes.filter((n) => n["Relation Name"] === table && n["Node Type"].startsWith("Index"))
  assert.isNotEmpty(scans, label)
  // a selective filter seeks its own index rather than filtering the rows of the whole scope
  if (column !== undefined) assert.isTrue(scans.some((n) => n["Index Cond"]?.includes(column)), `${label}: ${JSON.stringify(scans)}`)
}

/** The column a filter seeks in its index, for the filters that have an index of their own. */
const seekColumn = (filter: SessionFilter | { readonly types?: ReadonlyArray<string> }): string | undefined =>
  "currency" in filter ? "currency" : "customer" in filter ? "customer" : "customer_email" in filter ? "customer_details_email" : "payment_link" in filter
  ? "payment_link" : "client_reference_id" in filter ? "client_reference_id" : "types" in filter ? "type" : undefined

const planTests = (it: Vitest.MethodsNonLive<Db>) => {
  it.effect("session lists: every filter, every direction", () =>
    Effect.gen(function*() {
      for (const filter of sessionFilters) {
        for (const page of pages) {
          const nodes = yield* Db.use(({ kysely }) => planOf(SessionRepositoryPg.listQuery(kysely, scope, filter, page, 1_800_000_000)))
          assertKeysetScan(nodes, "checkout_sessions", JSON.stringify({ filter, page }), seekColumn(filter))
        }
      }
    }))

  it.effect("session lists by amount in a currency (the dashboard's): the amount range is an index condition, never a scan of the scope", () =>
    Effect.gen(function*() {
      for (const amount_total of [{ gte: 10_000, lte: 12_000 }, { gte: 99_000 }, { lte: 500 }]) {
        for (const page of pages) {
          const label = JSON.stringify({ amount_total, page })
          const nodes = yield* Db.use(({ kysely }) => planOf(SessionRepositoryPg.listQuery(kysely, scope, { currency: "usd", amount_total }, page, 1_800_000_000)))
          assert.isFalse(nodes.some((n) => n["Node Type"] === "Seq Scan"), label)
          // either index: the amount's own (a narrow range, then sorted), or the currency's in keyset order with
          // the amount checked on its entries; both take the amount as an index condition, never a row filter
          const scan = nodes.find((n) => n["Index Name"] === "checkout_sessions_currency_amount" || n["Index Name"] === "checkout_sessions_currency")
          assert.isDefined(scan, `${label}: ${JSON.stringify(nodes)}`)
          assert.include(scan!["Index Cond"] ?? "", "amount_total", label)
        }
      }
    }))

  it.effect("event lists: by type and created range, every direction", () =>
    Effect.gen(function*() {
      // by object: the dashboard's events page filtered by an object id (events_object)
      for (const filter of [{}, { types: ["checkout.session.completed" as const] }, { created: { gte: 1 } }, { objects: ["cs_test_7"] }]) {
        for (const page of pages) {
          const nodes = yield* Db.use(({ kysely }) => planOf(EventRepositoryPg.listQuery(kysely, scope, filter, page)))
          assertKeysetScan(nodes, "events", JSON.stringify({ filter, page }), "objects" in filter ? "object" : seekColumn(filter))
        }
      }
    }))

  it.effect("payment link and webhook endpoint lists, every direction", () =>
    Effect.gen(function*() {
      for (const page of pages) {
        const links = yield* Db.use(({ kysely }) => planOf(PaymentLinkRepositoryPg.listQuery(kysely, scope, page)))
        assertKeysetScan(links, "payment_links", JSON.stringify(page))
        const endpoints = yield* Db.use(({ kysely }) => planOf(WebhookEndpointRepositoryPg.listQuery(kysely, scope, page)))
        assertKeysetScan(endpoints, "webhook_endpoints", JSON.stringify(page))
      }
    }))

  it.effect("customer lists: by e-mail and created range, every direction", () =>
    Effect.gen(function*() {
      for (const filter of [{}, { email: "e7@example.com" }, { created: { gte: 1 } }]) {
        for (const page of pages) {
          const nodes = yield* Db.use(({ kysely }) => planOf(CustomerRepositoryPg.listQuery(kysely, scope, filter, page)))
          assertKeysetScan(nodes, "customers", JSON.stringify({ filter, page }), "email" in filter ? "email" : undefined)
        }
      }
    }))

  it.effect("refund lists: by charge, payment intent and created range, every direction", () =>
    Effect.gen(function*() {
      for (const filter of [{}, { charge: "ch_7" }, { payment_intent: "pi_7" }, { created: { gte: 1 } }]) {
        for (const page of pages) {
          const nodes = yield* Db.use(({ kysely }) => planOf(RefundRepositoryPg.listQuery(kysely, scope, filter, page)))
          const column = "charge" in filter ? "charge" : "payment_intent" in filter ? "payment_intent" : undefined
          assertKeysetScan(nodes, "refunds", JSON.stringify({ filter, page }), column)
        }
      }
    }))

  it.effect("the expiry sweep claims open sessions by deadline, reading no session that is not due", () =>
    Effect.gen(function*() {
      const nodes = yield* Db.use(({ kysely }) => planOf(SessionRepositoryPg.claimDueQuery(kysely, 1_800_000_000, 100)))
      const due = nodes.find((n) => n["Index Name"] === "checkout_sessions_due")
      assert.isDefined(due, JSON.stringify(nodes))
      // the deadline bounds the index range, so open sessions not yet due cost nothing
      assert.include(due!["Index Cond"] ?? "", "expires_at", JSON.stringify(due))
      assert.notInclude(nodes.map((n) => n["Node Type"]), "Sort")
      assert.include(nodes.map((n) => n["Node Type"]), "LockRows")
    }))
}

layer(seeded(pgliteDb), { timeout: "2 minutes" })("PGlite", planTests)

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(seeded(postgresDb()), { timeout: "2 minutes" })("plans", planTests)
})
