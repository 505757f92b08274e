/**
 * The Adyen connector as Till sees it before Adyen's API library is loaded (its name, the settings it
 * needs, the hosted page's card component and the files Till serves for it), and the connector deferred
 * on it: AdyenConnector.ts, which imports the library, is loaded when an account first pays, is
 * reconciled or is notified through Adyen.
 */
import { type ConnectorConfig, type ConnectorDescriptor, deferredConnector, type ProcessorConnector } from "@till/core"
import { Effect } from "effect"
import type { AdyenConnectorOptions } from "./AdyenConnector.ts"
import { type AdyenSettings, AdyenSettingsInvalid, CREDENTIALS, REQUIRED_OPTIONS, settingsOf } from "./AdyenSettings.ts"
import * as WebBundle from "./WebBundle.ts"

/** The connector's name in account settings. */
export const NAME = "adyen"

/** The card component's files, as the connector's `clientFiles` names them (Till serves them under `/c/assets/`). */
export const CARD_SCRIPT = "adyen-card.js"
export const CARD_STYLESHEET = "adyen-card.css"

/**
 * The origins Adyen Web's secured card fields use (their iframes, the card-brand lookup they make, the
 * brand logos), by environment: the page's policy allows these on an Adyen session's page only.
 */
export const WEB_HOSTS: Readonly<Record<"test" | "live", ReadonlyArray<string>>> = {
  test: ["https://checkoutshopper-test.adyen.com"],
  live: [
    "https://checkoutshopper-live.adyen.com",
    "https://*.checkoutshopper-live.adyen.com",
    "https://checkoutshopper-live-us.adyen.com",
    "https://checkoutshopper-live-au.adyen.com",
    "https://checkoutshopper-live-apse.adyen.com",
    "https://checkoutshopper-live-in.adyen.com"
  ]
}

/** The account's settings, or why they cannot be used. */
const settingsOrProblem = (config: ConnectorConfig): AdyenSettings | string => {
  try {
    return settingsOf(config)
  } catch (e) {
    if (e instanceof AdyenSettingsInvalid) return e.message
    throw e
  }
}

/** Why the account's settings cannot be used, or null. */
export const settingsProblem = (config: ConnectorConfig): string | null => {
  const settings = settingsOrProblem(config)
  return typeof settings === "string" ? settings : null
}

/** Its name, settings, page component and client files. */
export const descriptor: ConnectorDescriptor = {
  name: NAME,
  credentialNames: CREDENTIALS,
  requiredOptions: REQUIRED_OPTIONS,

  clientComponent: (config) => {
    // a misconfigured account offers no component: its payments are refused anyway
    const settings = settingsOrProblem(config)
    if (typeof settings === "string" || settings.clientKey === null) return null
    return {
      processor: NAME,
      script: CARD_SCRIPT,
      stylesheet: CARD_STYLESHEET,
      config: { clientKey: settings.clientKey, environment: settings.environment },
      hosts: WEB_HOSTS[settings.environment]
    }
  },

  // Adyen Web, bundled (WebBundle.ts) and served by Till from its own origin
  clientFiles: {
    [CARD_SCRIPT]: Effect.map(Effect.promise(WebBundle.bundle), (body) => ({ contentType: "text/javascript; charset=utf-8", body })),
    [CARD_STYLESHEET]: Effect.map(Effect.promise(WebBundle.stylesheet), (body) => ({ contentType: "text/css; charset=utf-8", body }))
  }
}

/** The Adyen connector, its API library loaded at its first call (what `till serve` registers). */
export const deferred = (options?: AdyenConnectorOptions): ProcessorConnector =>
  deferredConnector(descriptor, () => import("./AdyenConnector.ts").then((m) => m.make(options)))
