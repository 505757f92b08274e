/**
 * Request parameters as Stripe sends them: form bodies and query strings in bracket notation
 * (parsed by `qs`, the parser Stripe's own clients serialize with), or JSON bodies. The result is a
 * plain tree that has passed the input rule (SafeInput.ts) and that the endpoint's schema then decodes.
 */
import { ValidationError } from "@till/core"
import { ByteSize, Effect } from "effect"
import { HttpIncomingMessage, type HttpServerRequest } from "effect/http"
import qs from "qs"
import { MalformedRequest, PayloadTooLarge, UnsupportedMediaType } from "./HttpErrors.ts"
import * as SafeInput from "./SafeInput.ts"

/** Largest body accepted (SPEC section 5). */
export const MAX_BODY_BYTES = 1024 * 1024

const maxBodySize = ByteSize.bytes(MAX_BODY_BYTES)

/** A parsed parameter tree. */
export type Params = Record<string, unknown>

/** The segments of a bracket-notation name: `a[b][]` → `a`, `b`, ``. */
const segmentsOf = (name: string): Array<string> => {
  const open = name.indexOf("[")
  if (open < 0) return [name]
  return [name.slice(0, open), ...Array.from(name.slice(open).matchAll(/\[([^\]]*)\]?/g), (m) => m[1]!)]
}

/**
 * Percent-decoding for `qs`, which otherwise drops a `__proto__` segment without a word (even with
 * `allowPrototypes`, and turning `a[]=1&a[__proto__]=2` into an object) and keeps escapes that are not
 * UTF-8 as they were sent. A name with a `__proto__` segment is refused here, by name (`constructor`
 * and `prototype` survive parsing and the input rule refuses them); undecodable text is marked
 * (SafeInput.UNDECODABLE) so the rule refuses it with the name of its parameter.
 */
const decoder = (text: string, _default: unknown, _charset: unknown, kind: "key" | "value"): string => {
  // the common cases skip work that would change nothing: no `+` to replace, no escape to decode
  const spaced = text.includes("+") ? text.replace(/\+/g, " ") : text
  let decoded: string
  try {
    decoded = spaced.includes("%") ? decodeURIComponent(spaced) : spaced
  } catch {
    if (kind === "key") throw SafeInput.unsafeParam([spaced])
    return SafeInput.UNDECODABLE + spaced
  }
  // a name without `__proto__` anywhere has no such segment
  if (kind === "key" && decoded.includes("__proto__")) {
    const segments = segmentsOf(decoded)
    const at = segments.indexOf("__proto__")
    if (at >= 0) throw SafeInput.prototypeParam(segments.slice(0, at + 1))
  }
  return decoded
}

/**
 * `qs` settings. Nesting and array sizes are bounded and exceeding a bound is an error rather than
 * a silent change of shape; `plainObjects` keeps keys such as `toString` (so the schema rejects
 * them as unknown instead of `qs` dropping them).
 */
const QS: qs.IParseOptions = {
  decoder,
  depth: 10,
  strictDepth: true,
  arrayLimit: 1000,
  parameterLimit: 10_000,
  throwOnLimitExceeded: true,
  plainObjects: true,
  allowPrototypes: true,
  duplicates: "combine"
}

/** Parses a bracket-notation string (`a[b]=1&c[]=2`); a name the input rule refuses fails as that parameter. */
export const parseForm = (text: string): Effect.Effect<Params, MalformedRequest | ValidationError> =>
  Effect.try({
    try: () => qs.parse(text, QS) as Params,
    catch: (e) =>
      e instanceof ValidationError
        ? e
        : new MalformedRequest({ message: `Invalid parameters: ${e instanceof Error ? e.message : "cannot parse"}` })
  })

/** The path of a request URL, without its query string. */
export const pathOf = (url: string): string => {
  const i = url.indexOf("?")
  return i < 0 ? url : url.slice(0, i)
}

/** The query string of a request URL, without the `?`. */
export const queryString = (url: string): string => {
  const i = url.indexOf("?")
  return i < 0 ? "" : url.slice(i + 1)
}

const isJson = (mediaType: string) => mediaType === "application/json" || mediaType.endsWith("+json")

