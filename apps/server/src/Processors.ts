/**
 * `till processors show|set`: which processor takes the account's payments in the key's mode
 * (`GET`/`POST /v1/account/processor_settings`), through a running Till with a secret key. Credentials
 * are read from the environment, never from flags (which shell histories and `ps` show):
 * `TILL_PROCESSOR_CREDENTIAL_<NAME>` sets `credentials[<name>]` (`TILL_PROCESSOR_CREDENTIAL_SECRET_KEY`
 * is Stripe's `secret_key`). docs/processors.md and docs/cli.md.
 */
import type { Target } from "./Trigger.ts"

/** The settings as the API answers them (credentials: their last four characters only). */
export interface ProcessorSettings {
  readonly object: "processor_settings"
  readonly livemode: boolean
  readonly processor: string
  readonly options: Readonly<Record<string, string>>
  readonly credentials: Readonly<Record<string, { readonly last4: string }>>
  readonly updated: number | null
}

/** The prefix of the environment variables credentials are read from. */
export const CREDENTIAL_PREFIX = "TILL_PROCESSOR_CREDENTIAL_"

/** The credentials the environment holds, by lower-cased name. */
export const credentialsFromEnv = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).flatMap(([name, value]) =>
      name.startsWith(CREDENTIAL_PREFIX) && value !== undefined && value !== "" ? [[name.slice(CREDENTIAL_PREFIX.length).toLowerCase(), value]] : []
    )
  )

/** `name=value` option flags as a record, or the flag that is not one. */
export const optionsOf = (given: ReadonlyArray<string>): Record<string, string> | string => {
  const options: Record<string, string> = {}
  for (const option of given) {
    const at = option.indexOf("=")
    if (at <= 0) return option
    options[option.slice(0, at)] = option.slice(at + 1)
  }
  return options
}

/** Reads or replaces the settings; an error names the refused parameter, never a credential's value. */
export const call = async (
  target: Target,
  change?: { readonly processor: string; readonly credentials: Readonly<Record<string, string>>; readonly options: Readonly<Record<string, string>> }
): Promise<ProcessorSettings> => {
  const body = new URLSearchParams()
  if (change !== undefined) {
    body.set("processor", change.processor)
    for (const [name, value] of Object.entries(change.credentials)) body.set(`credentials[${name}]`, value)
    for (const [name, value] of Object.entries(change.options)) body.set(`options[${name}]`, value)
  }
  const response = await fetch(new URL("/v1/account/processor_settings", target.apiBase), {
    method: change === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${target.apiKey}` },
    ...(change === undefined ? {} : { body })
  })
  const json = await response.json().catch(() => undefined) as { error?: { message?: string; param?: string | null } } | undefined
  if (!response.ok) {
    const param = json?.error?.param
    throw new Error(`/v1/account/processor_settings answered ${response.status}: ${json?.error?.message ?? response.statusText}${param ? ` (${param})` : ""}`)
  }
  return json as unknown as ProcessorSettings
}

/** The settings in a few lines. */
export const summary = (s: ProcessorSettings): string =>
  [
    `${s.livemode ? "Live" : "Test"}-mode payments go to: ${s.processor}${s.updated === null ? " (never set)" : ""}`,
    ...Object.entries(s.credentials).map(([name, { last4 }]) => `  credential ${name}: …${last4}`),
    ...Object.entries(s.options).map(([name, value]) => `  option ${name}: ${value}`)
  ].join("\n")
