/**
 * Keyset paging of the dashboard's lists (payment links, products, customers, coupons, promotion
 * codes, refunds), as the sessions list pages: a URL's `starting_after` / `ending_before` become the
 * use case's parameters, and a page of results gets Older / Newer links carrying its ends' ids.
 */
import { escape } from "../pages/Html.ts"
import { t } from "./Messages.ts"
import { href, type Viewer } from "./Viewer.ts"

/** How many objects a page of a list shows. */
export const PAGE_SIZE = 25

const ID = /^[A-Za-z0-9_-]{1,255}$/

/** The page parameters of a list URL (an id that cannot be one is ignored). */
export const pageParamsOf = (url: URL): { limit: number; starting_after?: string; ending_before?: string } => {
  const after = url.searchParams.get("starting_after") ?? ""
  const before = url.searchParams.get("ending_before") ?? ""
  return {
    limit: PAGE_SIZE,
    ...(ID.test(after) ? { starting_after: after } : ID.test(before) ? { ending_before: before } : {})
  }
}

/**
 * The Older / Newer links of a page of `path`'s list, keeping `keep` (its filters). A page reached
 * going back has newer objects beyond it when `has_more`; one reached going forward came from newer ones.
 */
export const pager = (
  viewer: Viewer,
  path: string,
  page: { readonly has_more: boolean; readonly data: ReadonlyArray<unknown> },
  idOf: (item: never) => string,
  url: URL,
  label: string,
  keep: Readonly<Record<string, string>> = {}
): string => {
  const l = viewer.language
  const backwards = url.searchParams.has("ending_before")
  const first = page.data[0]
  const last = page.data[page.data.length - 1]
  const newer = first !== undefined && (backwards ? page.has_more : url.searchParams.has("starting_after"))
  const older = last !== undefined && (backwards ? true : page.has_more)
  const id = idOf as (item: unknown) => string
  const links = [
    newer ? `<a rel="prev" href="${href(viewer, path, { ...keep, ending_before: id(first) })}">${escape(t(l, "sessions.previous"))}</a>` : "",
    older ? `<a rel="next" href="${href(viewer, path, { ...keep, starting_after: id(last) })}">${escape(t(l, "sessions.next"))}</a>` : ""
  ].join("")
  return links === "" ? "" : `<nav class="pager" aria-label="${escape(label)}">${links}</nav>`
}

/** The date and time of unix seconds, as the dashboard shows them (UTC). */
export const dateOf = (seconds: number): string => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

/** A flash message (already localized) from the action that led to a page. */
export const flashBox = (flash: { readonly ok: boolean; readonly text: string } | null): string =>
  flash === null ? "" : `<p class="${flash.ok ? "note" : "alert"}" role="${flash.ok ? "status" : "alert"}">${escape(flash.text)}</p>`
