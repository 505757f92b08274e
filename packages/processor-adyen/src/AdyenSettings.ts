/**
 * An account's Adyen settings, read from the connector configuration Till stores per account and
 * mode (credentials decrypted, still Redacted). Names are the ones docs/processors-adyen.md lists.
 */
import { Redacted } from "effect"
import type { ConnectorConfig } from "./Port.ts"
import { checkoutEndpoint } from "./Transport.ts"

/** What the connector needs to call Adyen for one account and mode. */
export interface AdyenSettings {
  readonly apiKey: Redacted.Redacted<string>
  readonly hmacKey: Redacted.Redacted<string> | null
  readonly merchantAccount: string
  /** Adyen Web's public client key, handed to the hosted page (never a secret). */
  readonly clientKey: string | null
  readonly environment: "test" | "live"
  /** The Checkout endpoint including the API version: Adyen's own, or `base_url` (a mock) when set. */
  readonly endpoint: string
  readonly timeoutMs: number
  /** Whether raw card numbers may be sent to Adyen (PCI DSS SAQ D scope, and Adyen's permission): off by default. */
  readonly acceptRawCards: boolean
  /** Where Adyen sends the shopper back when the caller gave no return URL. */
  readonly returnUrl: string
}

/** The credential names the connector needs. */
export const CREDENTIALS = ["api_key", "hmac_key"] as const
/** The options it requires. */
export const REQUIRED_OPTIONS = ["merchant_account"] as const

/** A setting is missing or malformed: a configuration mistake, refused when the settings are stored. */
export class AdyenSettingsInvalid extends Error {
  override readonly name = "AdyenSettingsInvalid"
}

/** Reads and checks the settings; throws AdyenSettingsInvalid naming the setting. */
export const settingsOf = (config: ConnectorConfig): AdyenSettings => {
  const apiKey = config.credentials.api_key
  if (apiKey === undefined) throw new AdyenSettingsInvalid("Adyen needs the credential `api_key`.")
  const merchantAccount = config.options.merchant_account
  if (merchantAccount === undefined || merchantAccount === "") throw new AdyenSettingsInvalid("Adyen needs the option `merchant_account`.")
  const environment = config.options.environment ?? (config.livemode ? "live" : "test")
  if (environment !== "test" && environment !== "live") throw new AdyenSettingsInvalid("The option `environment` must be `test` or `live`.")
  const prefix = config.options.live_endpoint_prefix
  const baseUrl = config.options.base_url
  if (baseUrl === undefined && environment === "live" && (prefix === undefined || !/^[A-Za-z0-9-]+$/.test(prefix))) {
    throw new AdyenSettingsInvalid("A live Adyen account needs the option `live_endpoint_prefix` (Customer Area, Developers > API URLs).")
  }
  const timeout = Number(config.options.timeout_ms ?? "20000")
  if (!Number.isInteger(timeout) || timeout < 100) throw new AdyenSettingsInvalid("The option `timeout_ms` must be an integer of at least 100.")
  return {
    apiKey,
    hmacKey: config.credentials.hmac_key ?? null,
    merchantAccount,
    clientKey: config.options.client_key ?? null,
    environment,
    endpoint: baseUrl ?? checkoutEndpoint(environment, prefix),
    timeoutMs: timeout,
    acceptRawCards: config.options.accept_raw_cards === "true",
    returnUrl: config.options.return_url ?? "https://till.invalid/adyen/return"
  }
}

/** The API key's value, for the one header that carries it. */
export const apiKeyOf = (settings: AdyenSettings): string => Redacted.value(settings.apiKey)
