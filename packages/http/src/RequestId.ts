/**
 * Request ids (`req_…`): made once per request by the outermost middleware, sent back as
 * `Request-Id` on every response and recorded on the events the request causes.
 */
import { Context } from "effect"

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** 12 random base62 characters (about 71 bits) chosen once per process. */
const processPart = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12))
  let part = ""
  // 256 is not a multiple of 62, so a few characters are slightly likelier; ids need uniqueness, not uniformity
  for (const b of bytes) part += ALPHABET[b % 62]
  return part
}

const prefix = `req_${processPart()}`
let counter = 0

/**
 * A fresh request id: a random per-process part and a counter. Ids must be unique across processes
 * and restarts, not unguessable (they are shown to the caller anyway), so one random draw per
 * process is enough and keeps the cost off every request.
 */
export const make = (): string => {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER
  return prefix + counter.toString(36).padStart(8, "0")
}

/** The id of the request being served. */
export const CurrentRequestId = Context.Reference<string>("till/http/CurrentRequestId", { defaultValue: () => "req_none" })
