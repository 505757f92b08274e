/**
 * List order through the use cases, on every backend: items created in one second list strictly newest
 * first, and a keyset walk under concurrent creates sees each earlier item once, in order.
 */
import { describe, layer } from "@effect/vitest"
import { InMemoryLinks, InMemoryProcessorLedger, InMemoryRepository } from "@till/core/testing"
import { Layer } from "effect"
import * as Repositories from "../src/Repositories.ts"
import { hasPostgres, pgliteDb, postgresDb } from "../src/testing/Databases.ts"
import { listOrderScenarios, listUseCases } from "./support/ListOrder.ts"
import { NoOutbox } from "../src/testing/index.ts"

// the real clock underneath: the scenarios stop its wall time themselves, and sleep for real
const live = { excludeTestServices: true, timeout: "2 minutes" } as const

layer(listUseCases(Layer.mergeAll(InMemoryRepository.layer, InMemoryProcessorLedger.layer, InMemoryLinks.layer)), live)("in-memory", listOrderScenarios)

layer(listUseCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(pgliteDb))), live)("PGlite", listOrderScenarios)

describe.runIf(hasPostgres)("PostgreSQL", () => {
  layer(listUseCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb()))), live)("default collation", listOrderScenarios)
  // a language collation sorts `a` before `B`; ids compare as bytes all the same (columns are `collate "C"`)
  layer(listUseCases(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(postgresDb(undefined, { icuLocale: "en-US" })))), live)(
    "ICU en-US collation",
    listOrderScenarios
  )
})
