/**
 * A browser's part in the dashboard's HTTP tests: a cookie jar, requests that keep it, forms, signing
 * in, and a session made through the API.
 */
import { assert } from "@effect/vitest"
import { DashboardAuth } from "@till/core"
import { Effect } from "effect"
import { accountOfKey } from "../../src/testing/DashboardServer.ts"
import { SuiteServer } from "../../src/testing/stripe/SuiteServer.ts"

/** The password every test user has. */
export const PASSWORD = "a long enough password"

/** A browser's cookie jar, reduced to what the dashboard sets. */
export class Jar {
  readonly cookies = new Map<string, string>()
  /** Every Set-Cookie line received, in order, for tests of the cookies' flags. */
  readonly raw: Array<string> = []
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      this.raw.push(line)
      const [pair = ""] = line.split(";")
      const eq = pair.indexOf("=")
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      if (/max-age=0\b/i.test(line) || value === "") this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ")
  }
}

/** A request with the jar's cookies (redirects not followed). */
export const request = async (base: string, jar: Jar, path: string, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, {
    ...init,
    redirect: "manual",
    headers: { cookie: jar.header(), "accept-language": "en", ...(init.headers as Record<string, string> | undefined) }
  })
  jar.take(response)
  return { status: response.status, location: response.headers.get("location"), headers: response.headers, text: await response.text() }
}

/** A hidden field's value in a page. */
export const hidden = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]

/** A form POST's init (a field given an array is repeated, as checkboxes are). */
export const form = (fields: Record<string, string | ReadonlyArray<string>>) => {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of typeof v === "string" ? [v] : v) body.append(k, one)
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }
}

/** Signs in through the form: answers the jar with the login cookie. */
export const signIn = async (base: string, email: string, password = PASSWORD) => {
  const jar = new Jar()
  const page = await request(base, jar, "/dashboard/login")
  const reply = await request(base, jar, "/dashboard/login", form({ csrf: hidden(page.text, "csrf")!, email, password }))
  assert.strictEqual(reply.status, 303, "signed in")
  return jar
}

/** Signs in, and answers the jar with a CSRF token of the login (read from a page). */
export const signInWithCsrf = async (base: string, email: string, password = PASSWORD) => {
  const jar = await signIn(base, email, password)
  const home = await request(base, jar, "/dashboard/sessions")
  return { jar, csrf: hidden(home.text, "csrf")! }
}

/** Calls the API with a key: answers the status and the JSON. */
export const api = async (base: string, key: string, method: string, path: string, fields?: Record<string, string>) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(fields === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }) },
    ...(fields === undefined ? {} : { body: new URLSearchParams(fields).toString() })
  })
  return { status: response.status, json: await response.json() as any }
}

/** A session made through the API (15.00 USD of one teapot unless `extra` says otherwise). */
export const createSession = async (base: string, key: string, extra: Record<string, string> = {}) => {
  const made = await api(base, key, "POST", "/v1/checkout/sessions", {
    mode: "payment",
    success_url: "https://shop.example/thanks",
    "line_items[0][price_data][currency]": "usd",
    "line_items[0][price_data][unit_amount]": "1500",
    "line_items[0][price_data][product_data][name]": "Teapot",
    "line_items[0][quantity]": "1",
    ...extra
  })
  assert.strictEqual(made.status, 200, JSON.stringify(made.json))
  return made.json as { id: string; status: string; client_secret: string }
}

/** The suite's server and two merchant users, `ana` in the test key's account and `bob` in the other one's (emails made unique per call). */
export const twoMerchants = Effect.gen(function*() {
  const server = yield* SuiteServer
  const auth = yield* DashboardAuth
  const tag = Math.random().toString(36).slice(2, 8)
  const ana = yield* auth.createUser({ email: `ana-${tag}@shop.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.test) })
  const bob = yield* auth.createUser({ email: `bob-${tag}@other.example`, password: PASSWORD, role: "merchant", account: yield* accountOfKey(server.keys.otherTest) })
  return { server, base: server.url, tag, auth, ana, bob }
})
