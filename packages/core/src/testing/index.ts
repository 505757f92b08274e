/**
 * `@till/core/testing`: layers to unit-test business rules against the core with no database.
 */
import { Layer } from "effect"
import { CheckoutSessions } from "../CheckoutSessions.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import * as TestPaymentProcessor from "../TestPaymentProcessor.ts"
import * as InMemoryRepository from "./InMemoryRepository.ts"

export * as InMemoryRepository from "./InMemoryRepository.ts"
export * as SequentialIds from "./SequentialIds.ts"
export * as TestPaymentProcessor from "../TestPaymentProcessor.ts"

/**
 * The use cases over a fresh in-memory store, the test processor and random ids; the repositories
 * stay in the output so a test can inspect what was written.
 */
export const layer = CheckoutSessions.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(InMemoryRepository.layer, TestPaymentProcessor.layer, IdGenerator.layerRandom))
)
