/**
 * The processor connectors this server offers (docs/processors.md): the names accounts' processor
 * settings may choose besides `test`. One line per connector package.
 */
import { clientFilesOf, type ProcessorConnector, ProcessorClientFiles, ProcessorConnectors, ProcessorReferences } from "@till/core"
import { AdyenConnector, fromStore } from "@till/processor-adyen"
import { StripeConnector } from "@till/processor-stripe"
import { Effect, Layer } from "effect"

/**
 * Every connector the server registers, over the references store of the server's database (Adyen
 * keeps its pspReferences there: it has no lookup by Till's ids).
 */
export const make: Effect.Effect<ReadonlyArray<ProcessorConnector>, never, ProcessorReferences> = Effect.gen(function*() {
  const references = yield* ProcessorReferences
  return [
    StripeConnector.make(),
    AdyenConnector.make({ references: fromStore(references) })
  ]
})

/**
 * The client files of the offered connectors (their `clientFiles`, e.g. Adyen Web's bundle), which
 * the hosted page's asset route serves under `/c/assets/`: the HTTP adapter knows no processor.
 */
export const clientFilesLayer = Layer.effect(
  ProcessorClientFiles,
  Effect.gen(function*() {
    return clientFilesOf(yield* ProcessorConnectors)
  })
)
