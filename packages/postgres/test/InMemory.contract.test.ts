/**
 * The reference: the core's in-memory stores pass the contract that the database adapters must pass.
 */
import { layer } from "@effect/vitest"
import { InMemoryAccounts, InMemoryDashboardUsers, InMemoryEmbedSettings, InMemoryFiles, InMemoryLinks, InMemoryProcessorLedger, InMemoryProcessorSettings, InMemoryRepository } from "@till/core/testing"
import { Layer } from "effect"
import { allContracts } from "./contract/All.ts"

layer(
  Layer.mergeAll(
    InMemoryRepository.layer,
    InMemoryAccounts.layer,
    InMemoryLinks.layer,
    InMemoryProcessorLedger.layer,
    InMemoryEmbedSettings.layer,
    InMemoryFiles.layer,
    InMemoryDashboardUsers.layer,
    InMemoryProcessorSettings.layer
  )
)("in-memory", allContracts)
