/**
 * Idempotency keys: one claim or stored response per account, mode and key.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      account text collate "C" not null,
      livemode boolean not null,
      key text collate "C" not null,
      fingerprint text not null,
      started bigint not null,
      response_status integer,
      response_body text,
      completed bigint,
      primary key (account, livemode, key),
      check ((response_status is null) = (completed is null))
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db)
}
