/**
 * Secrets of the installation, one per purpose (the key of idempotency fingerprints), made once by
 * whichever process needs one first, so every process and restart shares it.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table installation_secrets (
      name text collate "C" primary key,
      secret bytea not null,
      created bigint not null
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table installation_secrets`.execute(db)
}
