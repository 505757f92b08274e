/**
 * The contract against embedded PGlite, in a temporary directory.
 */
import { layer } from "@effect/vitest"
import { Layer } from "effect"
import * as Repositories from "../src/Repositories.ts"
import { allContracts } from "./contract/All.ts"
import { pgliteDb } from "../src/testing/Databases.ts"
import { NoOutbox } from "../src/testing/index.ts"

layer(Repositories.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provideMerge(pgliteDb)), { timeout: "2 minutes" })("PGlite", allContracts)
