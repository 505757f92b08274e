/**
 * `@till/postgres`: Till's data in PostgreSQL, or in embedded PGlite when no server is configured.
 */
export * as AccountRepositoryPg from "./AccountRepositoryPg.ts"
export * as Connection from "./Connection.ts"
export type { Database } from "./Database.ts"
export * as DataDirLock from "./DataDirLock.ts"
export { DataDirInUse } from "./DataDirLock.ts"
export { type Backend, currentTransaction, Db, transaction, TransactionStorage } from "./Db.ts"
export * as EventRepositoryPg from "./EventRepositoryPg.ts"
export * as IdempotencyStorePg from "./IdempotencyStorePg.ts"
export * as Migrations from "./Migrations.ts"
export * as PaymentLinkRepositoryPg from "./PaymentLinkRepositoryPg.ts"
export * as Repositories from "./Repositories.ts"
export * as SessionRepositoryPg from "./SessionRepositoryPg.ts"
export { noHook, type SessionWrite, SessionWriteHook, type SessionWriteHookFn } from "./SessionWriteHook.ts"
export * as SessionWrites from "./SessionWrites.ts"
export * as WebhookDeliveryRepositoryPg from "./WebhookDeliveryRepositoryPg.ts"
export * as WebhookEndpointRepositoryPg from "./WebhookEndpointRepositoryPg.ts"
