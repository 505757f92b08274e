/**
 * `@till/postgres/testing`: throwaway databases for tests (a fresh PostgreSQL database on the server named by
 * `TILL_TEST_DATABASE_URL`, or PGlite in a temporary directory), a TCP proxy that cuts connections on cue,
 * and the vitest globalSetup that says whether the PostgreSQL variants run.
 */
export * from "./Databases.ts"
export * as FaultProxy from "./FaultProxy.ts"
export { announcePostgresVariants } from "./PostgresVariants.ts"
