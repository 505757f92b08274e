/**
 * Handlers of the checkout-session endpoints (SPEC sections 4 and 6): parameters in, use case
 * called, wire object out.
 */
import { Charges, CheckoutSessions, Customers, type PaymentFailed, type Scope, type SessionState, ValidationError } from "@till/core"
import { Effect } from "effect"
import { CheckoutSessionsGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import { PaymentDeclined } from "./HttpErrors.ts"
import * as Wire from "./Wire.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import type { SessionObject } from "./Responses.ts"

/** `expand` is the adapter's; the rest goes to the use case. */
const split = <A extends { readonly expand?: ReadonlyArray<string> }>(input: A) => {
  const { expand, ...params } = input
  return { expand, params }
}

/** The routes of the CheckoutSessions group. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const customers = yield* Customers
  const charges = yield* Charges
  const endpoint = yield* Endpoint.make
  const base = yield* HostedPageBase

  /** A decline names its payment intent; Stripe's error body carries the whole object. */
  const declined = (scope: Scope, e: PaymentFailed) =>
    sessions.retrievePaymentIntent(scope, e.payment_intent).pipe(
      Effect.flatMap((pi) =>
        Effect.fail(
          new PaymentDeclined({ type: e.type, code: e.code, decline_code: e.decline_code, message: e.message, payment_intent: Wire.paymentIntent(pi) })
        )
      ),
      // the intent is the one this very call wrote; should reading it fail, the decline still stands
      Effect.catchTag("ResourceMissing", () => Effect.fail(e))
    )

  /**
   * A session with its expansions; `customer` is looked up here (a deleted one embeds as deleted, as
   * Stripe's does), and so is the payment intent's charge (`payment_intent.latest_charge`, which embeds
   * the intent too). An id that names no customer (a session stored before customers existed) stays an id.
   */
  const render = (scope: Scope, expand: ReadonlyArray<string> | undefined, prefix = "") => (state: SessionState) =>
    Effect.gen(function*() {
      const expansion = Wire.expansionOf(expand, prefix)
      const latestCharge = expand?.includes(`${prefix}payment_intent.latest_charge`) === true
      let object = Wire.session(state, base, latestCharge ? { ...expansion, payment_intent: true } : expansion)
      if (latestCharge && state.payment_intent !== null) {
        const charge = yield* charges.chargeOfSession(state)
        object = { ...object, payment_intent: Wire.paymentIntent(state.payment_intent, charge === null ? undefined : Wire.charge(charge, base)) }
      }
      const id = state.session.customer
      if (!expansion.customer || id === null) return object
      return yield* customers.retrieve(scope, id).pipe(
        Effect.map((view): SessionObject => ({ ...object, customer: Wire.customerView(view) })),
        Effect.catchTag("ResourceMissing", () => Effect.succeed(object))
      )
    })

  /** Expansions that reach the merchant's records (the customer, the charge): a client secret does not reach them. */
  const MERCHANT_ONLY = ["customer", "payment_intent.latest_charge"]

  return endpoint.routes(CheckoutSessionsGroup, {
    create: ({ input, keyed, scope }) => {
      const { expand, params } = split(input)
      if (keyed === undefined) return Effect.flatMap(sessions.create(scope, params), render(scope, expand))
      // the answer is rendered once, before the write that stores it with the key, and sent as stored
      let answer: SessionObject | undefined
      const respond = (state: SessionState) =>
        Effect.map(render(scope, expand)(state), (object) => {
          const body = JSON.stringify(object)
          answer = Endpoint.serializedAs(object, body)
          return { status: 200, body }
        })
      return Effect.map(sessions.createAnswered(scope, params, { ...keyed, respond }), () => answer!)
    },
    list: ({ input, scope }) => {
      const { expand, params } = split(input)
      const one = render(scope, expand, "data.")
      return sessions.list(scope, params).pipe(
        Effect.flatMap((page) => Effect.map(Effect.forEach(page.data, one), (data) => Wire.list("/v1/checkout/sessions", { ...page, data }, (s) => s)))
      )
    },
    retrieve: ({ client, id, input, scope }) => {
      // the customer and the charge are the merchant's records (metadata, notes, addresses): a client secret does not reach them
      const barred = client === true ? (input.expand ?? []).findIndex((e) => MERCHANT_ONLY.includes(e)) : -1
      return barred >= 0
        ? Effect.fail(new ValidationError({
          code: "parameter_invalid",
          message: `This property cannot be expanded with a client secret (${input.expand![barred]}).`,
          param: `expand[${barred}]`
        }))
        : Effect.flatMap(sessions.retrieve(scope, id), render(scope, input.expand))
    },
    update: ({ id, input, scope }) => {
      const { expand, params } = split(input)
      return Effect.flatMap(sessions.update(scope, id, params), render(scope, expand))
    },
    listLineItems: ({ id, input, scope }) => {
      const { params } = split(input)
      return Effect.map(sessions.listLineItems(scope, id, params), (page) => Wire.list(Wire.lineItemsUrl(id), page, (item) => Wire.lineItem(item, page.session)))
    },
    expire: ({ id, input, scope }) => Effect.flatMap(sessions.expire(scope, id), render(scope, input.expand)),
    pay: ({ id, input, scope }) =>
      sessions.pay(scope, id, split(input).params).pipe(
        Effect.map(Wire.paymentIntent),
        Effect.catchTag("PaymentFailed", (e) => declined(scope, e))
      ),
    refreshClientSecret: ({ id, input, scope }) =>
      Effect.flatMap(sessions.rotateClientSecret(scope, id), render(scope, input.expand)),
    listPaymentMethods: ({ id, scope }) => Effect.map(sessions.retrieve(scope, id), Wire.paymentMethods)
  }, { answeredInWrite: ["create"] })
})
