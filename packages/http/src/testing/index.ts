/**
 * `@till/http/testing`: a Till server on a free port for tests (`inMemory`, or `describeServer` and
 * `serverLayer` around any app), the `SuiteServer` it provides, and the suites every composition of Till
 * must pass over HTTP: Stripe's own client (`stripeSuite`, `paymentLinksSuite`, `webhookEndpointsSuite`, `versionsSuite`, `productsSuite`, `pricesSuite`, `customersSuite`, `taxRatesSuite`, `promotionsSuite`, `shippingRatesSuite`, `manualCaptureSuite`, `refundsSuite`),
 * idempotency, hostile input, and a fuzz of every route of `/openapi.json`. The suites need `@effect/vitest`,
 * `stripe` and `fast-check` (optional peer dependencies).
 */
export * from "./OpenApiFuzz.ts"
export * from "./stripe/CustomersSuite.ts"
export * from "./stripe/TaxRatesSuite.ts"
export * from "./stripe/PromotionsSuite.ts"
export * from "./stripe/ShippingRatesSuite.ts"
export * from "./stripe/IdempotencySuite.ts"
export * from "./stripe/ManualCaptureSuite.ts"
export * from "./stripe/PaymentLinksSuite.ts"
export * from "./stripe/PricesSuite.ts"
export * from "./stripe/ProductsSuite.ts"
export * from "./stripe/SafeInputSuite.ts"
export * from "./stripe/StripeSuite.ts"
export * from "./stripe/SuiteServer.ts"
export * from "./stripe/WebhookEndpointsSuite.ts"
export * from "./stripe/VersionsSuite.ts"
export * from "./TestServer.ts"
export * from "./stripe/RefundsSuite.ts"
export * from "./stripe/BrandingSuite.ts"
