/**
 * Routes come from the contract: a route's method, path, access level (the endpoint's middleware)
 * and input schema (its payload or query) are read from the endpoint, and a group's handlers supply
 * only what each endpoint does, with the contract's input and output types (checked by tsc: each
 * `@ts-expect-error` below fails the type check if the mistake it marks ever compiles). With
 * `CheckResponses` on, a success body its schema does not describe is a defect.
 */
import { assert, describe, it } from "@effect/vitest"
import { Accounts, ResourceMissing } from "@till/core"
import * as Testing from "@till/core/testing"
import { Effect, Exit, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware } from "effect/http-api"
import { CheckoutSessionsGroup, EventsGroup, PaymentLinksGroup, SecretKeyAuth, SystemGroup } from "../src/Api.ts"
import * as Endpoint from "../src/Endpoint.ts"
import { CreateSessionBody, ListEventsQuery, RetrieveQuery, RetrieveSessionQuery } from "../src/Requests.ts"
import { query } from "../src/ContractInput.ts"
import { CheckResponses, ResponseMismatch } from "../src/ResponseCheck.ts"
import { CommonErrors, ListOf } from "../src/Responses.ts"
import { WebhookEndpointsGroup } from "../src/WebhookEndpointsApi.ts"

const page = { object: "list" as const, url: "/v1/events", has_more: false, data: [] }
const handlers: Endpoint.Handlers<typeof EventsGroup> = {
  list: () => Effect.succeed(page),
  retrieve: () => Effect.die("unused")
}

/** The access levels the compiler reads from the contract's middlewares. */
export const accessLevels: [
  Endpoint.AccessOf<typeof CheckoutSessionsGroup.endpoints.create>,
  Endpoint.AccessOf<typeof CheckoutSessionsGroup.endpoints.retrieve>,
  Endpoint.AccessOf<typeof PaymentLinksGroup.endpoints.mintSession>
] = ["secret", "client", "public"]

/** Never called: it only has to type-check, with every marked line an error. */
export const mistakes = (routes: <G extends Endpoint.Group>(group: G, handlers: Endpoint.Handlers<G>) => unknown) => [
  // @ts-expect-error an endpoint of the group has no handler
  routes(EventsGroup, { list: handlers.list }),
  routes(EventsGroup, {
    // @ts-expect-error the handler reads a parameter the endpoint's input does not have
    list: ({ input }) => Effect.succeed({ ...page, url: input.line_items }),
    retrieve: handlers.retrieve
  }),
  routes(EventsGroup, {
    // @ts-expect-error the handler answers something other than the contract's success type
    list: () => Effect.succeed({ object: "nope" }),
    retrieve: handlers.retrieve
  }),
  routes(PaymentLinksGroup, {
    create: () => Effect.die("unused"),
    list: () => Effect.die("unused"),
    retrieve: () => Effect.die("unused"),
    update: () => Effect.die("unused"),
    listLineItems: () => Effect.die("unused"),
    // @ts-expect-error a public endpoint's handler has no scope: nobody authenticated
    mintSession: ({ scope }) => Effect.die(scope)
  }),
  // @ts-expect-error an access level the pipeline does not know
  accessLevels.push("admin")
]

/** A middleware the pipeline has no access level for. */
class OtherAuth extends HttpApiMiddleware.Service<OtherAuth>()("test/OtherAuth") {}

/** One route run with a secret key on a request to its path, outside any server. */
const call = (route: Endpoint.Route, key: string) =>
  route.handler.pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(new Request(`http://test${route.path}`, { headers: { authorization: `Bearer ${key}` } }))),
    Effect.provideService(HttpRouter.RouteContext, { params: {}, route: undefined as never })
  )

const secretKey = Effect.gen(function*() {
  const accounts = yield* Accounts
  return (yield* accounts.create("endpoint")).secret_keys.test
})

