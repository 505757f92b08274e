/**
 * `/healthz` and `/readyz` (contract group `system`), plus `/openapi.json` and `/docs`, which
 * serve the contract itself.
 */
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { HttpApiScalar, OpenApi } from "effect/http-api"
import { Api, SystemGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import { NotReady } from "./HttpErrors.ts"
import { Readiness, READINESS_TIMEOUT } from "./Readiness.ts"

const ok = { status: "ok" } as const

/** The routes of the System group. */
export const routes = Effect.gen(function*() {
  const readiness = yield* Readiness
  const ready = readiness.check.pipe(
    Effect.timeout(READINESS_TIMEOUT),
    Effect.catchCause(() => Effect.fail(new NotReady())),
    Effect.as(ok)
  )
  const { healthz, readyz } = SystemGroup.endpoints
  return [yield* Endpoint.open(healthz, Effect.succeed(ok)), yield* Endpoint.open(readyz, ready)]
})

/** Where the OpenAPI document and the API reference are served. */
export const OPENAPI_PATH = "/openapi.json"
/** See {@link OPENAPI_PATH}. */
export const DOCS_PATH = "/docs"

/**
 * `/openapi.json` (OpenAPI 3.1, rendered once from the contract) and `/docs` (Scalar, inlined in the page).
 * The page makes no request to another host: Scalar's default fonts (Inter and JetBrains Mono from
 * fonts.scalar.com) are off, so it uses the system's sans-serif and monospace fonts.
 */
export const docsLayer = Layer.mergeAll(
  HttpRouter.use((router) => {
    const body = JSON.stringify(OpenApi.fromApi(Api))
    return router.add("GET", OPENAPI_PATH, Effect.sync(() => HttpServerResponse.text(body, { contentType: "application/json" })))
  }),
  HttpApiScalar.layer(Api, {
    path: DOCS_PATH,
    scalar: {
      withDefaultFonts: false,
      customCss: ":root { --scalar-font: system-ui, sans-serif; --scalar-font-code: ui-monospace, monospace; }"
    }
  })
)
