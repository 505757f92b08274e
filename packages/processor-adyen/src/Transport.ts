/**
 * The HTTP client the Adyen library calls through. Adyen's Node library (`@adyen/api-library`)
 * builds and serializes the requests; this client decides where they go and what counts as an
 * answer:
 * - the library is written against Checkout v72; Till speaks v71 (the version its contract tests
 *   validate against Adyen's published v71 document), so the version segment is replaced and the
 *   request goes to the configured endpoint (Adyen's test or live host, or a mock in tests);
 * - a timeout or a lost connection is `AdyenUnreachable` (the outcome is unknown), an HTTP error
 *   status is `AdyenHttpError` with Adyen's error body, so the connector can tell "refused" from
 *   "don't know".
 * The API key goes in the `X-API-Key` header and nowhere else: no error here carries it.
 */
import type { Config } from "@adyen/api-library"

/** One HTTP exchange, as a transport sees it (tests wrap the default one to add Prism's `Prefer` header or to lose an answer). */
export interface TransportRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly timeoutMs: number
}

/** An HTTP answer: status, headers (lower-cased names) and body text. */
export interface TransportResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Sends one request; rejects only when no answer came (timeout, connection lost). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>

/** Adyen could not be reached or did not answer in time: whatever the request did is unknown. */
export class AdyenUnreachable extends Error {
  override readonly name = "AdyenUnreachable"
  readonly path: string
  constructor(path: string, cause: unknown) {
    super(`Adyen did not answer ${path}: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.path = path
  }
}

/** Adyen answered with an error status; `body` is its ServiceError (`status`, `errorCode`, `message`, `errorType`). */
export class AdyenHttpError extends Error {
  override readonly name = "AdyenHttpError"
  readonly path: string
  readonly status: number
  readonly body: { readonly errorCode?: string; readonly message?: string; readonly errorType?: string; readonly pspReference?: string }
  constructor(path: string, status: number, body: AdyenHttpError["body"]) {
    super(`Adyen answered ${status} to ${path}: ${body.errorCode ?? "?"} ${body.message ?? ""}`.trim())
    this.path = path
    this.status = status
    this.body = body
  }
}

/** The default transport: `fetch` with a timeout. */
export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(request.timeoutMs)
  })
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  return { status: response.status, headers, body: await response.text() }
}

/** The API version Till speaks. */
export const API_VERSION = "v71"

/** Adyen's Checkout endpoint for an environment: the test host, or the live host of the merchant's prefix. */
export const checkoutEndpoint = (environment: "test" | "live", livePrefix: string | undefined): string =>
  environment === "test"
    ? `https://checkout-test.adyen.com/${API_VERSION}`
    : `https://${livePrefix}-checkout-live.adyenpayments.com/checkout/${API_VERSION}`

const pathAfterVersion = (libraryUrl: string): string => {
  const match = /\/v\d+(\/.*)$/.exec(new URL(libraryUrl).pathname)
  if (match === null) throw new Error(`unexpected Adyen library endpoint ${libraryUrl}`)
  return match[1]!
}

/**
 * An `@adyen/api-library` HTTP client (its `ClientInterface`) that sends to `endpoint` (which ends
 * in the API version) through `transport`.
 */
export const libraryClient = (options: {
  readonly endpoint: string
  readonly apiKey: () => string
  readonly timeoutMs: number
  readonly transport: Transport
}) => ({
  request: async (
    libraryUrl: string,
    json: string | Buffer,
    _config: Config,
    _isApiKeyRequired: boolean,
    requestOptions?: { readonly idempotencyKey?: string }
  ): Promise<string> => {
    const path = pathAfterVersion(libraryUrl)
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
      "x-api-key": options.apiKey()
    }
    if (requestOptions?.idempotencyKey !== undefined) headers["idempotency-key"] = requestOptions.idempotencyKey
    let response: TransportResponse
    try {
      response = await options.transport({ url: options.endpoint + path, headers, body: json.toString(), timeoutMs: options.timeoutMs })
    } catch (cause) {
      throw new AdyenUnreachable(path, cause)
    }
    if (response.status >= 200 && response.status < 300) return response.body
    let body: AdyenHttpError["body"] = {}
    try {
      const parsed = JSON.parse(response.body)
      if (parsed !== null && typeof parsed === "object") body = parsed
    } catch {
      // not JSON (a proxy's error page): the status alone speaks
    }
    throw new AdyenHttpError(path, response.status, body)
  }
})