describe("Endpoint.routes", () => {
  it.effect("serves each endpoint of the group at the contract's method and path", () =>
    Effect.gen(function*() {
      const endpoint = yield* Endpoint.make
      const routes = endpoint.routes(EventsGroup, handlers)
      assert.deepStrictEqual(routes.map((r) => `${r.method} ${r.path}`), ["GET /v1/events", "GET /v1/events/:id"])
      assert.throws(() => endpoint.routes(EventsGroup, { list: handlers.list } as never), /no handler for events.retrieve/)
    }).pipe(Effect.provide(Testing.layer)))

  it("reads the access level from the endpoint's middleware, the group's included", () => {
    assert.strictEqual(Endpoint.accessOf(CheckoutSessionsGroup.endpoints.create), "secret")
    assert.strictEqual(Endpoint.accessOf(CheckoutSessionsGroup.endpoints.pay), "client")
    assert.strictEqual(Endpoint.accessOf(PaymentLinksGroup.endpoints.mintSession), "public")
    assert.strictEqual(Endpoint.accessOf(SystemGroup.endpoints.healthz), "public")
    // the group's middleware reaches each of its endpoints
    assert.strictEqual(Endpoint.accessOf(WebhookEndpointsGroup.endpoints.delete), "secret")
    const other = HttpApiEndpoint.get("other", "/other", { query: query(RetrieveQuery) }).middleware(OtherAuth)
    assert.throws(() => Endpoint.accessOf(other), /GET \/other: no access level for middleware test\/OtherAuth/)
  })

  it("decodes with the contract's own schema: the payload's on POST, the query's on GET and DELETE", () => {
    assert.strictEqual(Endpoint.inputOf(CheckoutSessionsGroup.endpoints.create), CreateSessionBody)
    assert.strictEqual(Endpoint.inputOf(CheckoutSessionsGroup.endpoints.retrieve), RetrieveSessionQuery)
    assert.strictEqual(Endpoint.inputOf(EventsGroup.endpoints.list), ListEventsQuery)
    assert.strictEqual(Endpoint.inputOf(WebhookEndpointsGroup.endpoints.delete), RetrieveQuery)
    assert.throws(() => Endpoint.inputOf(SystemGroup.endpoints.healthz), /GET \/healthz: the contract declares no payload or query/)
    // a schema given to the endpoint as is reaches it wrapped in HttpApi's codecs, which are not what the server decodes with
    const undeclared = HttpApiEndpoint.get("undeclared", "/undeclared", { query: ListEventsQuery })
    assert.throws(() => Endpoint.inputOf(undeclared), /GET \/undeclared: declare its parameters with ContractInput's body or query/)
  })
})

describe("CheckResponses", () => {
  /** A response schema of the test's own: one field the wire spells otherwise than the value (a number sent as a string). */
  const Thing = Schema.Struct({ id: Schema.String, amount: Schema.Number, note: Schema.optionalKey(Schema.String), code: Schema.optionalKey(Schema.NumberFromString) })
  const thing = { id: "thing_1", amount: 100 }
  const Group = HttpApiGroup.make("check").add(
    HttpApiEndpoint.get("list", "/v1/things", { query: query(RetrieveQuery), success: ListOf(Thing) }).middleware(SecretKeyAuth)
  )
  /** The list route answering `data`, served with the check on or off. */
  const answer = (data: ReadonlyArray<unknown>, check: boolean) =>
    Effect.gen(function*() {
      const endpoint = yield* Endpoint.make
      const [route] = endpoint.routes(Group, { list: () => Effect.succeed({ ...page, data: data as never }) })
      return yield* Effect.exit(call(route!, yield* secretKey))
    }).pipe(Effect.provideService(CheckResponses, check), Effect.provide(Testing.layer))

  const mismatch = (exit: Exit.Exit<HttpServerResponse.HttpServerResponse>): string => {
    assert.isTrue(Exit.isFailure(exit), "the mismatch is a defect")
    const defect = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Die")?.defect : undefined
    assert.instanceOf(defect, ResponseMismatch)
    return (defect as ResponseMismatch).message
  }

  it.effect("passes a body its schema describes", () =>
    Effect.gen(function*() {
      const exit = yield* answer([thing, { ...thing, note: "n" }], true)
      assert.isTrue(Exit.isSuccess(exit) && exit.value.status === 200)
    }))

  it.effect("turns a body with a field its schema lacks, without one it requires, or of another type into a defect", () =>
    Effect.gen(function*() {
      assert.match(mismatch(yield* answer([{ ...thing, account: "acct_1" }], true)), /^GET \/v1\/things: .*account/s)
      assert.match(mismatch(yield* answer([{ id: "thing_1" }], true)), /^GET \/v1\/things: .*amount/s)
      assert.match(mismatch(yield* answer([{ ...thing, amount: "100" }], true)), /^GET \/v1\/things: .*amount/s)
      // `undefined` is no JSON value: the body would lack a key its value holds
      assert.match(mismatch(yield* answer([{ ...thing, note: undefined }], true)), /^GET \/v1\/things: .*note/s)
    }))

  it.effect("turns a body the schema encodes otherwise than it is sent into a defect", () =>
    Effect.gen(function*() {
      // the schema puts `"7"` on the wire; the handler sends 7
      assert.match(mismatch(yield* answer([{ ...thing, code: 7 }], true)), /^GET \/v1\/things: the schema encodes .*"code":"7".* but the response sends .*"code":7}/s)
    }))

  it.effect("turns an error with a status its endpoint does not declare into a defect", () =>
    Effect.gen(function*() {
      const missing = Effect.fail(new ResourceMissing({ object: "thing", id: "thing_1", param: "id" }))
      const serve = (group: Endpoint.Group) =>
        Effect.gen(function*() {
          const endpoint = yield* Endpoint.make
          const [route] = endpoint.routes(group, { list: () => missing } as never)
          return yield* Effect.exit(call(route!, yield* secretKey))
        }).pipe(Effect.provideService(CheckResponses, true), Effect.provide(Testing.layer))
      assert.match(mismatch(yield* serve(Group)), /^GET \/v1\/things: answers 404, which the contract does not declare \(200\)/)
      const declaring = HttpApiGroup.make("check").add(
        HttpApiEndpoint.get("list", "/v1/things", { query: query(RetrieveQuery), success: ListOf(Thing), error: CommonErrors }).middleware(SecretKeyAuth)
      )
      const exit = yield* serve(declaring)
      assert.isTrue(Exit.isSuccess(exit) && exit.value.status === 404)
    }))

  it.effect("checks nothing when off, as in production", () =>
    Effect.gen(function*() {
      const exit = yield* answer([{ ...thing, account: "acct_1" }], false)
      assert.isTrue(Exit.isSuccess(exit) && exit.value.status === 200)
    }))
})
