/**
 * Handlers of embedded checkout's settings (`/v1/embed_settings`, *ext*).
 */
import { type EmbedSettings, EmbeddedCheckout } from "@till/core"
import { Effect } from "effect"
import { EmbedSettingsGroup, type EmbedSettingsObject } from "./EmbedSettingsApi.ts"
import * as Endpoint from "./Endpoint.ts"

/** The settings as the API shows them. */
export const embedSettings = (settings: EmbedSettings): EmbedSettingsObject => ({ object: "embed_settings", ...settings })

/** The routes of the EmbedSettings group. */
export const routes = Effect.gen(function*() {
  const embedding = yield* EmbeddedCheckout
  const endpoint = yield* Endpoint.make
  return endpoint.routes(EmbedSettingsGroup, {
    retrieve: ({ scope }) => Effect.map(embedding.settings(scope), embedSettings),
    update: ({ input, scope }) => Effect.map(embedding.update(scope, Endpoint.withoutExpand(input)), embedSettings)
  })
})
