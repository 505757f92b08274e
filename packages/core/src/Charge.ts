/**
 * Charges (Stripe's `charge`): the money a payment intent's approved attempt took (or, with manual
 * capture, holds). A charge is not stored on its own: it is read from its payment intent, which every
 * paid session already keeps, with the refunds counted against it and the merchant's own changes
 * (metadata, description), so sessions paid before charges existed have theirs too. Its id is the
 * intent's under `ch_`, so one leads to the other without a lookup table.
 */
import { Schema } from "effect"
import type { SessionState } from "./CheckoutSession.ts"
import { Prefix } from "./Ids.ts"
import type { CardDetails, PaymentIntent } from "./PaymentIntent.ts"
import { MetadataOrEmpty, Text } from "./Params.ts"
import { type Refund, refundedAmount } from "./Refund.ts"
import { PageParams } from "./SessionParams.ts"

/**
 * A charge, as the refunds and the merchant's changes leave it. (A type alias, not an interface, so a
 * charge fits where any JSON-like record does: an event's object.)
 */
export type Charge = {
  readonly id: string
  /** What was authorized. */
  readonly amount: number
  /** What was taken: all of it, the captured part (manual capture), or 0 while held or once released. */
  readonly amount_captured: number
  /** What refunds take back (pending ones included), or all of it once a hold is released. */
  readonly amount_refunded: number
  readonly captured: boolean
  readonly refunded: boolean
  readonly currency: string
  readonly created: number
  readonly livemode: boolean
  readonly payment_intent: string
  readonly payment_method: string | null
  /** The card as the processor described it; null only for intents paid before Till kept it. */
  readonly card: CardDetails | null
  readonly description: string | null
  readonly metadata: Readonly<Record<string, string>>
  readonly receipt_email: string | null
  readonly statement_descriptor: string | null
  readonly statement_descriptor_suffix: string | null
  readonly customer: string | null
  readonly billing_details: { readonly email: string | null; readonly name: string | null }
  /** The session paid, whose page is the receipt. */
  readonly checkout_session: string
  readonly session_client_secret: string | null
  /** The random part of the receipt's address (its intent's); null for intents paid before receipts. */
  readonly receipt_secret: string | null
  /** Its refunds, newest first. */
  readonly refunds: ReadonlyArray<Refund>
}

/** The merchant's own changes to a charge (`POST /v1/charges/:id`); until the first, a charge shows its intent's. */
export interface ChargeDetails {
  readonly description: string | null
  readonly metadata: Readonly<Record<string, string>>
}

/**
 * What is stored for a charge: its account and mode, the version its writes are conditional on, and
 * the merchant's changes (null until the first). The record is made by the first refund or change,
 * and is what concurrent refunds of one charge are serialized on.
 */
export interface ChargeRecord {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly payment_intent: string
  readonly version: number
  readonly details: ChargeDetails | null
}

/** The charge id of a payment intent: its body under `ch_`. */
export const chargeIdOf = (paymentIntent: string): string => Prefix.charge + paymentIntent.slice(paymentIntent.indexOf("_") + 1)

/** The payment intent id of a charge id, or undefined when it is not a charge id. */
export const paymentIntentOfCharge = (charge: string): string | undefined =>
  charge.startsWith(Prefix.charge) && charge.length > Prefix.charge.length ? Prefix.paymentIntent + charge.slice(Prefix.charge.length) : undefined

/**
 * Whether the intent's approved attempt made a charge: it holds or took the funds, or released a hold (a
 * canceled intent with a card on it; one canceled with its session, never approved, has none).
 */
export const hasCharge = (pi: PaymentIntent): boolean =>
  pi.status === "succeeded" || pi.status === "requires_capture" || (pi.status === "canceled" && pi.payment_method_details !== null)

/** The id of the intent's charge (Stripe's `latest_charge`), or null when it has none. */
export const latestChargeOf = (pi: PaymentIntent): string | null => hasCharge(pi) ? chargeIdOf(pi.id) : null

/** The charge of a session's payment intent, or null when it has none. */
export const chargeOf = (state: SessionState, refunds: ReadonlyArray<Refund>, details: ChargeDetails | null): Charge | null => {
  const pi = state.payment_intent
  if (pi === null || !hasCharge(pi)) return null
  const captured = pi.status === "succeeded"
  const released = pi.status === "canceled"
  const amount_captured = captured ? pi.amount_received : 0
  const amount_refunded = released ? pi.amount : refundedAmount(refunds)
  const session = state.session
  return {
    id: chargeIdOf(pi.id),
    amount: pi.amount,
    amount_captured,
    amount_refunded,
    captured,
    refunded: released || (captured && amount_refunded >= amount_captured),
    currency: pi.currency,
    created: pi.created,
    livemode: pi.livemode,
    payment_intent: pi.id,
    payment_method: pi.payment_method,
    card: pi.payment_method_details?.card ?? null,
    description: details === null ? pi.description : details.description,
    metadata: details === null ? pi.metadata : details.metadata,
    receipt_email: pi.receipt_email,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    customer: session.customer,
    billing_details: { email: session.customer_details?.email ?? null, name: session.customer_details?.name ?? null },
    checkout_session: session.id,
    session_client_secret: session.client_secret,
    receipt_secret: pi.receipt_secret,
    refunds: [...refunds].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** Parameters of `POST /v1/charges/:id`: `description` (`""` unsets it) and `metadata` (merged). */
export const UpdateChargeParams = Schema.Struct({
  description: Schema.optionalKey(Schema.Union([Text(1, 40_000), Schema.Literal("")])),
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdateChargeParams}. */
export type UpdateChargeParams = typeof UpdateChargeParams.Type

/** Parameters of `GET /v1/charges`. */
export const ListChargesParams = Schema.Struct({
  ...PageParams,
  payment_intent: Schema.optionalKey(Text(1, 255)),
  customer: Schema.optionalKey(Text(1, 255))
})
/** See {@link ListChargesParams}. */
export type ListChargesParams = typeof ListChargesParams.Type
