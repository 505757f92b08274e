/**
 * The processor connectors this server offers (docs/processors.md): the names accounts' processor
 * settings may choose besides `test`. One line per connector package.
 */
import type { ProcessorConnector } from "@till/core"
import { AdyenConnector } from "@till/processor-adyen"

/** Every connector the server registers. */
export const all: ReadonlyArray<ProcessorConnector> = [AdyenConnector.make()]
