/**
 * `@till/queue`: webhook delivery and session expiry on pg-boss, in the same PostgreSQL (or PGlite)
 * as the data. Jobs are enqueued in the transaction of the session write that causes them.
 */
export * as AddressRange from "./AddressRange.ts"
export * as AttemptError from "./AttemptError.ts"
export * as Boss from "./Boss.ts"
export * as Delivery from "./Delivery.ts"
export * as GuardedAgent from "./GuardedAgent.ts"
export * as Queues from "./Queues.ts"
export * as QueueSettings from "./QueueSettings.ts"
export * as ReceiptMail from "./ReceiptMail.ts"
export * as Resolver from "./Resolver.ts"
export * as Signature from "./Signature.ts"
export * as WebhookTargets from "./WebhookTargets.ts"
export * as Worker from "./Worker.ts"
export * as WriteHook from "./WriteHook.ts"
