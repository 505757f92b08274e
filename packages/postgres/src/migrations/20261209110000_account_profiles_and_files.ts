/**
 * Accounts' public details (business profile and branding) as one JSON document, null for every account
 * made before (read as the empty profile); and files (branding images), their content in the row.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table accounts add column profile json`.execute(db)
  await sql`
    create table files (
      id text collate "C" primary key,
      account text collate "C" not null references accounts (id),
      created bigint not null,
      purpose text not null,
      filename text,
      size integer not null,
      type text not null,
      sha256 text not null,
      content bytea not null
    )`.execute(db)
  // the list is newest first, optionally of one purpose (filtered within the account's range)
  await sql`create index files_list on files (account, created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table files`.execute(db)
  await sql`alter table accounts drop column profile`.execute(db)
}
