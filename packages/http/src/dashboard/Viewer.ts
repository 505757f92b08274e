/**
 * Who is looking at a dashboard page, and in what scope: the signed-in user (from the login cookie,
 * never from an API key), the CSRF token of their forms, the page language, and the account and mode
 * chosen in the URL (`?account=` for operators, `?mode=live`). A merchant's account is always their
 * own, whatever the URL says.
 */
import { type Authenticated, csrfTokenOf, type DashboardUser, type Scope, scopeOf } from "@till/core"
import { Effect } from "effect"
import { timingSafeEqual } from "node:crypto"
import * as Locale from "../pages/Locale.ts"
import type { Language } from "../pages/Messages.ts"
import { escape } from "../pages/Html.ts"

/** The viewer of a page. */
export interface Viewer {
  readonly user: DashboardUser
  readonly token: string
  readonly csrf: string
  readonly language: Language
  readonly livemode: boolean
  /** The scope the page acts in; null for an operator who has not chosen an account. */
  readonly scope: Scope | null
}

const ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,64}$/

/** The viewer of a request with a live login. */
export const make = (signedIn: Authenticated, token: string, url: URL, acceptLanguage: string | undefined): Effect.Effect<Viewer> =>
  Effect.map(csrfTokenOf(token), (csrf) => {
    const livemode = url.searchParams.get("mode") === "live"
    const asked = url.searchParams.get("account")
    return {
      user: signedIn.user,
      token,
      csrf,
      language: Locale.resolve(null, acceptLanguage).language,
      livemode,
      scope: scopeOf(signedIn.user, asked !== null && ACCOUNT_ID.test(asked) ? asked : null, livemode)
    }
  })

/** The query that keeps a viewer's account (operators) and mode on every link. */
export const carry = (viewer: Viewer, extra: Readonly<Record<string, string>> = {}): string => {
  const query = new URLSearchParams()
  if (viewer.user.role === "operator" && viewer.scope !== null) query.set("account", viewer.scope.account)
  if (viewer.livemode) query.set("mode", "live")
  for (const [k, v] of Object.entries(extra)) if (v !== "") query.set(k, v)
  const text = query.toString()
  return text === "" ? "" : `?${text}`
}

/** A dashboard link keeping the viewer's account and mode, escaped for an attribute. */
export const href = (viewer: Viewer, path: string, extra: Readonly<Record<string, string>> = {}): string => escape(`${path}${carry(viewer, extra)}`)

/** The hidden field every state-changing form carries. */
export const csrfField = (viewer: Viewer): string => `<input type="hidden" name="csrf" value="${escape(viewer.csrf)}">`

/** Whether a presented token is the expected one, in constant time. */
export const tokensMatch = (presented: string | null | undefined, expected: string): boolean => {
  if (presented === null || presented === undefined) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
