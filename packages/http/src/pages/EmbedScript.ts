/**
 * `GET /c/embed.js`: the script a merchant's page includes to mount an embedded session
 * (`TillCheckout.mount(element, { clientSecret })`, see docs/embedded.md and `embed/main.ts`). Its
 * address is stable, unlike the hashed assets of `/c/assets`, since merchants' pages name it: it is
 * under `/c/` with Till's other browser files (the API's `/v1/` has only the contract's JSON routes),
 * it may be cached for five minutes and revalidated by its ETag, so a new version reaches pages
 * within minutes, and any origin may load it (it is a public script; the pages it mounts decide who
 * may frame them).
 */
import { Effect } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { createHash } from "node:crypto"
import type { Route } from "../Endpoint.ts"
import * as ScriptBundle from "./ScriptBundle.ts"

/** The script's path under Till's root (`TILL_PUBLIC_URL`). */
export const PATH = "/c/embed.js"

/** The script's text. */
export const body: string = await ScriptBundle.load(ScriptBundle.EMBED)

/** Its entity tag: a hash of its text. */
export const ETAG = `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`

/** How long a browser may use its copy before revalidating it, in seconds. */
export const MAX_AGE_SECONDS = 300

const HEADERS = {
  "cache-control": `public, max-age=${MAX_AGE_SECONDS}`,
  etag: ETAG,
  "x-content-type-options": "nosniff",
  // loaded by the merchant's pages, on their origins
  "cross-origin-resource-policy": "cross-origin",
  "access-control-allow-origin": "*"
}

/** The route: the script, or 304 when the browser's copy is current. */
export const route: Route = {
  method: "GET",
  path: PATH,
  handler: Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
    const known = request.headers["if-none-match"]
    return known !== undefined && known.split(",").some((tag) => tag.trim().replace(/^W\//, "") === ETAG)
      ? HttpServerResponse.empty({ status: 304, headers: HEADERS })
      : HttpServerResponse.text(body, { contentType: "text/javascript; charset=utf-8", headers: HEADERS })
  })
}
