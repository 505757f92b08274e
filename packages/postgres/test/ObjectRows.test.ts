/**
 * The rows of payment links, webhook endpoints and accounts read whatever wrote them: rows written
 * before 20261201120000_row_versions (fixtures in fixtures/rows, captured from the code of commit
 * 69a3fca: a `doc` holding the whole wire object) read after the migration at version 1; documents
 * with a key this code does not know, or without an optional key, decode with the defaults.
 */
import { PGlite, types } from "@electric-sql/pglite"
import { assert, describe, it } from "@effect/vitest"
import { AccountRepository, DEFAULT_AFTER_COMPLETION, PaymentLinkRepository, templateLineItems, WebhookEndpointRepository } from "@till/core"
import { Effect, Layer, Option } from "effect"
import { Kysely, PGliteDialect } from "kysely"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Connection from "../src/Connection.ts"
import { Db } from "../src/Db.ts"
import { migrator } from "../src/Migrations.ts"
import * as Repositories from "../src/Repositories.ts"
import { NoOutbox } from "../src/testing/index.ts"
import { pgliteDb, tempDir } from "../src/testing/Databases.ts"
import { newScope } from "./support/Fixtures.ts"

/** The last migration before links, endpoints and accounts had a version. */
const BEFORE_VERSIONS = "20261130120000_installation_secrets"

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`./fixtures/rows/${name}.json`, import.meta.url), "utf8"))

const live = { timeout: 60_000 } as const

describe("rows written before row versions", () => {
  it.live("read after the migration at version 1, as the objects they were, and take conditional writes", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      const account = fixture("account")
      const link = fixture("payment_link")
      const endpoint = fixture("webhook_endpoint")

      // the schema as the previous version left it, holding rows as its code wrote them
      yield* Effect.promise(async () => {
        const pglite = await PGlite.create({ dataDir: dir, parsers: { [types.INT8]: (value: string) => value } })
        const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) })
        try {
          const { error } = await migrator(db).migrateTo(BEFORE_VERSIONS)
          if (error !== undefined) throw error
          await db.insertInto("accounts").values({ id: account.id, name: account.name, created: account.created }).execute()
          await db.insertInto("payment_links").values({ ...link, doc: JSON.stringify(link.doc) }).execute()
          await db.insertInto("webhook_endpoints").values({ ...endpoint, doc: JSON.stringify(endpoint.doc) }).execute()
        } finally {
          await db.destroy()
        }
      })

      // today's code opens it (migrating) and reads them
      yield* Effect.gen(function*() {
        const links = yield* PaymentLinkRepository
        const endpoints = yield* WebhookEndpointRepository
        const accounts = yield* AccountRepository
        const { doc: l } = link
        const storedLink = Option.getOrThrow(yield* links.findById(link.id))
        assert.deepStrictEqual(storedLink, {
          account: link.account,
          version: 1,
          link: {
            id: l.id,
            active: l.active,
            livemode: l.livemode,
            created: l.created,
            token: l.token,
            currency: l.currency,
            amount_total: l.amount_total,
            metadata: l.metadata,
            session_params: l.session_params,
            expires_at: l.expires_at,
            after_completion: DEFAULT_AFTER_COMPLETION,
            line_items: templateLineItems({ id: l.id, livemode: l.livemode, created: l.created, session_params: l.session_params })
          }
        })
        // made again from the template, which sold something
        assert.isAbove(storedLink.link.line_items.length, 0)
        assert.deepStrictEqual(Object.keys(storedLink.link.metadata), Object.keys(l.metadata))
        assert.deepStrictEqual(Option.getOrThrow(yield* links.findByToken(link.token)), storedLink)

        const { doc: e } = endpoint
        const storedEndpoint = Option.getOrThrow(yield* endpoints.findById(endpoint.id))
        assert.deepStrictEqual(storedEndpoint, {
          account: endpoint.account,
          version: 1,
          secret: endpoint.secret,
          endpoint: {
            id: e.id,
            url: e.url,
            enabled_events: e.enabled_events,
            status: e.status,
            description: e.description,
            metadata: e.metadata,
            api_version: e.api_version,
            livemode: e.livemode,
            created: e.created
          }
        })
        assert.deepStrictEqual(
          Option.getOrThrow(yield* accounts.findAccount(account.id)),
          { account: { id: account.id, name: account.name, created: Number(account.created) }, version: 1 }
        )

        // a write from what was read lands at version 2; a second one from the same read does not
        const deactivated = { ...storedLink, version: 2, link: { ...storedLink.link, active: false } }
        yield* links.update(deactivated)
        assert.strictEqual((yield* Effect.flip(links.update(deactivated)))._tag, "ConcurrentModification")
        assert.deepStrictEqual(Option.getOrThrow(yield* links.findById(link.id)), deactivated)
        // what this code writes: a version-2 document without the wire fields or copies of the columns
        const { kysely } = yield* Db
        const rewritten = yield* Effect.promise(() => kysely.selectFrom("payment_links").select("doc").where("id", "=", link.id).executeTakeFirstOrThrow())
        assert.deepStrictEqual(Object.keys(rewritten.doc as object), [
          "v",
          "active",
          "currency",
          "amount_total",
          "metadata",
          "session_params",
          "expires_at",
          "after_completion",
          "line_items"
        ])
        assert.strictEqual((yield* Effect.flip(endpoints.delete(endpoint.id, 2)))._tag, "ConcurrentModification")
        yield* endpoints.delete(endpoint.id, 1)
        assert.isTrue(Option.isNone(yield* endpoints.findById(endpoint.id)))
      }).pipe(Effect.provide(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(Connection.layerPglite(dir)))))
    }), live)
})

