/**
 * Accounts and their API keys. Keys are stored as SHA-256 hashes, never in clear.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table accounts (
      id text collate "C" primary key,
      seq bigint generated always as identity,
      name text not null,
      created bigint not null
    )`.execute(db)
  await sql`create unique index accounts_seq on accounts (seq)`.execute(db)
  await sql`
    create table api_keys (
      secret_hash text collate "C" primary key,
      account text collate "C" not null references accounts (id),
      livemode boolean not null,
      last4 text not null,
      created bigint not null
    )`.execute(db)
  await sql`create index api_keys_account on api_keys (account)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_keys`.execute(db)
  await sql`drop table accounts`.execute(db)
}
