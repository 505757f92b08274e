/**
 * Routes come from the contract: a group's specs must cover its endpoints, with the contract's input
 * and output types (checked by tsc: each `@ts-expect-error` below fails the type check if the mistake
 * it marks ever compiles), and the method and path of every route are the contract's.
 * Input schemas are checked for assignability only (two schemas whose fields are all optional and
 * compatible pass), which is why handlers name the very constant the contract uses.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Testing from "@till/core/testing"
import { Effect } from "effect"
import { EventsGroup } from "../src/Api.ts"
import * as Endpoint from "../src/Endpoint.ts"
import { CreateSessionBody, ListEventsQuery, RetrieveQuery } from "../src/Requests.ts"

const page = { object: "list" as const, url: "/v1/events", has_more: false, data: [] }
const specs: Endpoint.Specs<typeof EventsGroup> = {
  list: { access: "secret", input: ListEventsQuery, run: () => Effect.succeed(page) },
  retrieve: { access: "secret", input: RetrieveQuery, run: () => Effect.die("unused") }
}

/** Never called: it only has to type-check, with every marked line an error. */
export const mistakes = (routes: <G extends Endpoint.Group>(group: G, specs: Endpoint.Specs<G>) => unknown) => [
  // @ts-expect-error an endpoint of the group has no handler
  routes(EventsGroup, { list: specs.list }),
  routes(EventsGroup, {
    // @ts-expect-error the input schema decodes something the endpoint does not take
    list: { access: "secret", input: CreateSessionBody.fields.line_items, run: () => Effect.succeed(page) },
    retrieve: specs.retrieve
  }),
  routes(EventsGroup, {
    // @ts-expect-error the handler answers something other than the contract's success type
    list: { access: "secret", input: ListEventsQuery, run: () => Effect.succeed({ object: "nope" }) },
    retrieve: specs.retrieve
  })
]

describe("Endpoint.routes", () => {
  it.effect("serves each endpoint of the group at the contract's method and path", () =>
    Effect.gen(function*() {
      const endpoint = yield* Endpoint.make
      const routes = endpoint.routes(EventsGroup, specs)
      assert.deepStrictEqual(routes.map((r) => `${r.method} ${r.path}`), ["GET /v1/events", "GET /v1/events/:id"])
      assert.throws(() => endpoint.routes(EventsGroup, { list: specs.list } as never), /no handler for events.retrieve/)
    }).pipe(Effect.provide(Testing.layer)))
})
