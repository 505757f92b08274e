/**
 * The one request pipeline every API route runs through: authenticate, parse (bracket notation
 * or JSON), decode strictly with the endpoint's schema, honour the idempotency key, call the use
 * case with the request recorded, and answer JSON or a Stripe error. Routes come from the HttpApi
 * contract: a group's handlers must cover exactly its endpoints, with the contract's input and
 * output types, so the server cannot drift from what /openapi.json and the typed client promise.
 */
import { RequestContext, type Scope, type UnknownAttempt, Validation } from "@till/core"
import { Effect, type Schema } from "effect"
import { type HttpMethod, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { HttpApiEndpoint } from "effect/http-api"
import * as Auth from "./Auth.ts"
import { pathOf, readParams } from "./BodyParser.ts"
import { type HttpError, toMapped } from "./ErrorMapping.ts"
import * as Idempotency from "./Idempotency.ts"
import { RateLimiter } from "./RateLimit.ts"
import { CurrentRequestId } from "./RequestId.ts"

/** The parameters an endpoint decodes: its payload for POST, its query for GET. */
export type InputOf<E> = [HttpApiEndpoint.Payload<E>] extends [never] ? HttpApiEndpoint.Query<E>["Type"]
  : HttpApiEndpoint.Payload<E>["Type"]

/** What an endpoint answers with 200. */
export type OutputOf<E> = HttpApiEndpoint.Success<E>["Type"]

/** What a handler is called with. */
export interface Call<I> {
  readonly scope: Scope
  /** The `:id` of the path, `""` on routes without one. */
  readonly id: string
  readonly input: I
}

/** What a handler may fail with: a mapped error, or a core error that can only mean a bug (a defect, then). */
export type HandlerError = HttpError | UnknownAttempt

/**
 * How one authenticated endpoint is served. Handlers close over the use cases they were built
 * with, so they need nothing from the request's context.
 */
export interface Spec<E> {
  readonly access: Exclude<Auth.Access, "public">
  /** The schema that decodes the parsed parameters: the one the contract documents. */
  readonly input: Schema.Decoder<InputOf<E>>
  readonly run: (call: Call<InputOf<E>>) => Effect.Effect<OutputOf<E>, HandlerError>
}

/** What the handler of a route without authentication is called with: no scope, only the path's parameters. */
export interface PublicCall<I> {
  readonly params: Readonly<Record<string, string | undefined>>
  readonly input: I
}

/**
 * How an endpoint that needs no credential is served (minting a session from a payment link). No
 * `Idempotency-Key` is honoured there: stored responses belong to an account, and the caller has none.
 */
export interface PublicSpec<E> {
  readonly access: "public"
  readonly input: Schema.Decoder<InputOf<E>>
  readonly run: (call: PublicCall<InputOf<E>>) => Effect.Effect<OutputOf<E>, HandlerError>
}

/** A route ready for the router. */
export interface Route {
  readonly method: HttpMethod.HttpMethod
  readonly path: string
  readonly handler: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | HttpRouter.RouteContext>
  /** Whether pages on other origins may call it (client-secret routes; see Cors.ts). */
  readonly crossOrigin?: boolean
}

/** What routes are built from: a contract group (structurally, so any group's precise type fits). */
export interface Group {
  readonly identifier: string
  readonly endpoints: { readonly [name: string]: { readonly method: HttpMethod.HttpMethod; readonly path: string } }
}

/** A group's handlers: one per endpoint of the contract, no more, no less. */
export type Specs<G extends Group> = {
  readonly [K in keyof G["endpoints"]]: Spec<G["endpoints"][K]> | PublicSpec<G["endpoints"][K]>
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

const succeeded = (value: unknown): Idempotency.Outcome => ({ status: 200, body: JSON.stringify(value), store: true })

/** Builds routes from the contract; made once with the authenticator and the idempotency runner. */
export const make = Effect.gen(function*() {
  const auth = yield* Auth.make
  const idempotency = yield* Idempotency.make
  const rateLimiter = yield* RateLimiter

  const serve = <E>(method: HttpMethod.HttpMethod, spec: Spec<E>): Route["handler"] => {
    const decode = Validation.decode(spec.input)
    const hasBody = method === "POST"
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const requestId = yield* CurrentRequestId
      const id = params.id ?? ""
      const { clientSession, scope } = yield* auth.authorize(request.headers.authorization, spec.access, params.id)
      yield* rateLimiter.admit(scope, clientSession)
      // idempotency keys apply to POST only; on GET they change nothing (SPEC section 5)
      const key = hasBody ? yield* Idempotency.keyOf(request.headers["idempotency-key"]) : undefined
      const raw = yield* readParams(request, hasBody)
      const input = yield* decode(raw)
      const call = spec.run({ scope, id, input }).pipe(
        Effect.catchTag("UnknownAttempt", (e) => Effect.die(e)),
        Effect.provideService(RequestContext, { id: requestId, idempotency_key: key ?? null }),
        Effect.match({ onFailure: failed, onSuccess: succeeded })
      )
      if (key === undefined) return respond(hasBody ? yield* Effect.uninterruptible(call) : yield* call)
      const fingerprint = yield* Idempotency.fingerprint(method, pathOf(request.url), raw)
      const outcome = yield* idempotency.run(Idempotency.keyIn(scope, clientSession, key), fingerprint, call)
      return respond(outcome, { "idempotency-key": key })
    }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))
  }

  const servePublic = <E>(method: HttpMethod.HttpMethod, spec: PublicSpec<E>): Route["handler"] => {
    const decode = Validation.decode(spec.input)
    const hasBody = method === "POST"
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const { params } = yield* HttpRouter.RouteContext
      const requestId = yield* CurrentRequestId
      const input = yield* decode(yield* readParams(request, hasBody))
      const call = spec.run({ params, input }).pipe(
        Effect.catchTag("UnknownAttempt", (e) => Effect.die(e)),
        Effect.provideService(RequestContext, { id: requestId, idempotency_key: null }),
        Effect.match({ onFailure: failed, onSuccess: succeeded })
      )
      return respond(hasBody ? yield* Effect.uninterruptible(call) : yield* call)
    }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))
  }

  /** The routes of one contract group, each served by its spec. */
  const routes = <G extends Group>(group: G, specs: Specs<G>): ReadonlyArray<Route> =>
    Object.entries(group.endpoints).map(([name, endpoint]) => {
      const spec = (specs as Record<string, Spec<unknown> | PublicSpec<unknown>>)[name]
      if (spec === undefined) throw new Error(`no handler for ${group.identifier}.${name}`)
      const handler = spec.access === "public" ? servePublic(endpoint.method, spec) : serve(endpoint.method, spec)
      return { method: endpoint.method, path: endpoint.path, handler, crossOrigin: spec.access === "client" }
    })

  return { routes } as const
})

/**
 * A route outside the authenticated pipeline (health checks): it answers its value as JSON, or an
 * error through the same table.
 */
export const open = <A>(method: HttpMethod.HttpMethod, path: string, run: Effect.Effect<A, HttpError>): Route =>
  ({
    method,
    path,
    handler: Effect.match(run, { onFailure: (e) => respond(failed(e)), onSuccess: (a) => respond(succeeded(a)) })
  })
