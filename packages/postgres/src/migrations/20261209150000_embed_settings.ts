/**
 * Embedded checkout's settings, one row per account and mode: the origins whose pages may frame an
 * embedded session's page (its `frame-ancestors`). No row: none may.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table embed_settings (
      account text collate "C" not null,
      livemode boolean not null,
      allowed_origins json not null,
      updated bigint not null,
      version integer not null,
      primary key (account, livemode)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table embed_settings`.execute(db)
}
