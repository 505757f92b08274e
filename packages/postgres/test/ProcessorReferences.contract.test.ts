/**
 * The ProcessorReferences contract against the core's in-memory store (the reference), embedded
 * PGlite, and PostgreSQL when TILL_TEST_DATABASE_URL names a server.
 */
import { describe, layer } from "@effect/vitest"
import { InMemoryProcessorReferences } from "@till/core/testing"
import { Layer } from "effect"
import * as ProcessorReferencesPg from "../src/ProcessorReferencesPg.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { processorReferencesContract } from "./contract/ProcessorReferencesContract.ts"

layer(InMemoryProcessorReferences.layer)("in-memory", (it) => describe("ProcessorReferences", () => processorReferencesContract(it)))

layer(ProcessorReferencesPg.layer.pipe(Layer.provide(pgliteDb)), { timeout: "2 minutes" })("PGlite", (it) =>
  describe("ProcessorReferences", () => processorReferencesContract(it)))

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(ProcessorReferencesPg.layer.pipe(Layer.provide(postgresDb())), { timeout: "2 minutes" })("contract", (it) =>
    describe("ProcessorReferences", () => processorReferencesContract(it)))
})