const parseJson = (text: string): Effect.Effect<Params, MalformedRequest> => {
  // JSON.parse keeps a "__proto__" key as an own property (no pollution): the input rule refuses it by name
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return Effect.fail(new MalformedRequest({ message: "Invalid JSON in the request body." }))
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Effect.succeed(value as Params)
    : Effect.fail(new MalformedRequest({ message: "The JSON request body must be an object." }))
}

/** Strict UTF-8: bytes that are not UTF-8 fail instead of turning into U+FFFD unnoticed. */
const utf8 = new TextDecoder("utf-8", { fatal: true })

/** Reads the body with the size limit; a body over it is PayloadTooLarge whether or not it was announced. */
const readText = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<string, MalformedRequest | PayloadTooLarge> => {
  const announced = request.headers["content-length"]
  if (announced !== undefined && Number(announced) > MAX_BODY_BYTES) {
    return Effect.fail(new PayloadTooLarge({ limit: MAX_BODY_BYTES }))
  }
  return request.arrayBuffer.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, maxBodySize),
    Effect.mapError((e) =>
      e.reason._tag === "RequestParseError" && e.reason.reason === "BodyTooLarge"
        ? new PayloadTooLarge({ limit: MAX_BODY_BYTES })
        : new MalformedRequest({ message: "The request body could not be read." })
    ),
    Effect.flatMap((bytes) =>
      Effect.try({ try: () => utf8.decode(bytes), catch: () => new MalformedRequest({ message: "The request body is not valid UTF-8." }) })
    )
  )
}

/**
 * A lone `expand=x` (no brackets, as generic clients such as Effect's HttpApiClient write a
 * one-element array) is read as `expand[]=x`.
 */
const singleExpand = (params: Params): Params =>
  typeof params.expand === "string" ? { ...params, expand: [params.expand] } : params

/** The parameters of a POST body: `{}` when empty, whatever the content type says. */
export const readBody = (
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<Params, MalformedRequest | ValidationError | PayloadTooLarge | UnsupportedMediaType> =>
  Effect.flatMap(readText(request), (text): Effect.Effect<Params, MalformedRequest | ValidationError | UnsupportedMediaType> => {
    if (text.length === 0) return Effect.succeed({})
    const contentType = request.headers["content-type"] ?? ""
    const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase()
    if (isJson(mediaType)) return parseJson(text)
    if (mediaType === "application/x-www-form-urlencoded" || mediaType === "") return parseForm(text)
    return Effect.fail(new UnsupportedMediaType({ contentType }))
  })

/** The parameters if they pass the input rule, else the error that names the first one that does not. */
const safe = (params: Params): Effect.Effect<Params, ValidationError> => {
  const error = SafeInput.check(params)
  return error === undefined ? Effect.succeed(params) : Effect.fail(error)
}

const readUnchecked = (
  request: HttpServerRequest.HttpServerRequest,
  hasBody: boolean
): Effect.Effect<Params, MalformedRequest | ValidationError | PayloadTooLarge | UnsupportedMediaType> => {
  const search = queryString(request.url)
  const query = search === "" ? Effect.succeed<Params>({}) : Effect.map(parseForm(search), singleExpand)
  if (!hasBody) return query
  return Effect.flatMap(query, (fromQuery) =>
    Effect.flatMap(readBody(request), (fromBody) => {
      const keys = Object.keys(fromQuery)
      if (keys.length === 0) return Effect.succeed(fromBody)
      for (const key of keys) {
        if (Object.hasOwn(fromBody, key)) {
          return Effect.fail(new MalformedRequest({ message: `Received parameter ${key.slice(0, 100)} both in the query string and in the body.` }))
        }
      }
      return Effect.succeed({ ...fromQuery, ...fromBody })
    }))
}

/**
 * The parameters of a request: the query string for GET (a form content type with no body, as
 * Stripe's client sends, changes nothing), the body plus the query string for POST. A parameter
 * given in both places is refused rather than silently picking one. What comes out has passed the
 * input rule: nothing with a NUL byte, a lone surrogate or a prototype name goes further.
 */
export const readParams = (
  request: HttpServerRequest.HttpServerRequest,
  hasBody: boolean
): Effect.Effect<Params, MalformedRequest | ValidationError | PayloadTooLarge | UnsupportedMediaType> =>
  Effect.flatMap(readUnchecked(request, hasBody), safe)
