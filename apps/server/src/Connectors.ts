/**
 * The processor connectors this server offers (docs/processors.md): the names accounts' processor
 * settings may choose besides `test`. One line per connector package.
 */
import { type ProcessorConnector, ProcessorReferences } from "@till/core"
import { AdyenConnector, fromStore } from "@till/processor-adyen"
import { StripeConnector } from "@till/processor-stripe"
import { Effect } from "effect"

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
