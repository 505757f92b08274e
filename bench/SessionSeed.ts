/**
 * The session seeding the list and dashboard benchmarks share: four template sessions written by Till's
 * own `insertStatement` (open; open past its deadline, which reads as expired; expired; complete with its
 * payment intent), copied set-based with `generate_series` in chunks, each copy with its own id, times,
 * customer, email, payment intent, payment link and reference (the template's id replaced inside its
 * documents). The dashboard's benchmark also varies each copy's amount and currency (`varied`).
 */
import { Ids, SessionMachine, type SessionState } from "@till/core"
import { insertStatement } from "@till/postgres/SessionWrites"
import { Result } from "effect"
import { Kysely, PostgresDialect } from "kysely"
import pg from "pg"
import { log } from "./http/Settings.ts"

/** Sessions written per statement. */
export const CHUNK = 50_000

const must = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw r.failure
  return r.success
}

/** The four template states (40.00 USD each: two T-shirts at 19.99), as the state machine makes them. */
const templates = (account: string, now: number): Array<SessionState> => {
  const make = (kind: string) => {
    const id = `cs_test_template${kind}`
    return must(SessionMachine.create({
      account,
      livemode: false,
      params: {
        line_items: [{ price_data: { currency: "usd", unit_amount: 1999, product_data: { name: "T-shirt" } }, quantity: 2 }],
        customer_email: "buyer@example.com",
        client_reference_id: "order-template",
        success_url: "https://shop.example/thanks",
        metadata: { order: "template" }
      },
      id,
      client_secret: `${id}_secret_${Ids.randomBase62()}`,
      payment_link: null,
      now
    })).state
  }
  const open = make("open")
  const due = make("due")
  const expired = must(SessionMachine.transition(make("expired"), { _tag: "Expire" }, now)).state
  const started = must(SessionMachine.transition(make("complete"), { _tag: "StartPayment", attempt_id: "pa_template", payment_intent_id: "pi_template", payment_intent_client_secret: "pi_template_secret_template" }, now))
  const complete = must(SessionMachine.transition(started.state, {
    _tag: "PaymentSucceeded",
    attempt_id: "pa_template",
    payment_method: "pm_template",
    card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
    customer_name: null
  }, now)).state
  return [open, due, expired, complete]
}

/**
 * Copies the templates into sessions `from`..`to` (1-based): by `g % 8`, 0–2 open, 3 open past its deadline,
 * 4–5 expired, 6–7 complete; created one second apart, oldest first.
 */
const copySqlWith = (docExpression: string) => `
with g as (select g, case when g % 8 < 3 then 'open' when g % 8 = 3 then 'due' when g % 8 < 6 then 'expired' else 'complete' end as kind
           from generate_series($1::int, $2::int) g),
n as (select g.g, g.kind, t.*, 'cs_test_bench' || lpad(g.g::text, 10, '0') as new_id from g join checkout_sessions t on t.id = 'cs_test_template' || g.kind),
s as (
  insert into checkout_sessions (id, account, livemode, status, created, expires_at, customer, customer_details_email, payment_intent,
    payment_link, client_reference_id, attempt_id, attempt_started_at, version, doc)
  select new_id, $3, livemode, status, $4::bigint + g, case when kind = 'due' then $5::bigint - 60 when kind = 'open' then $5::bigint + 86400 else $4::bigint + g + 1800 end,
    'cus_bench' || (g % 1000), case when kind = 'complete' then 'buyer' || (g % 1000) || '@example.com' end,
    case when kind = 'complete' then 'pi_bench' || g end, case when g % 10 = 0 then 'plink_bench' || (g % 100) end,
    'order-' || (g % 1000), null, null, version, ${docExpression}
  from n),
li as (
  insert into checkout_session_line_items (session_id, position, doc)
  select n.new_id, l.position, replace(l.doc::text, n.id, n.new_id)::json from n join checkout_session_line_items l on l.session_id = n.id),
p as (
  insert into payment_intents (id, session_id, doc)
  select 'pi_bench' || n.g, n.new_id, replace(replace(i.doc::text, i.id, 'pi_bench' || n.g), n.id, n.new_id)::json
  from n join payment_intents i on i.session_id = n.id)
select 1`

/** The copy, each session's documents as its template's with the id replaced. */
const copySql = copySqlWith("replace(doc::text, id, new_id)::json")

/**
 * The copy with each session's amount spread over 1.00 to 1,000.99 (`100 + g * 7919 % 100000` minor units)
 * and one session in four in EUR, the rest in USD: what the dashboard's currency and amount filters need.
 * Only the session's document changes (its line items keep the template's amounts).
 */
const variedCopySql = copySqlWith(`replace(replace(replace(doc::text, id, new_id),
      '"amount_total":3998,', '"amount_total":' || (100 + (g::bigint * 7919) % 100000) || ','),
      '"currency":"usd"', case when g % 4 = 0 then '"currency":"eur"' else '"currency":"usd"' end)::json`)

/** What a seeder needs: a connection to the benchmark's database, the account, the times. */
export interface SeederOptions {
  readonly client: pg.Client
  readonly databaseUrl: string
  readonly account: string
  /** Session `g` is created at `base + g`. */
  readonly base: number
  readonly now: number
  /** Seeding stops at this many seconds in all, and the size reached is reported. */
  readonly budgetSeconds: number
  /** The log's prefix. */
  readonly label: string
  /** Vary amounts and currencies (see {@link variedCopySql}). */
  readonly varied?: boolean
  /** Runs after each chunk (sessions `from`..`to`), in the seeding's time: more rows that go with them. */
  readonly afterChunk?: (from: number, to: number) => Promise<void>
}

/** Writes the templates (under an account no list reads), then answers `seedTo(size)`, which copies them up to `size` sessions. */
export const sessionSeeder = async (options: SeederOptions) => {
  const { account, base, budgetSeconds, client, label, now } = options
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 1 }) }) })
  for (const state of templates("acct_bench_templates", now)) await kysely.executeQuery(insertStatement(state, []).compile(kysely))
  await kysely.destroy()
  const seeded = { size: 0, seconds: 0 }
  const seedTo = async (size: number) => {
    const started = performance.now()
    while (seeded.size < size && seeded.seconds + (performance.now() - started) / 1000 < budgetSeconds) {
      const to = Math.min(size, seeded.size + CHUNK)
      await client.query(options.varied === true ? variedCopySql : copySql, [seeded.size + 1, to, account, base, now])
      await options.afterChunk?.(seeded.size + 1, to)
      seeded.size = to
      log(`${label}: seeded ${seeded.size.toLocaleString("en-US")} sessions`)
    }
    await client.query("analyze checkout_sessions, checkout_session_line_items, payment_intents, events")
    seeded.seconds += (performance.now() - started) / 1000
  }
  return { seeded, seedTo }
}
