/**
 * In-memory EmbedSettingsRepository, for tests and demos.
 */
import { Effect, Layer } from "effect"
import type { StoredEmbedSettings } from "../EmbeddedCheckout.ts"
import { EmbedSettingsRepository } from "../ports/EmbedSettingsRepository.ts"
import * as ScopedSettingsStore from "./ScopedSettingsStore.ts"

/** Makes a fresh, empty store. */
export const make = Effect.sync(() => EmbedSettingsRepository.of(ScopedSettingsStore.make<StoredEmbedSettings>()))

/** A fresh in-memory store. */
export const layer = Layer.effect(EmbedSettingsRepository, make)
