/**
 * Handlers of the shipping-rate endpoints (`/v1/shipping_rates`).
 */
import { ShippingRates } from "@till/core"
import { Effect } from "effect"
import * as Endpoint from "./Endpoint.ts"
import { shippingRate } from "./ShippingRateResponses.ts"
import { ShippingRatesGroup } from "./ShippingRatesApi.ts"
import * as Wire from "./Wire.ts"

/** The list's `url`. */
export const LIST_URL = "/v1/shipping_rates"

const { withoutExpand } = Endpoint

/** The routes of the ShippingRates group. */
export const routes = Effect.gen(function*() {
  const rates = yield* ShippingRates
  const endpoint = yield* Endpoint.make
  return endpoint.routes(ShippingRatesGroup, {
    create: ({ input, scope }) => Effect.map(rates.create(scope, withoutExpand(input)), shippingRate),
    list: ({ input, scope }) => Effect.map(rates.list(scope, withoutExpand(input)), (page) => Wire.list(LIST_URL, page, shippingRate)),
    retrieve: ({ id, scope }) => Effect.map(rates.retrieve(scope, id), shippingRate),
    update: ({ id, input, scope }) => Effect.map(rates.update(scope, id, withoutExpand(input)), shippingRate)
  })
})
