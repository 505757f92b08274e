/**
 * `@till/postgres/testing`: what tests and benchmarks compose the storage with, never a server.
 */
export * as NoOutbox from "./NoOutbox.ts"
