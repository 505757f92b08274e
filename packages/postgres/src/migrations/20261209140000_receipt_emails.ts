/**
 * The e-mailed receipts: one row per paid session whose receipt is to be sent, written in the
 * transaction that records the payment (with the queue's job), and settled once: `sent` when the
 * mail server took it, `failed` when its retries ran out, `skipped` when there was nothing to send.
 * The row is what keeps a retried job from sending a receipt twice.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table receipt_emails (
      checkout_session text collate "C" primary key,
      account text collate "C" not null,
      livemode boolean not null,
      status text collate "C" not null default 'pending',
      attempts integer not null default 0,
      last_error text,
      created bigint not null,
      sent_at bigint
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table receipt_emails`.execute(db)
}
