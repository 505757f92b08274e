/**
 * Port: customers and their events.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { StoredCustomer } from "../Customer.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { Event } from "../Events.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the customer list. */
export interface CustomerFilter {
  /** The exact e-mail address (case-sensitive, as Stripe matches it). */
  readonly email?: string
  readonly created?: Range
}

/**
 * Port: customers, found by id or listed. A write stores the customer and its events together or not
 * at all (the events reach webhooks as a session's do), and an update only if the stored version is
 * still the one the caller read. Deleting is an update that marks the customer deleted.
 */
export class CustomerRepository extends Context.Service<CustomerRepository, {
  /** Stores a new customer (at `stored.version`, 1) and its events. */
  readonly insert: (stored: StoredCustomer, events: ReadonlyArray<Event>) => Effect.Effect<void>
  /**
   * Replaces a customer whose stored version is `stored.version - 1`, and adds its events. Fails with
   * ConcurrentModification when another write came first or the customer is not there.
   */
  readonly update: (stored: StoredCustomer, events: ReadonlyArray<Event>) => Effect.Effect<void, ConcurrentModification>
  /** A customer by id, deleted or not, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredCustomer>>
  /** Customers of one scope that are not deleted, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: CustomerFilter, page: PageRequest) => Effect.Effect<Page<StoredCustomer>>
}>()("till/CustomerRepository") {}
