/**
 * In-memory ProcessorSettingsRepository, for tests and demos.
 */
import { Effect, Layer } from "effect"
import { ProcessorSettingsRepository, type StoredProcessorSettings } from "../ports/ProcessorSettingsRepository.ts"
import * as ScopedSettingsStore from "./ScopedSettingsStore.ts"

/** Makes a fresh, empty store. */
export const make = Effect.sync(() => ProcessorSettingsRepository.of(ScopedSettingsStore.make<StoredProcessorSettings>()))

/** A fresh in-memory store. */
export const layer = Layer.effect(ProcessorSettingsRepository, make)
