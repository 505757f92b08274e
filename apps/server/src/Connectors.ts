/**
 * The processor connectors this server offers (docs/processors.md): the names accounts' processor
 * settings may choose besides `test`. One line per connector package.
 */
import { clientFilesOf, type ProcessorConnector, ProcessorClientFiles, ProcessorConnectors, ProcessorReferences } from "@till/core"
import { fromStore } from "@till/processor-adyen/AdyenReferences"
import * as Adyen from "@till/processor-adyen/Descriptor"
import * as Stripe from "@till/processor-stripe/Descriptor"
import { Effect, Layer } from "effect"

/**
 * Every connector the server registers, over the references store of the server's database (Adyen
 * keeps its pspReferences there: it has no lookup by Till's ids). Each is deferred: its processor's SDK
 * (tens of MB, half a second to load: docs/performance.md, "The gaps that remain") is loaded when an
 * account first uses it, not by every start.
 */
export const make: Effect.Effect<ReadonlyArray<ProcessorConnector>, never, ProcessorReferences> = Effect.gen(function*() {
  const references = yield* ProcessorReferences
  return [
    Stripe.deferred(),
    Adyen.deferred({ references: fromStore(references) })
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
