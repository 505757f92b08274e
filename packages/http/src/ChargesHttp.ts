/**
 * Handlers of the charge and refund endpoints, with Stripe's expansions: a charge's `refunds` and
 * `payment_intent`, a refund's `charge` and `payment_intent`.
 */
import { type Charge, Charges, CheckoutSessions, type Refund, type Scope } from "@till/core"
import { Effect } from "effect"
import { ChargesGroup, RefundsGroup } from "./ChargesApi.ts"
import * as ChargeWire from "./ChargeWire.ts"
import * as Endpoint from "./Endpoint.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import * as Wire from "./Wire.ts"

/** The lists' `url`s. */
export const CHARGES_URL = "/v1/charges"
/** See {@link CHARGES_URL}. */
export const REFUNDS_URL = "/v1/refunds"

const { withoutExpand } = Endpoint

/** Whether `expand[]` names `field` (with `prefix`, `"data."`, inside a list). */
const asks = (expand: ReadonlyArray<string> | undefined, field: string, prefix = "") => expand?.includes(prefix + field) === true

/** The routes of the Charges and Refunds groups. */
export const routes = Effect.gen(function*() {
  const charges = yield* Charges
  const sessions = yield* CheckoutSessions
  const base = yield* HostedPageBase
  const endpoint = yield* Endpoint.make

  const intentOf = (scope: Scope, id: string) => Effect.map(sessions.retrievePaymentIntent(scope, id), (pi) => Wire.paymentIntent(pi))

  const renderCharge = (scope: Scope, c: Charge, expand: ReadonlyArray<string> | undefined, prefix = "") =>
    Effect.gen(function*() {
      const payment_intent = asks(expand, "payment_intent", prefix) ? yield* intentOf(scope, c.payment_intent) : undefined
      return Wire.charge(c, base, { refunds: asks(expand, "refunds", prefix), ...(payment_intent === undefined ? {} : { payment_intent }) })
    })

  const renderRefund = (scope: Scope, r: Refund, expand: ReadonlyArray<string> | undefined, prefix = "") =>
    Effect.gen(function*() {
      const charge = asks(expand, "charge", prefix) ? Wire.charge(yield* charges.retrieveCharge(scope, r.charge), base) : undefined
      const payment_intent = asks(expand, "payment_intent", prefix) ? yield* intentOf(scope, r.payment_intent) : undefined
      return ChargeWire.refund(r, { ...(charge === undefined ? {} : { charge }), ...(payment_intent === undefined ? {} : { payment_intent }) })
    })

  return [
    ...endpoint.routes(ChargesGroup, {
      list: ({ input, scope }) =>
        Effect.gen(function*() {
          const page = yield* charges.listCharges(scope, withoutExpand(input))
          const data = yield* Effect.forEach(page.data, (c) => renderCharge(scope, c, input.expand, "data."))
          return Wire.list(CHARGES_URL, { ...page, data }, (c) => c)
        }),
      retrieve: ({ id, input, scope }) => Effect.flatMap(charges.retrieveCharge(scope, id), (c) => renderCharge(scope, c, input.expand)),
      update: ({ id, input, scope }) =>
        Effect.flatMap(charges.updateCharge(scope, id, withoutExpand(input)), (c) => renderCharge(scope, c, input.expand)),
      listRefunds: ({ id, input, scope }) =>
        Effect.gen(function*() {
          // another scope's charge is missing, even when it has no refunds to hide
          yield* charges.retrieveCharge(scope, id)
          const page = yield* charges.listRefunds(scope, { ...withoutExpand(input), charge: id })
          const data = yield* Effect.forEach(page.data, (r) => renderRefund(scope, r, input.expand, "data."))
          return Wire.list(ChargeWire.refundsUrl(id), { ...page, data }, (r) => r)
        })
    }),
    ...endpoint.routes(RefundsGroup, {
      create: ({ input, scope }) => Effect.flatMap(charges.createRefund(scope, withoutExpand(input)), (r) => renderRefund(scope, r, input.expand)),
      list: ({ input, scope }) =>
        Effect.gen(function*() {
          const page = yield* charges.listRefunds(scope, withoutExpand(input))
          const data = yield* Effect.forEach(page.data, (r) => renderRefund(scope, r, input.expand, "data."))
          return Wire.list(REFUNDS_URL, { ...page, data }, (r) => r)
        }),
      retrieve: ({ id, input, scope }) => Effect.flatMap(charges.retrieveRefund(scope, id), (r) => renderRefund(scope, r, input.expand)),
      update: ({ id, input, scope }) =>
        Effect.flatMap(charges.updateRefund(scope, id, withoutExpand(input)), (r) => renderRefund(scope, r, input.expand)),
      cancel: ({ id, scope }) => charges.cancelRefund(scope, id)
    })
  ]
})
