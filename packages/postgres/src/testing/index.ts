/**
 * `@till/postgres/testing`: what tests and benchmarks compose the storage with, never a server: an outbox
 * that records nothing (`NoOutbox`, for compositions without a queue), throwaway databases (a fresh
 * PostgreSQL database on the server named by `TILL_TEST_DATABASE_URL`, or PGlite in a temporary
 * directory), a TCP proxy that cuts connections on cue, and the vitest globalSetup that says whether the
 * PostgreSQL variants run.
 */
export * from "./Databases.ts"
export * as FaultProxy from "./FaultProxy.ts"
export * as NoOutbox from "./NoOutbox.ts"
export { announcePostgresVariants } from "./PostgresVariants.ts"
