/**
 * `till embed show|allow|disallow|set`: embedded checkout's allowed origins (the pages that may frame
 * the account's embedded sessions, in the key's mode), through a running Till's API
 * (`GET`/`POST /v1/embed_settings`) with a secret key, as a merchant's own scripts would. docs/cli.md
 * and docs/embedded.md.
 */
import type { Target } from "./Trigger.ts"

/** The settings as the API answers them. */
export interface EmbedSettings {
  readonly object: "embed_settings"
  readonly livemode: boolean
  readonly allowed_origins: ReadonlyArray<string>
  readonly updated: number | null
}

/** What to do: show the origins, add some, remove some, or replace them all (none: clear). */
export type Change =
  | { readonly op: "show" }
  | { readonly op: "allow" | "disallow" | "set"; readonly origins: ReadonlyArray<string> }

const call = async (target: Target, method: "GET" | "POST", origins?: ReadonlyArray<string>): Promise<EmbedSettings> => {
  const body = new URLSearchParams()
  if (origins !== undefined) {
    if (origins.length === 0) body.set("allowed_origins", "")
    else origins.forEach((origin, i) => body.set(`allowed_origins[${i}]`, origin))
  }
  const response = await fetch(new URL("/v1/embed_settings", target.apiBase), {
    method,
    headers: { authorization: `Bearer ${target.apiKey}` },
    ...(method === "POST" ? { body } : {})
  })
  const json = await response.json().catch(() => undefined) as { error?: { message?: string; param?: string | null } } | undefined
  if (!response.ok) {
    const param = json?.error?.param
    throw new Error(`${method} /v1/embed_settings answered ${response.status}: ${json?.error?.message ?? response.statusText}${param ? ` (${param})` : ""}`)
  }
  return json as unknown as EmbedSettings
}

/**
 * Applies a change and answers the settings after it. `allow` and `disallow` read the list first and
 * write it whole (a concurrent change made between the two is overwritten); origins are compared as
 * the server normalizes them, so `https://Shop.example/` removes `https://shop.example`.
 */
export const embed = async (target: Target, change: Change): Promise<EmbedSettings> => {
  if (change.op === "show") return call(target, "GET")
  if (change.op === "set") return call(target, "POST", change.origins)
  const current = await call(target, "GET")
  const normal = (origin: string) => {
    try {
      return new URL(origin).origin
    } catch {
      return origin
    }
  }
  if (change.op === "allow") return call(target, "POST", [...current.allowed_origins, ...change.origins])
  const removed = new Set(change.origins.map(normal))
  return call(target, "POST", current.allowed_origins.filter((origin) => !removed.has(normal(origin))))
}

/** The settings in a few lines. */
export const summary = (settings: EmbedSettings): string =>
  settings.allowed_origins.length === 0
    ? `No origin may embed this account's ${settings.livemode ? "live" : "test"}-mode checkouts.`
    : [`Origins that may embed this account's ${settings.livemode ? "live" : "test"}-mode checkouts:`, ...settings.allowed_origins.map((o) => `  ${o}`)].join("\n")
