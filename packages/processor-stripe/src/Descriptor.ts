/**
 * The Stripe connector as Till sees it before Stripe's SDK is loaded (its name, the credentials its
 * settings need, the hosted page's component), and the connector deferred on it: StripeConnector.ts,
 * which imports the SDK, is loaded when an account first pays or is notified through Stripe.
 */
import { type ConnectorDescriptor, deferredConnector, type ProcessorConnector } from "@till/core"
import type { StripeConnectorOptions } from "./StripeConnector.ts"

/** The connector's name in processor settings. */
export const NAME = "stripe"

/** Its name, settings and page component. */
export const descriptor: ConnectorDescriptor = {
  name: NAME,
  credentialNames: ["secret_key", "webhook_secret"],
  requiredOptions: [],
  // Stripe.js loads only from Stripe: offered when the account gives its publishable key, else Till's own card form
  clientComponent: (config) => {
    const publishable = config.options.publishable_key
    return publishable === undefined ? null : { processor: NAME, script: "https://js.stripe.com/v3/", stylesheet: null, config: { publishable_key: publishable } }
  }
}

/** The Stripe connector, its SDK loaded at its first call (what `till serve` registers). */
export const deferred = (options?: StripeConnectorOptions): ProcessorConnector =>
  deferredConnector(descriptor, () => import("./StripeConnector.ts").then((m) => m.make(options)))
