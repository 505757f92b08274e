/**
 * The dashboard's session filters by currency and by amount in a currency (issue 15), by index: both
 * read from the session's document, so no column is added and rows written before need no backfill.
 * `checkout_sessions_currency` is in keyset order (currency, then created and id) with the amount last:
 * a currency alone is one range scan from the cursor, and a wide amount range is checked on the index
 * entries as they are read, newest first, without reading the rows it rules out. For a narrow range,
 * `checkout_sessions_currency_amount` seeks the range, then the matches are sorted. The planner picks
 * by the range's selectivity. The expressions must stay the ones `SessionRepositoryPg.listQuery`
 * filters on. Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index checkout_sessions_currency
    on checkout_sessions (account, livemode, (doc ->> 'currency'), created, id, ((doc ->> 'amount_total')::bigint))`.execute(db)
  await sql`
    create index checkout_sessions_currency_amount
    on checkout_sessions (account, livemode, (doc ->> 'currency'), ((doc ->> 'amount_total')::bigint), created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index checkout_sessions_currency_amount`.execute(db)
  await sql`drop index checkout_sessions_currency`.execute(db)
}
