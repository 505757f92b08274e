/**
 * What a delivery attempt records when no answer came: one short phrase from a fixed list, never the raw
 * error. The attempts are shown to the merchant (`GET /v1/webhook_deliveries/:id/attempts`), and a raw
 * error names addresses, ports and the operator's network.
 */

/** Every phrase an attempt's `error` can hold (besides `timeout`'s, which carries the limit). */
export const Phrase = {
  aborted: "aborted: the worker is stopping",
  addressNotAllowed: "address not allowed: the URL's host is not a public address; not sent",
  urlNotAllowed: "URL not allowed: it contains credentials; not sent",
  dns: "DNS failure: the host name did not resolve",
  refused: "connection refused",
  reset: "connection closed before a response",
  connectTimeout: "connection timed out",
  unreachable: "host unreachable",
  tls: "TLS error: the secure connection failed",
  protocol: "invalid HTTP response",
  failed: "request failed"
} as const

/** No response within the delivery's time limit. */
export const timeout = (timeoutMs: number): string => `timeout: no response within ${timeoutMs / 1000} s`

const byCode: Readonly<Record<string, string>> = {
  ERR_TILL_ADDRESS_NOT_ALLOWED: Phrase.addressNotAllowed,
  ENOTFOUND: Phrase.dns,
  EAI_AGAIN: Phrase.dns,
  EAI_FAIL: Phrase.dns,
  EAI_NONAME: Phrase.dns,
  EAI_NODATA: Phrase.dns,
  ENODATA: Phrase.dns,
  ESERVFAIL: Phrase.dns,
  ECONNREFUSED: Phrase.refused,
  ECONNRESET: Phrase.reset,
  ECONNABORTED: Phrase.reset,
  EPIPE: Phrase.reset,
  UND_ERR_SOCKET: Phrase.reset,
  UND_ERR_CLOSED: Phrase.reset,
  ETIMEDOUT: Phrase.connectTimeout,
  UND_ERR_CONNECT_TIMEOUT: Phrase.connectTimeout,
  EHOSTUNREACH: Phrase.unreachable,
  ENETUNREACH: Phrase.unreachable,
  EHOSTDOWN: Phrase.unreachable,
  ENETDOWN: Phrase.unreachable,
  EADDRNOTAVAIL: Phrase.unreachable,
  EPROTO: Phrase.tls,
  UND_ERR_INFO: Phrase.protocol,
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: Phrase.protocol
}

const phraseOfCode = (code: string): string | undefined =>
  byCode[code] ??
    (code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || code.includes("CERT") ? Phrase.tls : undefined) ??
    (code.startsWith("HPE_") ? Phrase.protocol : undefined)

/**
 * The phrase for an error a request failed with: by its code, or the code of what caused it (an
 * `AggregateError` of connection attempts counts by its first), else "request failed".
 */
export const describe = (error: unknown): string => {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const e = current as { code?: unknown; cause?: unknown; errors?: ReadonlyArray<unknown> }
    const phrase = typeof e.code === "string" ? phraseOfCode(e.code) : undefined
    if (phrase !== undefined) return phrase
    current = e.cause ?? e.errors?.[0]
  }
  return Phrase.failed
}
