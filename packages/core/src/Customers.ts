/**
 * Use cases of customers: create, read, change, delete and list them. Every change is recorded as an
 * event (`customer.created`, `customer.updated`, `customer.deleted`) written with it, so webhooks
 * hear of it as they hear of sessions.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import {
  type Address,
  type AddressParams,
  type CreateCustomerParams,
  type Customer,
  type CustomerView,
  invoicePrefixFor,
  type ListCustomersParams,
  newCustomer,
  type StoredCustomer,
  type UpdateCustomerParams
} from "./Customer.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { eventMaker } from "./EventMaker.ts"
import { Prefix } from "./Ids.ts"
import { checkMetadata } from "./Params.ts"
import { type CustomerFilter, CustomerRepository } from "./ports/CustomerRepository.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { mergeMetadata } from "./SessionMachine.ts"

/** `""` (Stripe's "unset") as null; anything else as it is. */
const unset = (value: string | undefined, current: string | null): string | null =>
  value === undefined ? current : value === "" ? null : value

const addressOf = (given: AddressParams): Address => ({
  city: unset(given.city, null),
  country: unset(given.country, null),
  line1: unset(given.line1, null),
  line2: unset(given.line2, null),
  postal_code: unset(given.postal_code, null),
  state: unset(given.state, null)
})

/** The customer with the given parameters applied: a given field replaces, `""` unsets, metadata merges. */
export const applyParams = (
  customer: Customer,
  params: CreateCustomerParams | UpdateCustomerParams
): Customer | ValidationError => {
  const metadata = params.metadata === undefined ? customer.metadata : mergeMetadata(customer.metadata, params.metadata)
  const problem = checkMetadata(metadata)
  if (problem !== undefined) return new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" })
  const { address, shipping, preferred_locales, tax_exempt } = params
  return {
    ...customer,
    email: unset(params.email, customer.email),
    name: unset(params.name, customer.name),
    phone: unset(params.phone, customer.phone),
    description: unset(params.description, customer.description),
    business_name: unset(params.business_name, customer.business_name),
    individual_name: unset(params.individual_name, customer.individual_name),
    address: address === undefined ? customer.address : address === "" ? null : addressOf(address),
    shipping: shipping === undefined
      ? customer.shipping
      : shipping === ""
      ? null
      : { address: addressOf(shipping.address), name: shipping.name, phone: unset(shipping.phone, null) },
    metadata,
    preferred_locales: preferred_locales === undefined ? customer.preferred_locales : preferred_locales === "" ? [] : preferred_locales,
    tax_exempt: tax_exempt === undefined ? customer.tax_exempt : tax_exempt === "" ? "none" : tax_exempt,
    balance: params.balance ?? customer.balance,
    invoice_prefix: params.invoice_prefix ?? customer.invoice_prefix,
    next_invoice_sequence: params.next_invoice_sequence ?? customer.next_invoice_sequence
  }
}

/** Use cases of customers. */
export class Customers extends Context.Service<Customers>()("till/Customers", {
  make: Effect.gen(function*() {
    const repo = yield* CustomerRepository
    const ids = yield* IdGenerator
    const eventsOf = eventMaker(ids, yield* EventSnapshots)

    /** A customer of the scope, deleted or not. */
    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(Effect.flatMap((found) =>
        Option.isSome(found) && found.value.account === scope.account && found.value.customer.livemode === scope.livemode
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "customer", id, param }))
      ))

    /** A customer of the scope that can still change: a deleted one answers as missing, as Stripe's does. */
    const loadLive = (scope: Scope, id: string) =>
      Effect.flatMap(load(scope, id), (stored) => stored.deleted ? Effect.fail(new ResourceMissing({ object: "customer", id, param: null })) : Effect.succeed(stored))

    /** Creates a customer, with its `customer.created` event. */
    const create = Effect.fn("Customers.create")(function*(scope: Scope, params: CreateCustomerParams) {
      const now = yield* nowSeconds
      const id = yield* ids.make(Prefix.customer)
      const blank = newCustomer({ id, livemode: scope.livemode, created: now, email: null, name: null, invoice_prefix: invoicePrefixFor(id) })
      const customer = applyParams(blank, params)
      if (customer instanceof ValidationError) return yield* customer
      const events = yield* eventsOf(scope, [{ type: "customer.created", object: customer }], now)
      yield* repo.insert({ account: scope.account, version: 1, deleted: false, customer }, events)
      return customer
    })

    /** A customer of the scope; a deleted one reads as deleted, with its id only. */
    const retrieve = Effect.fn("Customers.retrieve")(function*(scope: Scope, id: string) {
      const stored = yield* load(scope, id)
      return viewOf(stored)
    })

    /**
     * Changes a customer. The write is conditional on the version read and made again on a fresh read
     * when it lost a race; a change that changes nothing writes nothing and causes no event.
     */
    const update = Effect.fn("Customers.update")(function*(scope: Scope, id: string, params: UpdateCustomerParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadLive(scope, id)
        const customer = applyParams(stored.customer, params)
        if (customer instanceof ValidationError) return yield* customer
        if (JSON.stringify(customer) === JSON.stringify(stored.customer)) return customer
        const events = yield* eventsOf(scope, [{ type: "customer.updated", object: customer, previous: stored.customer }], yield* nowSeconds)
        yield* repo.update({ ...stored, version: stored.version + 1, customer }, events)
        return customer
      }))
    })

    /** Deletes a customer, with a `customer.deleted` event carrying it as it was; answers its id. */
    const remove = Effect.fn("Customers.delete")(function*(scope: Scope, id: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadLive(scope, id)
        const events = yield* eventsOf(scope, [{ type: "customer.deleted", object: stored.customer }], yield* nowSeconds)
        yield* repo.update({ ...stored, version: stored.version + 1, deleted: true }, events)
        return stored.customer.id
      }))
    })

    /** Customers of the scope that are not deleted, newest first, filtered by e-mail and creation time. */
    const list = Effect.fn("Customers.list")(function*(scope: Scope, params: ListCustomersParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined
          ? Effect.succeed(undefined)
          : load(s, id, param).pipe(Effect.map(({ customer }) => ({ created: customer.created, id: customer.id }))))
      const filter: CustomerFilter = {
        ...(params.email === undefined ? {} : { email: params.email }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.list(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.customer) }
    })

    return { create, retrieve, update, delete: remove, list } as const
  })
}) {
  /** The use cases over whatever repository, id generator and event snapshots are provided. */
  static readonly layer = Layer.effect(Customers, Customers.make)
}

/** How a stored customer reads: itself, or its id once deleted. */
export const viewOf = (stored: StoredCustomer): CustomerView =>
  stored.deleted ? { deleted: true, id: stored.customer.id } : { deleted: false, customer: stored.customer }
