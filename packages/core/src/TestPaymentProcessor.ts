/**
 * The test payment processor: Stripe's test cards and tokens decide the outcome (SPEC section 6),
 * and its own ledger remembers each decision by attempt id, as a real processor's records do, so a
 * repeated charge answers the first outcome and reconciliation has something to ask.
 * Card numbers stop here: only brand, last four and expiry leave this module.
 */
import { Clock, Effect, Layer, Option, Redacted } from "effect"
import * as Card from "./Card.ts"
import type { CardDetails, PaymentError } from "./PaymentIntent.ts"
import {
  type AuthorizeOutcome,
  type AuthorizeRequest,
  PaymentProcessor,
  type RefundOutcome,
  type RetrieveOutcome,
  type SettleOutcome,
  VOIDED_ATTEMPT
} from "./ports/PaymentProcessor.ts"
import { type LedgerEntry, type RefundEntry, settlementKey, TestProcessorLedger } from "./ports/TestProcessorLedger.ts"

type Decision = { readonly ok: true } | { readonly ok: false; readonly error: PaymentError }

const approve: Decision = { ok: true }
const decline = (code: string, decline_code: string | null, message: string): Decision => ({
  ok: false,
  error: { type: "card_error", code, decline_code, message }
})
const genericDecline = decline("card_declined", "generic_decline", "Your card was declined.")
const insufficientFunds = decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
const processingError = decline("processing_error", null, "An error occurred while processing your card. Try again in a little bit.")

/** Card numbers with a fixed outcome in test mode. Any other valid number is declined as a live card. */
export const TEST_CARDS: Readonly<Record<string, Decision>> = {
  "4242424242424242": approve,
  "4000056655665556": approve,
  "5555555555554444": approve,
  "5200828282828210": approve,
  "378282246310005": approve,
  "6011111111111117": approve,
  "4000000000005126": approve,
  "4000000000007726": approve,
  "4000000000000002": genericDecline,
  "4000000000009995": insufficientFunds,
  "4000000000000119": processingError
}

/** Test tokens: the card each one stands for. */
export const TEST_TOKENS: Readonly<Record<string, { readonly number: string; readonly exp_month: number; readonly exp_year: number }>> = {
  pm_card_visa: { number: "4242424242424242", exp_month: 12, exp_year: 2034 },
  pm_card_mastercard: { number: "5555555555554444", exp_month: 12, exp_year: 2034 },
  pm_card_amex: { number: "378282246310005", exp_month: 12, exp_year: 2034 },
  pm_card_refundFail: { number: "4000000000005126", exp_month: 12, exp_year: 2034 },
  pm_card_pendingRefund: { number: "4000000000007726", exp_month: 12, exp_year: 2034 },
  pm_card_chargeDeclined: { number: "4000000000000002", exp_month: 12, exp_year: 2034 },
  pm_card_chargeDeclinedInsufficientFunds: { number: "4000000000009995", exp_month: 12, exp_year: 2034 },
  pm_card_chargeDeclinedProcessingError: { number: "4000000000000119", exp_month: 12, exp_year: 2034 }
}

/** What the test processor answers: it never asks the shopper for an action. */
export type Decided = Exclude<AuthorizeOutcome, { readonly _tag: "RequiresAction" }>

const fail = (payment_method: string | null, error: PaymentError): Decided => ({ _tag: "Failed", payment_method, error })

/** Decides one attempt. Pure apart from the id it derives from the attempt. */
export const decide = (request: AuthorizeRequest): Decided => {
  if (request.livemode) {
    return { _tag: "Rejected", param: "payment_method", code: "livemode_unsupported", message: "No live payment processor is configured; only test mode can take payments." }
  }
  const method = request.method
  let card: { number: string; exp_month: number; exp_year: number; cvc: string | null }
  let pm: string
  if (method.type === "token") {
    const token = TEST_TOKENS[method.token]
    if (token === undefined) {
      return { _tag: "Rejected", param: "payment_method", code: "resource_missing", message: `No such PaymentMethod: '${method.token}'` }
    }
    card = { ...token, cvc: null }
    pm = method.token
  } else if (method.type === "processor_token") {
    return { _tag: "Rejected", param: "processor_token", code: "parameter_invalid", message: "The test processor takes no processor token: pay with a card or a test token." }
  } else {
    card = {
      number: Redacted.value(method.number).replace(/[\s-]/g, ""),
      exp_month: method.exp_month,
      exp_year: Card.fullYear(method.exp_year),
      cvc: method.cvc === null ? null : Redacted.value(method.cvc)
    }
    pm = `pm_${request.attempt_id.slice(request.attempt_id.indexOf("_") + 1)}`
  }
  if (!Card.luhnValid(card.number)) return fail(null, { type: "card_error", code: "incorrect_number", decline_code: null, message: "Your card number is incorrect." })
  if (Card.expired({ month: card.exp_month, year: card.exp_year }, Card.monthOf(request.now))) {
    return fail(null, { type: "card_error", code: "expired_card", decline_code: "expired_card", message: "Your card has expired." })
  }
  const brand = Card.brandOf(card.number)
  if (card.cvc !== null && !Card.cvcValid(card.cvc, brand)) {
    return fail(null, { type: "card_error", code: "invalid_cvc", decline_code: "invalid_cvc", message: "Your card's security code is invalid." })
  }
  const decision = TEST_CARDS[card.number] ?? decline("card_declined", "test_mode_live_card", "Your card was declined. Your request was in test mode, but used a non test card.")
  if (!decision.ok) return fail(pm, decision.error)
  const details: CardDetails = {
    brand,
    last4: card.number.slice(-4),
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    installments: request.installments === null ? null : { plan: { count: request.installments, interval: "month", type: "fixed_count" } }
  }
  return { _tag: "Succeeded", payment_method: pm, card: details }
}


