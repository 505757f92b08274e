/**
 * `@till/processor-stripe`: the Stripe connector behind Till's payment-processor port.
 */
export * as StripeConnector from "./StripeConnector.ts"
