/**
 * `@till/http`: Till's Stripe-compatible HTTP adapter. Clients that only need the contract import
 * `@till/http/Api`, which pulls in no server code; this index is for the server.
 */
export * as Api from "./Api.ts"
export * as Auth from "./Auth.ts"
export * as BodyParser from "./BodyParser.ts"
export * as CheckoutSessionsHttp from "./CheckoutSessionsHttp.ts"
export * as Endpoint from "./Endpoint.ts"
export * as ErrorMapping from "./ErrorMapping.ts"
export * as EventsHttp from "./EventsHttp.ts"
export * as Fallback from "./Fallback.ts"
export * as HttpApp from "./HttpApp.ts"
export * as HttpErrors from "./HttpErrors.ts"
export * as Idempotency from "./Idempotency.ts"
export * as PaymentIntentsHttp from "./PaymentIntentsHttp.ts"
export * from "./Readiness.ts"
export * as RequestId from "./RequestId.ts"
export * as Requests from "./Requests.ts"
export * as Responses from "./Responses.ts"
export * as SystemHttp from "./SystemHttp.ts"
export * as Wire from "./Wire.ts"
