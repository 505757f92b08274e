/**
 * Handlers of the customer endpoints (`/v1/customers`).
 */
import { Customers } from "@till/core"
import { Effect } from "effect"
import { CustomersGroup } from "./CustomersApi.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Wire from "./Wire.ts"

/** The list's `url`. */
export const LIST_URL = "/v1/customers"

const { withoutExpand } = Endpoint

/** The routes of the Customers group. */
export const routes = Effect.gen(function*() {
  const customers = yield* Customers
  const endpoint = yield* Endpoint.make
  return endpoint.routes(CustomersGroup, {
    create: ({ input, scope }) => Effect.map(customers.create(scope, withoutExpand(input)), Wire.customer),
    list: ({ input, scope }) => Effect.map(customers.list(scope, withoutExpand(input)), (page) => Wire.list(LIST_URL, page, Wire.customer)),
    retrieve: ({ id, scope }) => Effect.map(customers.retrieve(scope, id), Wire.customerView),
    update: ({ id, input, scope }) => Effect.map(customers.update(scope, id, withoutExpand(input)), Wire.customer),
    delete: ({ id, scope }) => Effect.map(customers.delete(scope, id), Wire.deletedCustomer)
  })
})
