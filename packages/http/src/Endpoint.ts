/**
 * The one request pipeline every API route runs through: authenticate, parse (bracket notation
 * or JSON), decode strictly with the endpoint's schema, honour the idempotency key, call the use
 * case with the request recorded, and answer JSON or a Stripe error. Routes come from the HttpApi
 * contract: each route's method, path, access level (the endpoint's middleware) and input schema
 * (its payload or query) are read from it, and a group's handlers, which supply only what the
 * endpoint does, must cover exactly its endpoints with the contract's input and output types, so
 * the server cannot drift from what /openapi.json and the typed client promise.
 */
import { CurrentApiVersion, type IdempotencyKey, type KeyTaken, RequestContext, type Scope, type UnknownAttempt, Validation } from "@till/core"
import { Context, Effect, Exit, Schema } from "effect"
import { type HttpMethod, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { HttpApiEndpoint } from "effect/http-api"
import * as Auth from "./Auth.ts"
import { pathOf, readParams } from "./BodyParser.ts"
import { declared } from "./ContractInput.ts"
import { type HttpError, toMapped } from "./ErrorMapping.ts"
import * as Idempotency from "./Idempotency.ts"
import { RateLimiter } from "./RateLimit.ts"
import * as RequestLog from "./RequestLog.ts"
import { CurrentRequestId } from "./RequestId.ts"
import { checker, CheckResponses, errorChecker, statusesOf } from "./ResponseCheck.ts"
import { ClientAuth, SecretKeyAuth } from "./Security.ts"
import * as VersionHeaders from "./VersionHeaders.ts"

/** The parameters an endpoint decodes: its payload for POST, its query for GET and DELETE. */
export type InputOf<E> = [HttpApiEndpoint.Payload<E>] extends [never] ? HttpApiEndpoint.Query<E>["Type"]
  : HttpApiEndpoint.Payload<E>["Type"]

/** What an endpoint answers with 200. */
export type OutputOf<E> = HttpApiEndpoint.Success<E>["Type"]

/**
 * The credential an endpoint takes, from its middleware in the contract: `SecretKeyAuth` is
 * "secret", `ClientAuth` is "client", none is "public"; anything else has no handler type at all.
 */
export type AccessOf<E> = [HttpApiEndpoint.Middleware<E>] extends [never] ? "public"
  : [HttpApiEndpoint.Middleware<E>] extends [ClientAuth] ? "client"
  : [HttpApiEndpoint.Middleware<E>] extends [SecretKeyAuth] ? "secret"
  : never

/** What a handler is called with. */
export interface Call<I> {
  readonly scope: Scope
  /** The `:id` of the path, `""` on routes without one. */
  readonly id: string
  readonly input: I
  /** Whether the caller holds the session's client secret rather than a secret key (client routes only). */
  readonly client?: boolean
  /**
   * On a route that answers in its own write (`routes`' `answeredInWrite`), the request's idempotency key,
   * still unclaimed: the handler's write claims it, storing the response with it (KeyedAnswer).
   */
  readonly keyed?: Keyed
}

/** An idempotency key and the request's fingerprint, for a handler that claims the key in its own write. */
export interface Keyed {
  readonly key: IdempotencyKey
  readonly fingerprint: string
}

/** What the handler of a route without authentication is called with: no scope, only the path's parameters. */
export interface PublicCall<I> {
  readonly params: Readonly<Record<string, string | undefined>>
  readonly input: I
}

/**
 * What a handler may fail with: a mapped error, or a core error that can only mean a bug (a defect, then);
 * KeyTaken only from a handler given `keyed`, which the endpoint then answers as the key's first request.
 */
export type HandlerError = HttpError | UnknownAttempt | KeyTaken

/**
 * How one endpoint is served: only what it does. Its access level and input schema are the
 * contract's; handlers close over the use cases they were built with, so they need nothing from
 * the request's context. A public endpoint's handler gets no scope (minting a session from a
 * payment link), and no `Idempotency-Key` is honoured there: stored responses belong to an
 * account, and the caller has none.
 */
export type Handler<E> = [AccessOf<E>] extends [never] ? never
  : [AccessOf<E>] extends ["public"] ? (call: PublicCall<InputOf<E>>) => Effect.Effect<OutputOf<E>, HandlerError>
  : (call: Call<InputOf<E>>) => Effect.Effect<OutputOf<E>, HandlerError>

/** A route ready for the router. */
export interface Route {
  readonly method: HttpMethod.HttpMethod
  readonly path: string
  readonly handler: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | HttpRouter.RouteContext>
  /** Whether pages on other origins may call it (client-secret routes; see Cors.ts). */
  readonly crossOrigin?: boolean
}

/** What the pipeline reads of a contract endpoint (structurally, so any endpoint's precise type fits). */
export interface ContractEndpoint {
  readonly method: HttpMethod.HttpMethod
  readonly path: string
  readonly middlewares: ReadonlySet<unknown>
  readonly payload: HttpApiEndpoint.PayloadMap
  readonly query: Schema.Top | undefined
  readonly success: ReadonlySet<Schema.Top>
}

/** What routes are built from: a contract group. */
export interface Group {
  readonly identifier: string
  readonly endpoints: { readonly [name: string]: ContractEndpoint }
}

/** A group's handlers: one per endpoint of the contract, no more, no less. */
export type Handlers<G extends Group> = {
  readonly [K in keyof G["endpoints"]]: Handler<G["endpoints"][K]>
}

const keyOf = (middleware: unknown): unknown => (middleware as { readonly key?: unknown }).key

/** The access level of an endpoint, read from its middleware in the contract (see {@link AccessOf}). */
export const accessOf = (endpoint: ContractEndpoint): Auth.Access => {
  const keys = [...endpoint.middlewares].map(keyOf)
  if (keys.length === 0) return "public"
  if (keys.length === 1 && keys[0] === ClientAuth.key) return "client"
  if (keys.length === 1 && keys[0] === SecretKeyAuth.key) return "secret"
  throw new Error(`${endpoint.method} ${endpoint.path}: no access level for middleware ${keys.map(String).join(", ")}`)
}

/**
 * The schema that decodes an endpoint's parameters, as the contract declares it (see
 * ContractInput.ts): the payload's (JSON and form bodies carry the same schema) when it has one,
 * else the query's.
 */
export const inputOf = (endpoint: ContractEndpoint): Schema.Top => {
  const payload = endpoint.payload.values().next()
  const schema = payload.done === true ? endpoint.query : payload.value.schemas[0]
  if (schema === undefined) throw new Error(`${endpoint.method} ${endpoint.path}: the contract declares no payload or query`)
  const input = declared(schema)
  if (input === undefined) throw new Error(`${endpoint.method} ${endpoint.path}: declare its parameters with ContractInput's body or query`)
  return input
}

/** The schema of an endpoint's 200 answer, or undefined when the contract declares none. */
export const successOf = (endpoint: ContractEndpoint): Schema.Top | undefined => {
  const schemas = [...endpoint.success]
  return schemas.length === 0 ? undefined : schemas.length === 1 ? schemas[0] : Schema.Union(schemas)
}

const JSON_TYPE = "application/json"

/** Writes an outcome; the global middleware adds `Request-Id`. */
export const respond = (outcome: Idempotency.Outcome, headers?: Readonly<Record<string, string>>): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(outcome.body, {
    status: outcome.status,
    contentType: JSON_TYPE,
    ...(outcome.headers === undefined && headers === undefined ? {} : { headers: { ...outcome.headers, ...headers } })
  })

/** An error as an outcome. Only a declined payment did work worth replaying. */
export const failed = (e: HttpError): Idempotency.Outcome => {
  const mapped = toMapped(e)
  return {
    status: mapped.status,
    body: JSON.stringify(mapped.body),
    ...(mapped.headers === undefined ? {} : { headers: mapped.headers }),
    store: e._tag === "PaymentFailed" || e._tag === "PaymentDeclined"
  }
}

/** Every API answer says which version it was made in (`Stripe-Version`), as Stripe's do. */
const echoVersion = <E, R>(
  answer: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => Effect.map(answer, (response) => VersionHeaders.echo(response, VersionHeaders.inForce(request))))

/** Answers already serialized by their handler (see {@link serializedAs}), by the object they serialize. */
const serialized = new WeakMap<object, string>()

/**
 * Records that `body` is `value`'s JSON, for a handler that serialized its answer itself (to store it with an
 * idempotency key in its own write): the answer is then sent as those bytes, not serialized a second time.
 */
export const serializedAs = <A extends object>(value: A, body: string): A => {
  serialized.set(value, body)
  return value
}

const succeeded = (value: unknown): Idempotency.Outcome => ({
  status: 200,
  body: (typeof value === "object" && value !== null ? serialized.get(value) : undefined) ?? JSON.stringify(value),
  store: true
})

/** How one endpoint's answers are made: its errors and its handler's outcome, checked against the contract when `check` is on. */
const answersOf = (endpoint: ContractEndpoint, check: boolean) => {
  const route = `${endpoint.method} ${endpoint.path}`
  const schema = successOf(endpoint)
  const checkBody = check && schema !== undefined ? checker(route, schema) : undefined
  const checkError = check ? errorChecker(route, statusesOf(endpoint)) : undefined
  /** An error as an outcome (see ResponseCheck.ts for the check). */
  const error = (e: HttpError): Effect.Effect<Idempotency.Outcome> => {
    const outcome = failed(e)
    return checkError === undefined ? Effect.succeed(outcome) : Effect.as(Effect.orDie(checkError(outcome.status, JSON.parse(outcome.body))), outcome)
  }
  /** Runs a handler into an outcome: its value as a 200, or its error through the table. */
  const outcome = <A>(run: Effect.Effect<A, HandlerError>): Effect.Effect<Idempotency.Outcome> => {
    const handled = Effect.catchTag(run, ["UnknownAttempt", "KeyTaken"], (e) => Effect.die(e))
    // unchecked (production), the plain match: no effect per answer beyond the handler's own
    if (checkError === undefined) return Effect.match(handled, { onFailure: failed, onSuccess: succeeded })
    return Effect.matchEffect(handled, {
      onFailure: error,
      onSuccess: (value) => checkBody === undefined ? Effect.succeed(succeeded(value)) : Effect.as(Effect.orDie(checkBody(value)), succeeded(value))
    })
  }
  return { error, outcome } as const
}

/**
 * Whether each handler's run is a span of its own, named for its endpoint (`checkoutSessions.create`),
 * between the request's span and the statements' (the server turns it on when it exports traces). Off,
 * nothing is added: the use cases every request makes are untraced for speed (CheckoutSessions.ts).
 */
export const TraceHandlers = Context.Reference<boolean>("till/http/TraceHandlers", { defaultValue: () => false })

/** `run` in a span named `name`, or `run` itself when `name` is undefined. */
const traced = <A, E, R>(run: Effect.Effect<A, E, R>, name: string | undefined) =>
  name === undefined ? run : Effect.withSpan(run, name, { captureStackTrace: false })

/** Builds routes from the contract; made once with the authenticator and the idempotency runner. */
export const make = Effect.gen(function*() {
  const auth = yield* Auth.make
  const idempotency = yield* Idempotency.make
  const rateLimiter = yield* RateLimiter
  const checkResponses = yield* CheckResponses
  const traceHandlers = yield* TraceHandlers

  const serve = (
    endpoint: ContractEndpoint,
    access: Exclude<Auth.Access, "public">,
    handler: (call: Call<unknown>) => Effect.Effect<unknown, HandlerError>,
    span: string | undefined,
    answeredInWrite: boolean
  ): Route["handler"] => {
    const decode = Validation.decode(inputOf(endpoint) as Schema.Decoder<unknown>)
    const { error, outcome } = answersOf(endpoint, checkResponses)
    const { method } = endpoint
    const hasBody = method === "POST"
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const requestId = yield* CurrentRequestId
      const id = params.id ?? ""
      const { clientSession, scope } = yield* auth.authorize(request.headers.authorization, access, params.id, { method, path: pathOf(request.url) })
      yield* RequestLog.noteAccount(scope.account)
      yield* rateLimiter.admit(scope, clientSession)
      yield* VersionHeaders.check(request)
      // idempotency keys apply to POST only; on GET they change nothing (SPEC section 5)
      const key = hasBody ? yield* Idempotency.keyOf(request.headers["idempotency-key"]) : undefined
      const raw = yield* readParams(request, hasBody)
      const input = yield* decode(raw)
      const inRequest = <A, E, R>(run: Effect.Effect<A, E, R>) =>
        run.pipe(
          Effect.provideService(RequestContext, { id: requestId, idempotency_key: key ?? null }),
          Effect.provideService(CurrentApiVersion, VersionHeaders.inForce(request))
        )
      const call = inRequest(outcome(traced(handler({ scope, id, input, client: clientSession !== undefined }), span)))
      if (key === undefined) return respond(hasBody ? yield* Effect.uninterruptible(call) : yield* call)
      const fingerprint = yield* Idempotency.fingerprint(method, pathOf(request.url), raw)
      const keyed: Keyed = { key: Idempotency.keyIn(scope, clientSession, key), fingerprint }
      if (answeredInWrite) {
        // One commit claims the key, does the work and stores the answer. Anything else wrote nothing (a live
        // key: KeyTaken; a refusal) or may have (the store failed mid-commit), so the request is answered as
        // without this shortcut: a replay, a mismatch, in progress, or the claim, the run and its release.
        const first = yield* Effect.exit(Effect.uninterruptible(inRequest(traced(handler({ scope, id, input, keyed }), span))))
        if (Exit.isSuccess(first)) return respond(yield* outcome(first), { "idempotency-key": key })
      }
      const stored = yield* idempotency.run(keyed.key, fingerprint, call)
      return respond(stored, { "idempotency-key": key })
    }).pipe(Effect.catch((e) => Effect.map(error(e), (o) => respond(o))), echoVersion)
  }

  const servePublic = (
    endpoint: ContractEndpoint,
    handler: (call: PublicCall<unknown>) => Effect.Effect<unknown, HandlerError>,
    span: string | undefined
  ): Route["handler"] => {
    const decode = Validation.decode(inputOf(endpoint) as Schema.Decoder<unknown>)
    const { error, outcome } = answersOf(endpoint, checkResponses)
    const hasBody = endpoint.method === "POST"
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const requestId = yield* CurrentRequestId
      yield* VersionHeaders.check(request)
      const input = yield* decode(yield* readParams(request, hasBody))
      const call = outcome(traced(handler({ params, input }), span)).pipe(
        Effect.provideService(RequestContext, { id: requestId, idempotency_key: null }),
        Effect.provideService(CurrentApiVersion, VersionHeaders.inForce(request))
      )
      return respond(hasBody ? yield* Effect.uninterruptible(call) : yield* call)
    }).pipe(Effect.catch((e) => Effect.map(error(e), (o) => respond(o))), echoVersion)
  }

  /**
   * The routes of one contract group: each endpoint at its method and path, with the access level
   * of its middleware and the input schema of its payload or query, served by its handler.
   */
  const routes = <G extends Group>(
    group: G,
    handlers: Handlers<G>,
    options: {
      /**
       * Endpoints whose handler claims the idempotency key in its own write when given `keyed`; such a
       * handler must write nothing when it fails (it is then run again the usual way).
       */
      readonly answeredInWrite?: ReadonlyArray<keyof G["endpoints"] & string>
    } = {}
  ): ReadonlyArray<Route> =>
    Object.entries(group.endpoints).map(([name, endpoint]) => {
      // the handler's types are the endpoint's (checked by Handlers<G>); the router holds it erased
      const run: unknown = (handlers as Record<string, unknown>)[name]
      if (run === undefined) throw new Error(`no handler for ${group.identifier}.${name}`)
      const access = accessOf(endpoint)
      const span = traceHandlers ? `${group.identifier}.${name}` : undefined
      const handler = access === "public"
        ? servePublic(endpoint, run as never, span)
        : serve(endpoint, access, run as never, span, options.answeredInWrite?.includes(name) === true)
      return { method: endpoint.method, path: endpoint.path, handler, crossOrigin: access === "client" }
    })

  return { routes } as const
})

/**
 * A route outside the authenticated pipeline (health checks): it answers its value as JSON, or an
 * error through the same table; its method, path and response schema are the endpoint's.
 */
export const open = <A>(endpoint: ContractEndpoint, run: Effect.Effect<A, HttpError>): Effect.Effect<Route> =>
  Effect.map(CheckResponses, (checkResponses) => ({
    method: endpoint.method,
    path: endpoint.path,
    handler: Effect.map(answersOf(endpoint, checkResponses).outcome(run), (outcome) => respond(outcome))
  }))

/** A route's input without `expand`, for the routes where it takes nothing: the rest goes to the use case. */
export const withoutExpand = <A extends { readonly expand?: ReadonlyArray<string> }>(input: A): Omit<A, "expand"> => {
  const { expand: _expand, ...params } = input
  return params
}
