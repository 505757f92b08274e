/** Test support for the Adyen connector: the Prism mock of Adyen's document, and a proxy that chooses its answers. */
import { fileURLToPath } from "node:url"

export * from "./Prism.ts"
export * from "./PreferProxy.ts"

/** Adyen's Checkout v71 document, trimmed (test/fixtures/README.md). */
export const CHECKOUT_DOCUMENT = fileURLToPath(new URL("../../test/fixtures/CheckoutService-v71.trimmed.json", import.meta.url))
