/**
 * Port: reading events back. They are written by SessionRepository, with the change that caused them.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { Event, EventType } from "../Events.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the event list. */
export interface EventFilter {
  /** Events of any of these types; absent, of every type. */
  readonly types?: ReadonlyArray<EventType>
  readonly created?: Range
}

/** Port: events of one scope, newest first. */
export class EventRepository extends Context.Service<EventRepository, {
  /** An event by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<Event>>
  /** Events by id, whatever their account, in no particular order; an id not found is left out. */
  readonly findByIds: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Event>>
  /** Events of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: EventFilter, page: PageRequest) => Effect.Effect<Page<Event>>
}>()("till/EventRepository") {}
