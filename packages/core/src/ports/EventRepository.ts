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
  /** Events whose object (`data.object.id`) is one of these: an object's history, for its timeline. */
  readonly objects?: ReadonlyArray<string>
}

/**
 * A position in a scope's event feed, as the adapter writes it: opaque to everyone else. Past it are
 * the events that became final (committed, never to be followed by an older one) after it.
 */
export type FeedCursor = string

/** One read of the feed: the events past a cursor, in the order they became final, and the cursor past them. */
export interface FeedPage {
  readonly events: ReadonlyArray<Event>
  readonly cursor: FeedCursor
}

/** Port: events of one scope, newest first. */
export class EventRepository extends Context.Service<EventRepository, {
  /** An event by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<Event>>
  /** Events by id, whatever their account, in no particular order; an id not found is left out. */
  readonly findByIds: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Event>>
  /** Events of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, filter: EventFilter, page: PageRequest) => Effect.Effect<Page<Event>>
  /**
   * Where a feed of the scope starts: just past its event `after`, or (undefined) before every event not
   * yet final now. None when the scope has no event `after`.
   */
  readonly feedStart: (scope: Scope, after: string | undefined) => Effect.Effect<Option.Option<FeedCursor>>
  /** The scope's events past `cursor` (of `types` only, when given), at most `limit`, in the order they became final. */
  readonly feed: (scope: Scope, filter: Pick<EventFilter, "types">, cursor: FeedCursor, limit: number) => Effect.Effect<FeedPage>
}>()("till/EventRepository") {}
