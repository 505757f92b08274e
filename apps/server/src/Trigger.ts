/**
 * `till trigger <event type>`: makes an event of that type happen on a running Till, through its
 * public API as an integration would (a session paid with a test card for `checkout.session.completed`,
 * expired through its expire endpoint for `checkout.session.expired`, and so on), and answers what it
 * created.
 */

/** Where the API is and the key that calls it. */
export interface Target {
  readonly apiBase: string
  readonly apiKey: string
}

/** A refusal from the API, with its Stripe error message. */
export class ApiError extends Error {}

type Call = (method: string, path: string, params?: Record<string, string>) => Promise<any>

const caller = (target: Target): Call => async (method, path, params) => {
  const response = await fetch(new URL(path, target.apiBase), {
    method,
    headers: { authorization: `Bearer ${target.apiKey}` },
    ...(params === undefined ? {} : { body: new URLSearchParams(params) })
  })
  const json = await response.json().catch(() => undefined) as any
  // a declined card answers 402 with the error, and its event has happened: the caller decides
  if (response.status === 402 && path.endsWith("/payments")) return json
  if (!response.ok) throw new ApiError(`${method} ${path} answered ${response.status}: ${json?.error?.message ?? response.statusText}`)
  return json
}

const session = (call: Call, extra: Record<string, string> = {}) =>
  call("POST", "/v1/checkout/sessions", { amount: "2000", currency: "usd", ...extra })
const pay = (call: Call, id: string, card = "pm_card_visa") => call("POST", `/v1/checkout/sessions/${id}/payments`, { payment_method: card })

/** What one trigger did: the requests it made, one line each. */
type Steps = Array<string>

const paidSession = async (call: Call, steps: Steps, extra: Record<string, string> = {}, card = "pm_card_visa") => {
  const s = await session(call, extra)
  steps.push(`created checkout session ${s.id}`)
  const paid = await pay(call, s.id, card)
  steps.push(`paid it with ${card}${paid?.error === undefined ? "" : ` (declined: ${paid.error.message})`}`)
  return (await call("GET", `/v1/checkout/sessions/${s.id}`)) as { id: string; payment_intent: string | null }
}

const product = async (call: Call, steps: Steps) => {
  const p = await call("POST", "/v1/products", { name: "Triggered product" })
  steps.push(`created product ${p.id}`)
  return p as { id: string }
}

const price = async (call: Call, steps: Steps) => {
  const p = await product(call, steps)
  const created = await call("POST", "/v1/prices", { product: p.id, unit_amount: "1500", currency: "usd" })
  steps.push(`created price ${created.id}`)
  return created as { id: string }
}

const customer = async (call: Call, steps: Steps) => {
  const c = await call("POST", "/v1/customers", { email: "triggered@example.com", name: "Triggered customer" })
  steps.push(`created customer ${c.id}`)
  return c as { id: string }
}

const MANUAL = { "payment_intent_data[capture_method]": "manual" }

/** Every event type `till trigger` can cause, with how. */
export const TRIGGERS: Readonly<Record<string, (call: Call, steps: Steps) => Promise<unknown>>> = {
  "checkout.session.completed": (call, steps) => paidSession(call, steps),
  "checkout.session.expired": async (call, steps) => {
    const s = await session(call)
    steps.push(`created checkout session ${s.id}`)
    await call("POST", `/v1/checkout/sessions/${s.id}/expire`)
    steps.push(`expired it`)
  },
  "payment_intent.succeeded": (call, steps) => paidSession(call, steps),
  "payment_intent.payment_failed": (call, steps) => paidSession(call, steps, {}, "pm_card_chargeDeclined"),
  "payment_intent.amount_capturable_updated": (call, steps) => paidSession(call, steps, MANUAL),
  "payment_intent.canceled": async (call, steps) => {
    const s = await paidSession(call, steps, MANUAL)
    await call("POST", `/v1/payment_intents/${s.payment_intent}/cancel`)
    steps.push(`canceled payment intent ${s.payment_intent}`)
  },
  "product.created": product,
  "product.updated": async (call, steps) => {
    const p = await product(call, steps)
    await call("POST", `/v1/products/${p.id}`, { name: "Triggered product, renamed" })
    steps.push(`renamed it`)
  },
  "product.deleted": async (call, steps) => {
    const p = await product(call, steps)
    await call("DELETE", `/v1/products/${p.id}`)
    steps.push(`deleted it`)
  },
  "price.created": price,
  "price.updated": async (call, steps) => {
    const p = await price(call, steps)
    await call("POST", `/v1/prices/${p.id}`, { nickname: "triggered" })
    steps.push(`updated its nickname`)
  },
  "customer.created": customer,
  "customer.updated": async (call, steps) => {
    const c = await customer(call, steps)
    await call("POST", `/v1/customers/${c.id}`, { name: "Triggered customer, renamed" })
    steps.push(`renamed them`)
  },
  "customer.deleted": async (call, steps) => {
    const c = await customer(call, steps)
    await call("DELETE", `/v1/customers/${c.id}`)
    steps.push(`deleted them`)
  }
}

/** Causes an event of `type`; answers the steps taken. */
export const trigger = async (target: Target, type: string): Promise<ReadonlyArray<string>> => {
  const run = TRIGGERS[type]
  if (run === undefined) throw new ApiError(`till trigger cannot cause ${type}; it can cause: ${Object.keys(TRIGGERS).join(", ")}`)
  const steps: Steps = []
  await run(caller(target), steps)
  return steps
}
