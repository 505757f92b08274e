/**
 * Raw HTTP calls for wire-level tests: status, headers and the parsed body, nothing interpreted.
 */
import { Effect } from "effect"

/** A response, read whole. */
export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any
}

/** Sends one request and reads the whole response. */
export const send = (url: string, init: RequestInit = {}): Effect.Effect<Reply> =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, text, json }
  })

/** `Authorization: Bearer <key>`. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

/** A form body header. */
export const FORM = { "content-type": "application/x-www-form-urlencoded" } as const

/** A JSON body header. */
export const JSON_TYPE = { "content-type": "application/json" } as const

/** A minimal valid create body in bracket notation. */
export const CREATE_FORM = [
  "line_items[0][price_data][currency]=usd",
  "line_items[0][price_data][unit_amount]=1200",
  "line_items[0][price_data][product_data][name]=T-shirt",
  "line_items[0][quantity]=1"
].join("&")
