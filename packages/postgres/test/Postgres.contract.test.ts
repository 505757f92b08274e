/**
 * The contract against PostgreSQL, in a fresh database on the server named by TILL_TEST_DATABASE_URL
 * (`.ci/run` sets it); without it these tests do not run.
 */
import { describe, layer } from "@effect/vitest"
import { Layer } from "effect"
import * as Repositories from "../src/Repositories.ts"
import { allContracts } from "./contract/All.ts"
import { hasPostgres, postgresDb } from "../src/testing/Databases.ts"
import { NoOutbox } from "../src/testing/index.ts"

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb())), { timeout: "2 minutes" })("contract", allContracts)
})
