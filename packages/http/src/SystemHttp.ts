/**
 * `/healthz` and `/readyz` (contract group `system`), plus `/openapi.json` and `/docs`, which
 * serve the contract itself.
 */
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { OpenApi } from "effect/http-api"
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

/** Where `/docs` loads Scalar's script from: the server itself, so the page makes no request to another host. */
export const DOCS_SCRIPT_PATH = "/docs/scalar.js"

// Scalar's bundle, as Effect ships it (its HttpApiScalar module inlines it), loaded on the first request
// for it: held from the start, its 3 MB of source and the page built around it cost every server about
// 20 MB for a page few of them serve. The module is not among effect's exports, so it is found beside
// HttpApiScalar's own file.
const scalarScript = Effect.cached(Effect.promise(async () => {
  const module = new URL("./internal/httpApiScalar.js", import.meta.resolve("effect/http-api/HttpApiScalar"))
  return ((await import(module.href)) as { readonly javascript: string }).javascript
}))

// `<` escaped so nothing in the configuration can close the script element it sits in
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c")

const docsPage = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Till API</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <div id="api-reference-container"></div>
    <script src="${DOCS_SCRIPT_PATH}"></script>
    <script>
      window.Scalar.createApiReference(document.getElementById("api-reference-container"), ${
  scriptJson({
    url: OPENAPI_PATH,
    // Scalar's default fonts (Inter and JetBrains Mono) come from fonts.scalar.com: off, the system's are used
    withDefaultFonts: false,
    customCss: ":root { --scalar-font: system-ui, sans-serif; --scalar-font-code: ui-monospace, monospace; }"
  })
})
    </script>
  </body>
</html>`

/**
 * `/openapi.json` (OpenAPI 3.1, rendered once from the contract) and `/docs` (Scalar, which reads it).
 * The page makes no request to another host; Scalar's script is its own route, which browsers cache.
 */
export const docsLayer = HttpRouter.use((router) =>
  Effect.gen(function*() {
    const body = JSON.stringify(OpenApi.fromApi(Api))
    const script = yield* scalarScript
    yield* router.add("GET", OPENAPI_PATH, Effect.sync(() => HttpServerResponse.text(body, { contentType: "application/json" })))
    yield* router.add("GET", DOCS_PATH, Effect.sync(() => HttpServerResponse.html(docsPage)))
    yield* router.add(
      "GET",
      DOCS_SCRIPT_PATH,
      Effect.map(script, (javascript) =>
        HttpServerResponse.text(javascript, {
          contentType: "text/javascript; charset=utf-8",
          headers: { "cache-control": "public, max-age=86400" }
        }))
    )
  })
)
