/**
 * The SQL check: the statements Till's repositories send, captured, so the baseline can be held to them.
 */
import { AccountRepository, SessionMachine, SessionRepository } from "@till/core"
import { AccountRepositoryPg, Db, SessionRepositoryPg } from "@till/postgres"
import { NoOutbox } from "@till/postgres/testing"
import { Context, Effect, Layer, Result } from "effect"
import { Kysely, PostgresDialect } from "kysely"
import pg from "pg"

/** The statements Till's repositories send for a key lookup, a one-item insert and a find by id. */
export const tillStatements = async (url: string) => {
  const captured: Array<string> = []
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => void captured.push(e.query.sql) })
  const made = SessionMachine.create({
    account: "acct_sqlcheck",
    livemode: false,
    params: {
      line_items: [{ price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "T-shirt" } }, quantity: 2 }],
      success_url: "https://example.com/thanks"
    },
    id: "cs_test_sqlcheck",
    client_secret: "cs_test_sqlcheck_secret_x",
    payment_link: null,
    now: 1_000_000
  })
  if (Result.isFailure(made)) throw made.failure
  // on the fresh database, before the migrations: every statement fails, and is captured all the same
  await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const ctx = yield* Layer.build(Layer.mergeAll(SessionRepositoryPg.layer, AccountRepositoryPg.layer).pipe(
      Layer.provide(Layer.succeed(Db, Db.of({ kysely, backend: "postgres", pglite: null }))),
      Layer.provide(NoOutbox.layer)
    ))
    yield* Effect.exit(Context.get(ctx, AccountRepository).findScopeByKeyHash("0"))
    yield* Effect.exit(Context.get(ctx, SessionRepository).insert(made.success.state, []))
    yield* Effect.exit(Context.get(ctx, SessionRepository).findById("cs_test_sqlcheck"))
  })))
  await kysely.destroy()
  return captured
}
