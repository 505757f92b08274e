/**
 * Use cases of events: reading them back, newest first.
 */
import { Context, Duration, Effect, Layer, Option, Schema, Stream } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { type Event, EventType } from "./Events.ts"
import { EventRepository } from "./ports/EventRepository.ts"
import type { ListEventsParams } from "./SessionParams.ts"

const isEventType = Schema.is(EventType)

/** `checkout.session.*`: a `*` stands for any run of characters, as in Stripe's `type` filter. */
const wildcard = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`)

/**
 * The types a list asks for (Stripe's rules): `type`, one type or a pattern with `*` (which may match
 * none of Till's types: an empty list), or `types`, up to 20 exact types; not both. Undefined asks for all.
 */
export const typesOf = (params: Pick<ListEventsParams, "type" | "types">): Effect.Effect<ReadonlyArray<EventType> | undefined, ValidationError> => {
  if (params.type !== undefined && params.types !== undefined) {
    return Effect.fail(new ValidationError({ code: "parameter_invalid", message: "You may pass either `type` or `types`, but not both.", param: "types" }))
  }
  if (params.type !== undefined) {
    if (params.type.includes("*")) {
      const pattern = wildcard(params.type)
      return Effect.succeed(EventType.literals.filter((t) => pattern.test(t)))
    }
    return isEventType(params.type)
      ? Effect.succeed([params.type])
      : Effect.fail(new ValidationError({ code: "parameter_invalid", message: `Unknown event type: ${params.type}`, param: "type" }))
  }
  if (params.types === undefined) return Effect.succeed(undefined)
  const unknown = params.types.findIndex((t) => !isEventType(t))
  return unknown < 0
    ? Effect.succeed(params.types as ReadonlyArray<EventType>)
    : Effect.fail(new ValidationError({ code: "parameter_invalid", message: `Unknown event type: ${params.types[unknown]}`, param: `types[${unknown}]` }))
}

/** How often a followed feed asks for new events while it has none. */
export const FOLLOW_INTERVAL = Duration.millis(250)

/** Events a followed feed reads at most per query. */
const FOLLOW_BATCH = 100

/** Use cases of events. */
export class EventLog extends Context.Service<EventLog>()("till/EventLog", {
  make: Effect.gen(function*() {
    const repo = yield* EventRepository

    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(
        Effect.flatMap((found) =>
          Option.isSome(found) && found.value.account === scope.account && found.value.livemode === scope.livemode
            ? Effect.succeed(found.value)
            : Effect.fail(new ResourceMissing({ object: "event", id, param }))
        )
      )

    /** One event of the scope. */
    const retrieve = Effect.fn("EventLog.retrieve")(function*(scope: Scope, id: string) {
      return yield* load(scope, id)
    })

    /**
     * Events of the scope, newest first, filtered by type and creation time; and, for the dashboard (not
     * an API parameter), by the id of their object (`options.object`), read through the index on it.
     */
    const list = Effect.fn("EventLog.list")(function*(scope: Scope, params: ListEventsParams, options: { readonly object?: string | undefined } = {}) {
      const types = yield* typesOf(params)
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : load(s, id, param).pipe(Effect.map((e: Event) => ({ created: e.created, id: e.id }))))
      return yield* repo.list(scope, {
        ...(types === undefined ? {} : { types }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) }),
        ...(options.object === undefined ? {} : { objects: [options.object] })
      }, page)
    })

    /**
     * The scope's events as they become final (committed, with nothing older still to come), oldest
     * first: from just past the scope's event `after`, or from now. The stream asks the repository again
     * every `interval` while it has nothing new, and never ends.
     */
    const follow = Effect.fn("EventLog.follow")(function*(
      scope: Scope,
      params: { readonly types?: ReadonlyArray<string>; readonly after?: string },
      interval: Duration.Input = FOLLOW_INTERVAL
    ) {
      const types = yield* typesOf(params.types === undefined ? {} : { types: params.types })
      const start = yield* repo.feedStart(scope, params.after)
      if (Option.isNone(start)) return yield* Effect.fail(new ResourceMissing({ object: "event", id: params.after!, param: "after" }))
      const filter = types === undefined ? {} : { types }
      return Stream.paginate(start.value, (cursor) =>
        Effect.flatMap(repo.feed(scope, filter, cursor, FOLLOW_BATCH), (page) =>
          // a full batch may have more behind it: ask again at once
          page.events.length === FOLLOW_BATCH
            ? Effect.succeed([page.events, Option.some(page.cursor)] as const)
            : Effect.as(Effect.sleep(interval), [page.events, Option.some(page.cursor)] as const)))
    })

    return { retrieve, list, follow } as const
  })
}) {
  /** The use cases over whatever EventRepository is provided. */
  static readonly layer = Layer.effect(EventLog, EventLog.make)
}