/**
 * How refunds of a card's charges go, by the card's last four digits (unique among the test cards
 * that approve), as Stripe's test cards have it: 5126's refunds succeed and fail later, 7726's are
 * pending and succeed later; every other card's succeed at once.
 */
export const REFUND_BEHAVIOUR: Readonly<Record<string, RefundEntry>> = {
  "5126": { _tag: "Refund", initial: "succeeded", final: "failed", failure_reason: "expired_or_canceled_card" },
  "7726": { _tag: "Refund", initial: "pending", final: "succeeded", failure_reason: null }
}

const refundSucceeds: RefundEntry = { _tag: "Refund", initial: "succeeded", final: "succeeded", failure_reason: null }

const refundAsMade = (entry: RefundEntry): RefundOutcome => ({
  _tag: "Refund",
  status: entry.initial,
  failure_reason: entry.initial === "failed" ? entry.failure_reason : null,
  final: entry.initial === entry.final
})

const refundAsEnded = (entry: RefundEntry): RefundOutcome => ({
  _tag: "Refund",
  status: entry.final,
  failure_reason: entry.final === "failed" ? entry.failure_reason : null,
  final: true
})

const outcomeOf = (entry: LedgerEntry): RetrieveOutcome => {
  const outcome = entry.outcome
  switch (outcome._tag) {
    case "Succeeded":
    case "Failed":
      return outcome
    // a settlement key is never an attempt id; one asked for as an attempt was never an attempt
    default:
      return { _tag: "NotFound" }
  }
}

const settlementOf = (entry: LedgerEntry): SettleOutcome => {
  const outcome = entry.outcome
  if (outcome._tag === "Captured" || outcome._tag === "Released") return outcome
  // written only by `settle` under its own key
  throw new Error(`ledger entry ${entry.attempt_id} is not a settlement`)
}

/** The test processor over its ledger. */
export const layer: Layer.Layer<PaymentProcessor, never, TestProcessorLedger> = Layer.effect(
  PaymentProcessor,
  Effect.gen(function*() {
    const ledger = yield* TestProcessorLedger
    /** The refund behaviour of the card that paid the intent, from the approval the ledger holds for it. */
    const refundBehaviourOf = (paymentIntent: string) =>
      Effect.map(ledger.listByPaymentIntent(paymentIntent), (entries) => {
        const approval = entries.find((e) => e.outcome._tag === "Succeeded")
        return approval?.outcome._tag === "Succeeded" ? REFUND_BEHAVIOUR[approval.outcome.card.last4] ?? refundSucceeds : refundSucceeds
      })
    return PaymentProcessor.of({
      authorize: (request) =>
        Effect.gen(function*() {
          const outcome = decide(request)
          // a refused request never became a charge: nothing to remember
          if (outcome._tag === "Rejected") return outcome
          const entry = yield* ledger.record({
            attempt_id: request.attempt_id,
            payment_intent: request.payment_intent,
            amount: request.amount,
            currency: request.currency,
            outcome,
            created: request.now
          })
          const recorded = entry.outcome
          return recorded._tag === "Succeeded" || recorded._tag === "Failed" ? recorded : VOIDED_ATTEMPT
        }),
      retrieve: ({ attempt_id }) =>
        Effect.gen(function*() {
          const found = yield* ledger.find(attempt_id)
          if (Option.isSome(found)) return outcomeOf(found.value)
          // never seen: void it, so a charge still on its way is refused (whichever is recorded first wins)
          const created = Math.floor((yield* Clock.currentTimeMillis) / 1000)
          return outcomeOf(yield* ledger.record({ attempt_id, payment_intent: null, amount: 0, currency: null, outcome: { _tag: "Voided" }, created }))
        }),
      // The test processor holds every approved manual authorization until it is settled; the first
      // settlement recorded for the intent is the answer to every later one.
      settle: (request) =>
        Effect.map(
          ledger.record({
            attempt_id: settlementKey(request.payment_intent),
            payment_intent: request.payment_intent,
            amount: request.action._tag === "Capture" ? request.action.amount : 0,
            currency: null,
            outcome: request.action._tag === "Capture"
              ? { _tag: "Captured", reference: request.reference, amount: request.action.amount }
              : { _tag: "Released", reference: request.reference, reason: request.action.reason },
            created: request.now
          }),
          settlementOf
        ),
      // the first request for a refund id makes it; any other answers where that one started
      refund: (request) =>
        Effect.gen(function*() {
          const found = yield* ledger.find(request.refund_id)
          const behaviour = Option.isSome(found) && found.value.outcome._tag === "Refund" ? found.value.outcome : yield* refundBehaviourOf(request.payment_intent)
          const entry = yield* ledger.record({
            attempt_id: request.refund_id,
            payment_intent: request.payment_intent,
            amount: request.amount,
            currency: request.currency,
            outcome: behaviour,
            created: request.now
          })
          if (entry.outcome._tag !== "Refund") throw new Error(`ledger entry ${request.refund_id} is not a refund`)
          return refundAsMade(entry.outcome)
        }),
      // asked later, a refund has reached its end (the test processor's "some time later" is the next question)
      retrieveRefund: ({ refund_id }) =>
        Effect.map(ledger.find(refund_id), (found) =>
          Option.isSome(found) && found.value.outcome._tag === "Refund" ? refundAsEnded(found.value.outcome) : { _tag: "NotFound" as const })
    })
  })
)
