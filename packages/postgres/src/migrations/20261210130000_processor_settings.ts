/**
 * Processor settings, one row per account and mode: which processor takes the payments, its options
 * (JSON object), and its credentials only as the server's cipher sealed them (AES-256-GCM under
 * TILL_ENCRYPTION_KEY), with the last four characters of each to show. No row: the test processor.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table processor_settings (
      account text collate "C" not null,
      livemode boolean not null,
      processor text not null,
      sealed_credentials text,
      credential_hints json not null,
      options json not null,
      updated bigint not null,
      version integer not null,
      primary key (account, livemode)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table processor_settings`.execute(db)
}
