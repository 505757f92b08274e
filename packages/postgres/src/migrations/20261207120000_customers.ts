/**
 * Customers: one row each, kept once deleted (a deleted customer still reads, as Stripe's does).
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customers (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      created bigint not null,
      email text collate "C",
      deleted boolean not null default false,
      version integer not null,
      doc json not null
    )`.execute(db)
  // the list shows customers not deleted, newest first, optionally those of one exact e-mail address
  await sql`create index customers_list on customers (account, livemode, created, id) where not deleted`.execute(db)
  await sql`create index customers_by_email on customers (account, livemode, email, created, id) where not deleted`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table customers`.execute(db)
}
