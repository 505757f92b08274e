/**
 * The page's calls to Till's client routes, authorized by the session's client secret. Nothing is
 * cached, no cookie is sent and no redirect followed: the answer is the route's own.
 */

/** An answer: its status and its JSON body (null when the body is not JSON). */
export interface Reply {
  readonly status: number
  readonly json: unknown
}

/** Calls a client route; `body` is form-encoded, as Stripe's API takes it. */
export const call = async (secret: string, method: "GET" | "POST", path: string, body?: string): Promise<Reply> => {
  const headers: Record<string, string> = { authorization: `Bearer ${secret}`, accept: "application/json" }
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded"
  const response = await fetch(path, { method, headers, body: body ?? null, cache: "no-store", credentials: "omit", redirect: "error" })
  const json: unknown = await response.json().catch(() => null)
  return { status: response.status, json }
}
