/**
 * Use cases of events: reading them back, newest first.
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { type Event, EventType } from "./Events.ts"
import { EventRepository } from "./ports/EventRepository.ts"
import type { ListEventsParams } from "./SessionParams.ts"

const isEventType = Schema.is(EventType)

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

    /** Events of the scope, newest first, filtered by type and creation time. */
    const list = Effect.fn("EventLog.list")(function*(scope: Scope, params: ListEventsParams) {
      if (params.type !== undefined && !isEventType(params.type)) {
        return yield* new ValidationError({ code: "parameter_invalid", message: `Unknown event type: ${params.type}`, param: "type" })
      }
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : load(s, id, param).pipe(Effect.map((e: Event) => ({ created: e.created, id: e.id }))))
      return yield* repo.list(scope, {
        ...(params.type === undefined ? {} : { type: params.type as EventType }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }, page)
    })

    return { retrieve, list } as const
  })
}) {
  /** The use cases over whatever EventRepository is provided. */
  static readonly layer = Layer.effect(EventLog, EventLog.make)
}
