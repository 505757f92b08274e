/**
 * Where resent deliveries go, inside the transaction that reopens them: the queue enqueues one
 * attempt of each, so a resend commits with its job or not at all. A reference with no sink by
 * default (then nothing sends a reopened delivery: a composition without a queue); the server
 * provides `@till/queue`'s (apps/server/src/AppLayer.ts).
 */
import { Context } from "effect"
import type { Transaction } from "kysely"
import type { Database } from "./Database.ts"

/** A delivery reopened for one more attempt. */
export interface Resent {
  readonly id: string
  readonly livemode: boolean
  /** Whether that attempt settles it (it had settled); else its own retries are still scheduled. */
  readonly final: boolean
}

/** Enqueues the attempts of reopened deliveries through `trx`; a rejection rolls the reopening back. */
export type ResendHook = (trx: Transaction<Database>, resent: ReadonlyArray<Resent>) => Promise<void>

/** The hook of resent deliveries; none by default. */
export const DeliveryResendSink = Context.Reference<ResendHook | null>("till/postgres/DeliveryResendSink", { defaultValue: () => null })
