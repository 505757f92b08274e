/**
 * Restricted keys (`rk_test_…`, `rk_live_…`), as Stripe has them: a key that may call only the API's
 * resources it was given, each with none, read or write access. Reading is GET; writing is every other
 * method, and write access includes read. A route that belongs to no resource here (rolling, revoking or
 * creating keys, anything new) is closed to every restricted key: a permission must be given to open it.
 */
import { Effect } from "effect"
import { ValidationError } from "./Errors.ts"

/** The resources a restricted key is given access to, each with the API paths it covers. */
export const KEY_RESOURCES = {
  checkout_session: ["checkout/sessions"],
  payment_intent: ["payment_intents"],
  charge: ["charges", "refunds"],
  customer: ["customers"],
  product: ["products", "prices"],
  coupon: ["coupons", "promotion_codes"],
  tax_rate: ["tax_rates"],
  shipping_rate: ["shipping_rates"],
  payment_link: ["payment_links"],
  webhook_endpoint: ["webhook_endpoints", "webhook_deliveries"],
  event: ["events"],
  file: ["files"],
  account: ["account", "embed_settings"]
} as const satisfies Record<string, ReadonlyArray<string>>

/** A resource a restricted key may be given. */
export type KeyResource = keyof typeof KEY_RESOURCES

/** Every resource, in the order pages and help list them. */
export const KEY_RESOURCE_NAMES = Object.keys(KEY_RESOURCES) as ReadonlyArray<KeyResource>

/** What a key may do with one resource; a resource not named is none. */
export type KeyAccess = "read" | "write"

/** A restricted key's permissions: the resources it may read or write (none for the rest). */
export type KeyPermissions = Readonly<Partial<Record<KeyResource, KeyAccess>>>

/** What a call needs: a resource and the access; null when no restricted key may make it at all. */
export interface Needed {
  readonly resource: KeyResource
  readonly access: KeyAccess
}

/** The prefix of a restricted key in each mode. */
export const restrictedKeyPrefix = (livemode: boolean): string => (livemode ? "rk_live_" : "rk_test_")

/** Whether a key is a restricted one (by its prefix). */
export const isRestrictedKey = (key: string): boolean => key.startsWith("rk_live_") || key.startsWith("rk_test_")

// longest first, so `checkout/sessions` is tried before a shorter path that shares its start
const BY_PATH: ReadonlyArray<readonly [string, KeyResource]> = KEY_RESOURCE_NAMES
  .flatMap((resource) => KEY_RESOURCES[resource].map((path) => [path, resource] as const))
  .sort((a, b) => b[0].length - a[0].length)

/** Paths under a resource's that no restricted key may call, whatever its permissions. */
const FULL_KEY_ONLY: ReadonlyArray<string> = ["account/processor_settings"]

/** What calling `method path` (a request path, `/v1/…`) needs from a restricted key; null when none may. */
export const neededFor = (method: string, path: string): Needed | null => {
  if (!path.startsWith("/v1/")) return null
  const rest = path.slice(4)
  // a path a router might read otherwise (dot segments, empty segments, encoded dots or slashes) needs what no key has
  if (rest.split("/").some((segment) => segment === "" || segment === "." || segment === "..") || /%2e|%2f|\\/i.test(rest)) return null
  // processor credentials decide where the money goes: only a full key may read or change them
  if (FULL_KEY_ONLY.some((prefix) => rest === prefix || rest.startsWith(`${prefix}/`))) return null
  const found = BY_PATH.find(([prefix]) => rest === prefix || rest.startsWith(`${prefix}/`))
  if (found === undefined) return null
  const upper = method.toUpperCase()
  return { resource: found[1], access: upper === "GET" || upper === "HEAD" ? "read" : "write" }
}

/** Whether permissions allow a call: write covers read; a call no resource covers is refused. */
export const allows = (permissions: KeyPermissions, method: string, path: string): boolean => {
  const needed = neededFor(method, path)
  if (needed === null) return false
  const given = permissions[needed.resource]
  return given === "write" || given === needed.access
}

/** A permission's name as Stripe's error names it: `rak_customer_read`. */
export const permissionName = (needed: Needed): string => `rak_${needed.resource}_${needed.access}`

const invalid = (param: string, message: string) => new ValidationError({ code: "parameter_invalid", message, param })

/**
 * Permissions from a map of resource to `none`, `read` or `write` (a form or API parameters): unknown
 * resources and values are refused naming them; `none` is dropped. At least one permission is needed.
 */
export const parsePermissions = (raw: Readonly<Record<string, unknown>>): Effect.Effect<KeyPermissions, ValidationError> =>
  Effect.suspend(() => {
    const out: Partial<Record<KeyResource, KeyAccess>> = {}
    for (const [name, value] of Object.entries(raw)) {
      if (!(name in KEY_RESOURCES)) {
        return Effect.fail(invalid(`permissions[${name.slice(0, 40)}]`, `Unknown resource ${name.slice(0, 40)}: one of ${KEY_RESOURCE_NAMES.join(", ")}.`))
      }
      if (value !== "none" && value !== "read" && value !== "write") {
        return Effect.fail(invalid(`permissions[${name}]`, `Invalid permissions[${name}]: none, read or write.`))
      }
      if (value !== "none") out[name as KeyResource] = value
    }
    return Object.keys(out).length === 0
      ? Effect.fail(new ValidationError({ code: "parameter_missing", message: "A restricted key needs at least one permission (read or write on a resource).", param: "permissions" }))
      : Effect.succeed(out)
  })

/** `checkout_session=write,customer=read` (the CLI's form) as a map for parsePermissions; null when malformed. */
export const permissionsFromText = (text: string): Record<string, string> | null => {
  const out: Record<string, string> = {}
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const eq = part.indexOf("=")
    if (eq <= 0) return null
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}
