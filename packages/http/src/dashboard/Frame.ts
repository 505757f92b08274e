/**
 * The dashboard's documents and responses: its stylesheet (served under a content hash from
 * `/dashboard/assets`), the HTML frame, and the security headers. Unlike the hosted page, its forms
 * post to itself (`form-action 'self'`); its one script is a served file too, so nothing inline is allowed.
 */
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { createHash } from "node:crypto"
import type { Route } from "../Endpoint.ts"
import { escape } from "../pages/Html.ts"
import type { Language } from "../pages/Messages.ts"
import { SCRIPT } from "./Script.ts"
import { STYLES } from "./Styles.ts"

/** Where the dashboard's assets are served. */
export const ASSETS_PATH = "/dashboard/assets/:file"

/** The stylesheet's file name: a new version gets a new name, so browsers may cache it for good. */
export const STYLESHEET = `dashboard-${createHash("sha256").update(STYLES).digest("hex").slice(0, 16)}.css`

/** The script's file name, named by its content as the stylesheet is. */
export const SCRIPT_FILE = `dashboard-${createHash("sha256").update(SCRIPT).digest("hex").slice(0, 16)}.js`

/** The dashboard's policy: its own origin only; forms post to it alone; never framed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join("; ")

/** Headers of every dashboard page. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin"
}

/** A whole document; `body` is trusted markup (escape every value put into it). */
export const document = (language: Language, title: string, body: string): string =>
  `<!doctype html>
<html lang="${escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/dashboard/assets/${STYLESHEET}">
<script src="/dashboard/assets/${SCRIPT_FILE}" defer></script>
</head>
<body>
${body}
</body>
</html>
`

/** A page with the dashboard's headers. */
export const respond = (status: number, html: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(html, { status, contentType: "text/html; charset=utf-8", headers: PAGE_HEADERS })

/** A 303 to another dashboard page (after a form, so a reload does not post again). */
export const seeOther = (location: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.redirect(location, { status: 303, headers: { "cache-control": "no-store" } })

/** `GET /dashboard/assets/:file`: the stylesheet or the script; any other name is a 404. */
export const assetRoute: Route = {
  method: "GET",
  path: ASSETS_PATH,
  handler: Effect.map(HttpRouter.RouteContext, ({ params }) =>
    params.file === STYLESHEET
      ? HttpServerResponse.text(STYLES, {
        contentType: "text/css; charset=utf-8",
        headers: { "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" }
      })
      : params.file === SCRIPT_FILE
      ? HttpServerResponse.text(SCRIPT, {
        contentType: "text/javascript; charset=utf-8",
        headers: { "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" }
      })
      : HttpServerResponse.text("Not found\n", { status: 404, contentType: "text/plain; charset=utf-8" }))
}
