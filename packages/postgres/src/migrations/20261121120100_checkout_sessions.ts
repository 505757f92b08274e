/**
 * Checkout sessions, their line items and their payment intents.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  // Ids compare bytewise ("C") so keyset order matches the code's string order on any database locale.
  await sql`
    create table checkout_sessions (
      id text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      status text not null check (status in ('open', 'complete', 'expired')),
      created bigint not null,
      expires_at bigint not null,
      customer text,
      customer_details_email text,
      payment_intent text collate "C" unique,
      payment_link text,
      client_reference_id text,
      attempt_id text,
      attempt_started_at bigint,
      version integer not null,
      doc json not null,
      check ((attempt_id is null) = (attempt_started_at is null))
    )`.execute(db)
  // Every list is newest first within one account and mode: each filter gets an index that ends in
  // (created, id), so a page is one index range scan from the cursor (read backwards for newest first).
  await sql`create index checkout_sessions_list on checkout_sessions (account, livemode, created, id)`.execute(db)
  await sql`create index checkout_sessions_status on checkout_sessions (account, livemode, status, created, id)`.execute(db)
  await sql`
    create index checkout_sessions_customer on checkout_sessions (account, livemode, customer, created, id)
    where customer is not null`.execute(db)
  await sql`
    create index checkout_sessions_customer_email on checkout_sessions (account, livemode, customer_details_email, created, id)
    where customer_details_email is not null`.execute(db)
  await sql`
    create index checkout_sessions_payment_link on checkout_sessions (account, livemode, payment_link, created, id)
    where payment_link is not null`.execute(db)
  await sql`
    create index checkout_sessions_client_reference_id on checkout_sessions (account, livemode, client_reference_id, created, id)
    where client_reference_id is not null`.execute(db)
  // The expiry sweep reads open sessions by deadline.
  await sql`create index checkout_sessions_due on checkout_sessions (expires_at, id) where status = 'open'`.execute(db)

  await sql`
    create table checkout_session_line_items (
      session_id text collate "C" not null references checkout_sessions (id) on delete cascade,
      position integer not null,
      doc json not null,
      primary key (session_id, position)
    )`.execute(db)

  await sql`
    create table payment_intents (
      id text collate "C" primary key,
      session_id text collate "C" not null unique references checkout_sessions (id) on delete cascade,
      doc json not null
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table payment_intents`.execute(db)
  await sql`drop table checkout_session_line_items`.execute(db)
  await sql`drop table checkout_sessions`.execute(db)
}