describe("documents decode tolerantly", () => {
  it.live("an unknown key is ignored and a missing optional key takes its default", () =>
    Effect.gen(function*() {
      const { kysely: db } = yield* Db
      const scope = newScope()
      const row = { account: scope.account, livemode: scope.livemode, created: 1_800_000_000, version: 3 }
      yield* Effect.promise(() =>
        db.insertInto("payment_links").values([
          // written by a later version, with a fact this one does not know
          {
            ...row,
            id: "plink_future",
            token: "tok_future",
            doc: JSON.stringify({
              active: false,
              currency: "eur",
              amount_total: 900,
              metadata: { k: "v" },
              session_params: { currency: "eur" },
              expires_at: 1_900_000_000,
              shipping_rate: { id: "shr_1" }
            })
          },
          // written before the optional facts existed
          { ...row, id: "plink_past", token: "tok_past", doc: JSON.stringify({ currency: "usd", amount_total: 100 }) }
        ]).execute()
      )
      yield* Effect.promise(() =>
        db.insertInto("webhook_endpoints").values([
          {
            ...row,
            id: "we_future",
            secret: "whsec_future",
            doc: JSON.stringify({
              url: "https://shop.example/a",
              enabled_events: ["*"],
              status: "disabled",
              description: "d",
              metadata: { k: "v" },
              api_version: "2026-11-01.till",
              connect: true
            })
          },
          {
            ...row,
            id: "we_past",
            secret: "whsec_past",
            doc: JSON.stringify({ url: "https://shop.example/b", enabled_events: ["checkout.session.completed"], api_version: "2026-11-01.till" })
          }
        ]).execute()
      )

      const links = yield* PaymentLinkRepository
      assert.deepStrictEqual(Option.getOrThrow(yield* links.findById("plink_future")), {
        account: scope.account,
        version: 3,
        link: {
          id: "plink_future",
          active: false,
          livemode: scope.livemode,
          created: 1_800_000_000,
          token: "tok_future",
          currency: "eur",
          amount_total: 900,
          metadata: { k: "v" },
          session_params: { currency: "eur" },
          expires_at: 1_900_000_000,
          after_completion: DEFAULT_AFTER_COMPLETION,
          // a template that sells nothing makes no line items
          line_items: []
        }
      })
      assert.deepInclude(Option.getOrThrow(yield* links.findByToken("tok_past")).link, {
        active: true,
        currency: "usd",
        amount_total: 100,
        metadata: {},
        session_params: {},
        expires_at: null
      })

      const endpoints = yield* WebhookEndpointRepository
      assert.deepStrictEqual(Option.getOrThrow(yield* endpoints.findById("we_future")).endpoint, {
        id: "we_future",
        url: "https://shop.example/a",
        enabled_events: ["*"],
        status: "disabled",
        description: "d",
        metadata: { k: "v" },
        api_version: "2026-11-01.till",
        livemode: scope.livemode,
        created: 1_800_000_000
      })
      assert.deepInclude(Option.getOrThrow(yield* endpoints.findById("we_past")).endpoint, {
        status: "enabled",
        description: null,
        metadata: {},
        // written when every endpoint showed Till's version: pinned to it
        api_version: "2026-11-01.till"
      })
      // both list too (the list decodes the same rows)
      assert.sameMembers((yield* endpoints.list(scope, { limit: 10 })).data.map((s) => s.endpoint.id), ["we_future", "we_past"])
    }).pipe(Effect.provide(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(pgliteDb)))), live)
})
