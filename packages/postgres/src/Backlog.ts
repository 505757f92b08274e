/**
 * What is waiting in the database, for metrics: how far behind the expiry sweep is.
 */
import { type Kysely, sql } from "kysely"
import type { Database } from "./Database.ts"

/**
 * Seconds since the earliest open session became due for expiry (`expires_at` passed, no unresolved
 * payment attempt), 0 when none is due: how far the sweep is behind. One index lookup
 * (`checkout_sessions_due`).
 */
export const expiryLagSeconds = async (db: Kysely<Database>, now: number): Promise<number> => {
  const row = await db
    .selectFrom("checkout_sessions")
    .select(sql<string | number | null>`min(expires_at)`.as("due"))
    .where("status", "=", "open")
    .where("expires_at", "<=", String(now))
    .where("attempt_id", "is", null)
    .executeTakeFirst()
  const due = row?.due
  return due === null || due === undefined ? 0 : Math.max(0, now - Number(due))
}
