/**
 * Dashboard users (merchants bound to an account, operators bound to none) and their logins, kept by
 * the SHA-256 of the login token, never the token. Frozen in time: a later change gets a new
 * migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dashboard_users (
      id text collate "C" primary key,
      seq bigint generated always as identity,
      email text collate "C" not null unique,
      password_hash text not null,
      role text not null check (role in ('merchant', 'operator')),
      account text collate "C" references accounts (id),
      created bigint not null,
      check ((role = 'merchant') = (account is not null))
    )`.execute(db)
  await sql`
    create table dashboard_logins (
      token_hash text collate "C" primary key,
      user_id text collate "C" not null references dashboard_users (id),
      created bigint not null,
      expires_at bigint not null,
      revoked boolean not null default false
    )`.execute(db)
  await sql`create index dashboard_logins_user on dashboard_logins (user_id) where not revoked`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table dashboard_logins`.execute(db)
  await sql`drop table dashboard_users`.execute(db)
}
