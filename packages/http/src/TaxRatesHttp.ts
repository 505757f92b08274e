/**
 * Handlers of the tax-rate endpoints (`/v1/tax_rates`).
 */
import { TaxRates } from "@till/core"
import { Effect } from "effect"
import * as Endpoint from "./Endpoint.ts"
import { taxRate } from "./TaxRateResponses.ts"
import { TaxRatesGroup } from "./TaxRatesApi.ts"
import * as Wire from "./Wire.ts"

/** The list's `url`. */
export const LIST_URL = "/v1/tax_rates"

const { withoutExpand } = Endpoint

/** The routes of the TaxRates group. */
export const routes = Effect.gen(function*() {
  const rates = yield* TaxRates
  const endpoint = yield* Endpoint.make
  return endpoint.routes(TaxRatesGroup, {
    create: ({ input, scope }) => Effect.map(rates.create(scope, withoutExpand(input)), taxRate),
    list: ({ input, scope }) => Effect.map(rates.list(scope, withoutExpand(input)), (page) => Wire.list(LIST_URL, page, taxRate)),
    retrieve: ({ id, scope }) => Effect.map(rates.retrieve(scope, id), taxRate),
    update: ({ id, input, scope }) => Effect.map(rates.update(scope, id, withoutExpand(input)), taxRate)
  })
})
