/**
 * How a change to an object other than a session (a customer, a catalog object, a refund, a charge)
 * writes its events: in the change's own transaction, then handed to the SessionEventSink (webhook
 * deliveries) in that same transaction, as a session write does, so the change and its events commit
 * together or not at all.
 */
import type { Event } from "@till/core"
import type { Kysely, Transaction } from "kysely"
import type { Database } from "./Database.ts"
import type { Written } from "./SessionEventSink.ts"

/** Adds `events` through `trx` and runs the sink's `written` on them (nothing for no events). */
export const addEvents = async (trx: Transaction<Database>, events: ReadonlyArray<Event>, written: Written | null): Promise<void> => {
  if (events.length === 0) return
  await trx.insertInto("events").values(events.map((e) => ({
    id: e.id,
    account: e.account,
    livemode: e.livemode,
    type: e.type,
    created: e.created,
    doc: JSON.stringify(e)
  }))).execute()
  if (written !== null) await written(trx, events, [])
}

/**
 * Runs `write` in a transaction of its own; when `wrote` says it wrote (by default, when it answered
 * true), adds `events` and runs the sink's `written` in that same transaction.
 */
export const writeWithEvents = <A>(
  db: Kysely<Database>,
  written: Written | null,
  events: ReadonlyArray<Event>,
  write: (trx: Transaction<Database>) => Promise<A>,
  wrote: (result: A) => boolean = (result) => result === true
): Promise<A> =>
  db.transaction().execute(async (trx) => {
    const result = await write(trx)
    if (wrote(result)) await addEvents(trx, events, written)
    return result
  })
