/**
 * Payment links and webhook endpoints.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table payment_links (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      created bigint not null,
      token text collate "C" not null unique,
      doc json not null
    )`.execute(db)
  await sql`create index payment_links_list on payment_links (account, livemode, created, id)`.execute(db)
  // The signing secret has to be readable to sign deliveries, so it is kept as given.
  await sql`
    create table webhook_endpoints (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      created bigint not null,
      secret text not null,
      doc json not null
    )`.execute(db)
  await sql`create index webhook_endpoints_list on webhook_endpoints (account, livemode, created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table webhook_endpoints`.execute(db)
  await sql`drop table payment_links`.execute(db)
}
