/**
 * `@till/processor-stripe/testing`: Prism serving Stripe's published OpenAPI document (trimmed, with
 * Till's scenario examples), for the connector's contract tests and the server's acceptance tests.
 */
export * as Prism from "./Prism.ts"
