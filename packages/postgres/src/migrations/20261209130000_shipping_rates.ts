/**
 * Shipping rates: one row each, with columns for what the list filters on (`active`, `currency`).
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shipping_rates (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      created bigint not null,
      active boolean not null,
      currency text collate "C" not null,
      version integer not null,
      doc json not null
    )`.execute(db)
  // the list is newest first, optionally only active (or inactive) rates; `currency` filters within the page's range
  await sql`create index shipping_rates_list on shipping_rates (account, livemode, created, id)`.execute(db)
  await sql`create index shipping_rates_by_active on shipping_rates (account, livemode, active, created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table shipping_rates`.execute(db)
}
