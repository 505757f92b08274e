/**
 * API versions (Stripe's `Stripe-Version`). Till renders one shape of every object, Stripe's current
 * one, so it accepts the versions whose objects have that shape and refuses the others, rather than
 * answer an integration pinned to an older shape with objects it does not expect.
 */
import { Context, Schema } from "effect"
import { API_VERSION } from "./Events.ts"

/**
 * The versions a request may name (`Stripe-Version`) and an endpoint may be pinned to: Till's own,
 * and Stripe's releases whose objects Till renders (`dahlia`, what stripe-node 22 sends, and `endive`,
 * what stripe-node 23 sends: 23.1 sends `2026-10-28.endive`). docs/http.md lists them.
 */
export const SUPPORTED_API_VERSIONS = [
  API_VERSION,
  "2026-03-25.dahlia",
  "2026-04-22.dahlia",
  "2026-05-27.dahlia",
  "2026-06-24.dahlia",
  "2026-07-29.dahlia",
  "2026-08-26.dahlia",
  "2026-09-30.endive",
  "2026-10-28.endive"
] as const

/** One of {@link SUPPORTED_API_VERSIONS}. */
export const ApiVersion = Schema.Literals(SUPPORTED_API_VERSIONS)
/** See {@link ApiVersion}. */
export type ApiVersion = typeof ApiVersion.Type

const supported: ReadonlySet<string> = new Set(SUPPORTED_API_VERSIONS)

/** Whether a version may be named. */
export const isSupportedApiVersion = (version: string): version is ApiVersion => supported.has(version)

/**
 * The version the current call is made in: the request's `Stripe-Version`, else Till's default. The
 * events a call causes carry it as their `api_version`; outside a request (the expiry sweep) it is the default.
 */
export const CurrentApiVersion = Context.Reference<string>("till/CurrentApiVersion", { defaultValue: () => API_VERSION })
