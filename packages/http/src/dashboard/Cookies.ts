/**
 * The dashboard's cookies: the login (`till_dashboard`, its token) and, before signing in, the login
 * form's CSRF nonce (`till_dashboard_login`, checked against the form's hidden field). Both are
 * HttpOnly, SameSite=Strict, scoped to `/dashboard`, and Secure when Till is served over HTTPS
 * (`TILL_PUBLIC_URL` starts with `https:`).
 */
import { HttpServerResponse } from "effect/http"

/** The login cookie. */
export const LOGIN = "till_dashboard"

/** The login form's CSRF nonce. */
export const LOGIN_NONCE = "till_dashboard_login"

/** The path both cookies are sent to. */
export const PATH = "/dashboard"

/** Whether cookies must be Secure: Till is reached over HTTPS. */
export const secureFor = (publicUrl: string): boolean => publicUrl.toLowerCase().startsWith("https:")

/** Sets a cookie with the dashboard's flags, for `maxAgeSeconds` (0 deletes it). */
export const set = (name: string, value: string, maxAgeSeconds: number, secure: boolean) =>
  HttpServerResponse.setCookieUnsafe(name, value, {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: PATH,
    maxAge: `${Math.max(0, Math.floor(maxAgeSeconds))} seconds`
  })

/** Deletes a cookie. */
export const clear = (name: string, secure: boolean) => set(name, "", 0, secure)
