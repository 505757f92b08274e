/**
 * The key of idempotency fingerprints is one per installation: a payment retried with its key after
 * a restart (PGlite) or on another server process (PostgreSQL) is replayed, while another card with
 * the same last four is refused; `TILL_FINGERPRINT_KEY` replaces the stored secret, and no card
 * number is stored. Real `till serve` processes, as an operator runs them.
 */
import { assert, describe, it } from "@effect/vitest"
import { FingerprintKey } from "@till/http"
import { Connection, Db, InstallationSecrets } from "@till/postgres"
import { ConfigProvider, Context, Effect, Layer, Option, Redacted } from "effect"
import { sql } from "kysely"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { FingerprintKeyLayer } from "../src/AppLayer.ts"
import { TillConfig } from "../src/Config.ts"
import { freshDataDir, serveTill, stopTill } from "./support.ts"

const KEY = "sk_test_fingerprintkeys1"

const serve = (env: Record<string, string>) => serveTill({ TILL_SECRET_KEY: KEY, TILL_WORKER: "false", ...env })
const stop = stopTill

const CARD = "4000000000000002"
/** Another number with the same last four. */
const SAME_LAST_FOUR = "4242424242420002"

const cardBody = (number: string) =>
  new URLSearchParams({
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2040",
    "payment_method_data[card][cvc]": "123"
  })

const newSession = async (base: string) => {
  const response = await fetch(`${base}/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}` },
    body: new URLSearchParams({ amount: "1500", currency: "usd" })
  })
  assert.strictEqual(response.status, 200)
  return await response.json() as { id: string; client_secret: string }
}

/** Pays with the client secret under idempotency key `key`; answers status, replay header and body. */
const pay = async (base: string, session: { id: string; client_secret: string }, key: string, number: string) => {
  const response = await fetch(`${base}/v1/checkout/sessions/${session.id}/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.client_secret}`, "idempotency-key": key },
    body: cardBody(number)
  })
  return { status: response.status, replayed: response.headers.get("idempotent-replayed") === "true", json: await response.json() as any }
}

/** The first request, then its retry on `retryBase`: replayed; another card with the same last four there: refused. */
const retryElsewhere = async (firstBase: string, retryBase: () => Promise<string>) => {
  const session = await newSession(firstBase)
  const first = await pay(firstBase, session, "retry-1", CARD)
  assert.strictEqual(first.status, 402, JSON.stringify(first.json))
  const base = await retryBase()
  const again = await pay(base, session, "retry-1", CARD)
  assert.strictEqual(again.status, 402, JSON.stringify(again.json))
  assert.isTrue(again.replayed, "the same card is replayed")
  assert.deepStrictEqual(again.json, first.json)
  const other = await pay(base, session, "retry-1", SAME_LAST_FOUR)
  assert.strictEqual(other.status, 400, JSON.stringify(other.json))
  assert.strictEqual(other.json.error.type, "idempotency_error")
}

/** Opens a database for the duration of `f`. */
const withDb = <A>(layer: Layer.Layer<Db, unknown>, f: (db: Db["Service"]) => Effect.Effect<A>) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(Effect.map(Layer.build(layer), (ctx) => Context.get(ctx, Db)), f)))

const keyFrom = (config: { fingerprintKey: Option.Option<Redacted.Redacted<string>> }, db: Db["Service"]) =>
  Effect.map(Layer.build(FingerprintKeyLayer(config).pipe(Layer.provide(Layer.succeed(Db, db)))), (ctx) =>
    Buffer.from(Redacted.value(Context.get(ctx, FingerprintKey))).toString("hex"))

const storedSecrets = (db: Db["Service"]) =>
  Effect.promise(() => sql<{ n: string }>`select count(*) as n from installation_secrets`.execute(db.kysely)).pipe(
    Effect.map((r) => Number(r.rows[0]!.n))
  )

describe("the fingerprint key", () => {
  it.live("is the database's installation secret, or TILL_FINGERPRINT_KEY, which then leaves nothing stored", () =>
    Effect.scoped(Effect.gen(function*() {
      const db = Context.get(yield* Layer.build(Connection.layerPglite("memory://")), Db)
      const override = "an operator's key of at least 32 characters"
      assert.strictEqual(yield* keyFrom({ fingerprintKey: Option.some(Redacted.make(override)) }, db), Buffer.from(override).toString("hex"))
      assert.strictEqual(yield* storedSecrets(db), 0)
      const stored = yield* keyFrom({ fingerprintKey: Option.none() }, db)
      assert.strictEqual(stored, Buffer.from(yield* InstallationSecrets.get(InstallationSecrets.FINGERPRINT_KEY).pipe(Effect.provideService(Db, db))).toString("hex"))
      assert.strictEqual(yield* keyFrom({ fingerprintKey: Option.none() }, db), stored)
      assert.strictEqual(yield* storedSecrets(db), 1)
    })), 60_000)

  it.effect("TILL_FINGERPRINT_KEY shorter than 32 characters is refused, naming the variable", () =>
    Effect.gen(function*() {
      const read = Effect.gen(function*() {
        return yield* TillConfig
      })
      const error = yield* Effect.flip(read.pipe(
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { TILL_FINGERPRINT_KEY: "short" } })))
      ))
      assert.isTrue(Option.isSome((yield* read.pipe(
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { TILL_FINGERPRINT_KEY: "k".repeat(32) } })))
      )).fingerprintKey))
      assert.include(String(error), "TILL_FINGERPRINT_KEY")
    }))

  it("PGlite: a payment retried with its key after a restart is replayed; another card with the same last four is refused; no card number is stored", { timeout: 300_000 }, async () => {
    const dataDir = freshDataDir()
    let till = await serve({ TILL_DATA_DIR: dataDir })
    try {
      await retryElsewhere(till.url, async () => {
        await stop(till)
        till = await serve({ TILL_DATA_DIR: dataDir })
        return till.url
      })
    } finally {
      await stop(till)
    }
    await withDb(Connection.layerPglite(dataDir), (db) =>
      Effect.promise(async () => {
        const rows = await db.kysely.selectFrom("idempotency_keys").selectAll().execute()
        assert.isAbove(rows.length, 0)
        for (const row of rows) {
          assert.match(row.fingerprint, /^[0-9a-f]{64}$/)
          assert.notInclude(JSON.stringify(row), CARD)
          assert.notInclude(JSON.stringify(row), SAME_LAST_FOUR)
        }
      }))
  })

  it.runIf(hasPostgres)("PostgreSQL: a payment retried on another server process is replayed; another card with the same last four is refused", { timeout: 300_000 }, () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const url = yield* freshPostgresUrl
      yield* Effect.promise(async () => {
        const a = await serve({ DATABASE_URL: url })
        const b = await serve({ DATABASE_URL: url })
        try {
          await retryElsewhere(a.url, async () => b.url)
        } finally {
          await Promise.all([stop(a), stop(b)])
        }
      })
    }))))
})
