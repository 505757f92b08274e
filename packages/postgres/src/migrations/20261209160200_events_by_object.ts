/**
 * An object's events (its timeline on the dashboard) by index: the id of the event's object, inside
 * its document, per account and mode. Frozen in time: a later change gets a new migration, never an
 * edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index events_object on events (account, livemode, ((doc -> 'data' -> 'object' ->> 'id')), created, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index events_object`.execute(db)
}
