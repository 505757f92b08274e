/**
 * HTML responses of Till's pages: escaping, the document frame, and the security headers every
 * page carries. Pages load their script and style from `/c/assets` (same origin), so the policy
 * allows no inline code at all.
 */
import { HttpServerResponse } from "effect/http"
import type { Language } from "./Messages.ts"

/** Escapes text for HTML element content and quoted attribute values. */
export const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"))

// An origin as a policy may name it: scheme, host (a leading `*.` allowed), optional port; nothing that could end a directive.
const ORIGIN = /^https:\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?$/

/**
 * The policy of a page: only same-origin script, style and API calls; no plugins, no `<base>`, and no
 * form submission at all, so card data can never leave by a plain form post (the script sends it with
 * `fetch`). `frameAncestors` are the origins that may frame it: none but for an embedded session's
 * page, which its account's allowed origins may frame (docs/embedded.md). `processorHosts` are the
 * origins the session's processor component frames, calls and shows images from (ClientComponent's
 * `hosts`: Adyen Web's secured card fields, say, whose script Till itself serves): only that session's
 * page allows them; every other page keeps the strict policy. A value that is not a plain https
 * origin is left out.
 */
export const contentSecurityPolicy = (frameAncestors: ReadonlyArray<string> = [], processorHosts: ReadonlyArray<string> = []): string => {
  const hosts = processorHosts.filter((host) => ORIGIN.test(host)).map((host) => ` ${host}`).join("")
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${hosts}`,
    `connect-src 'self'${hosts}`,
    ...(hosts === "" ? [] : [`frame-src 'self'${hosts}`]),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length === 0 ? "'none'" : frameAncestors.join(" ")}`
  ].join("; ")
}

/** The policy of every page that no one may frame. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/** Headers of every page: the policy, no referrer (the path names the session), no sniffing, no caching, no framing. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()"
}

/**
 * Headers of an embedded session's page: those of every page, but framed only by `origins` (none when
 * empty). `X-Frame-Options` cannot name origins, so it goes: CSP's `frame-ancestors`, which every
 * browser that frames pages today reads, says it, and overrides it where both are sent.
 */
export const framedHeaders = (origins: ReadonlyArray<string>, processorHosts: ReadonlyArray<string> = []): Readonly<Record<string, string>> => {
  const { "x-frame-options": _xfo, ...rest } = PAGE_HEADERS
  return origins.length === 0
    ? pageHeaders(processorHosts)
    : { ...rest, "content-security-policy": contentSecurityPolicy(origins, processorHosts) }
}

/** Headers of a session's page whose processor component uses `processorHosts` (see {@link contentSecurityPolicy}); no one may frame it. */
export const pageHeaders = (processorHosts: ReadonlyArray<string>): Readonly<Record<string, string>> =>
  processorHosts.length === 0 ? PAGE_HEADERS : { ...PAGE_HEADERS, "content-security-policy": contentSecurityPolicy([], processorHosts) }

/** What a document is made of; `body` is trusted markup (escape every value put into it). */
export interface Document {
  readonly language: Language
  readonly title: string
  readonly stylesheet: string
  readonly script?: string
  /** A class on `<body>` (`embedded`: the page sits in a merchant's iframe). */
  readonly bodyClass?: string
  readonly body: string
}

/** A whole HTML document. */
export const document = (doc: Document): string =>
  `<!doctype html>
<html lang="${escape(doc.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escape(doc.title)}</title>
<link rel="stylesheet" href="${escape(doc.stylesheet)}">
${doc.script === undefined ? "" : `<script src="${escape(doc.script)}" defer></script>\n`}</head>
<body${doc.bodyClass === undefined ? "" : ` class="${escape(doc.bodyClass)}"`}>
${doc.body}
</body>
</html>
`

/** A page response with the security headers. */
export const respond = (status: number, html: string, headers: Readonly<Record<string, string>> = {}): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(html, { status, contentType: "text/html; charset=utf-8", headers: { ...PAGE_HEADERS, ...headers } })

/** An embedded session's page, with the security headers that let `origins` (and only them) frame it; see {@link framedHeaders}. */
export const respondFramed = (status: number, html: string, origins: ReadonlyArray<string>, processorHosts: ReadonlyArray<string> = []): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(html, { status, contentType: "text/html; charset=utf-8", headers: framedHeaders(origins, processorHosts) })
