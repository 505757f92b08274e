/**
 * Shared test fixtures: sessions built through the real machine, and decoded params.
 */
import { Result, Schema } from "effect"
import type { SessionState } from "../src/CheckoutSession.ts"
import { type Command, create, transition, type Transition } from "../src/SessionMachine.ts"
import { CreateSessionParams } from "../src/SessionParams.ts"

/** 2026-01-01T00:00:00Z, a fixed "now" for machine tests. */
export const T0 = 1_767_225_600

/** Decodes create params the way an adapter would. */
export const params = (input: unknown) => Schema.decodeUnknownSync(CreateSessionParams)(input)

/** One line item of 1,000 minor units × 2 in USD. */
export const basicParams = {
  line_items: [{ price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "T-shirt" } }, quantity: 2 }]
}

/** A fresh open session created at `now`. */
export const openSession = (input: unknown = basicParams, now = T0, id = "cs_test_abc"): SessionState => {
  const result = create({
    account: "acct_1",
    livemode: false,
    params: params(input),
    id,
    client_secret: `${id}_secret_1`,
    payment_link: null,
    now
  })
  if (Result.isFailure(result)) throw result.failure
  return result.success.state
}

/** Applies a command that must succeed. */
export const ok = (state: SessionState, command: Command, now = T0): Transition => {
  const result = transition(state, command, now)
  if (Result.isFailure(result)) throw new Error(`expected success, got ${result.failure._tag}`)
  return result.success
}

/** Applies a command that must fail, returning the error. */
export const err = (state: SessionState, command: Command, now = T0) => {
  const result = transition(state, command, now)
  if (Result.isSuccess(result)) throw new Error(`expected failure, got success`)
  return result.failure
}

/** Common commands. */
export const cmd = {
  start: (attempt_id = "pa_1", payment_intent_id = "pi_1"): Command => ({ _tag: "StartPayment", attempt_id, payment_intent_id, payment_intent_client_secret: `${payment_intent_id}_secret_test` }),
  succeed: (attempt_id = "pa_1"): Command => ({
    _tag: "PaymentSucceeded",
    attempt_id,
    payment_method: "pm_card_visa",
    card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
    customer_name: null
  }),
  fail: (attempt_id = "pa_1"): Command => ({
    _tag: "PaymentFailed",
    attempt_id,
    error: { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
    payment_method: null
  }),
  abandon: (attempt_id = "pa_1"): Command => ({ _tag: "AbandonAttempt", attempt_id }),
  expire: { _tag: "Expire" } as Command,
  expireByClock: { _tag: "ExpireByClock" } as Command,
  metadata: (metadata: Record<string, string> | ""): Command => ({ _tag: "UpdateMetadata", metadata }),
  rotate: (client_secret = "cs_test_abc_secret_2"): Command => ({ _tag: "RotateClientSecret", client_secret })
}
