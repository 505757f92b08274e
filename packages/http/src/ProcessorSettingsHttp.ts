/**
 * Handlers of processor settings (`/v1/account/processor_settings`, *ext*).
 */
import { ProcessorSettings, type ProcessorSettingsView } from "@till/core"
import { Effect } from "effect"
import * as Endpoint from "./Endpoint.ts"
import { ProcessorSettingsGroup, type ProcessorSettingsObject } from "./ProcessorSettingsApi.ts"

/** The settings as the API shows them. */
export const processorSettings = (view: ProcessorSettingsView): ProcessorSettingsObject => ({ object: "processor_settings", ...view })

/** The routes of the ProcessorSettings group. */
export const routes = Effect.gen(function*() {
  const settings = yield* ProcessorSettings
  const endpoint = yield* Endpoint.make
  return endpoint.routes(ProcessorSettingsGroup, {
    retrieve: ({ scope }) => Effect.map(settings.settings(scope), processorSettings),
    update: ({ input, scope }) => Effect.map(settings.set(scope, Endpoint.withoutExpand(input)), processorSettings)
  })
})
