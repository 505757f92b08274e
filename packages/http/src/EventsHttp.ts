/**
 * Handlers of the event endpoints: the account's events, newest first.
 */
import { EventLog } from "@till/core"
import { Effect } from "effect"
import { EventsGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Wire from "./Wire.ts"

/** The routes of the Events group. */
export const routes = Effect.gen(function*() {
  const events = yield* EventLog
  const endpoint = yield* Endpoint.make
  return endpoint.routes(EventsGroup, {
    list: ({ input, scope }) => {
      const { expand: _expand, ...params } = input
      return Effect.map(events.list(scope, params), (page) => Wire.list("/v1/events", page, Wire.event))
    },
    retrieve: ({ id, scope }) => Effect.map(events.retrieve(scope, id), Wire.event)
  })
})
