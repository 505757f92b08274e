/**
 * Port: what a connector must remember of its processor's references between calls, when the
 * processor offers no way to look them up by Till's ids (Adyen keys captures, cancels and refunds by
 * its own `pspReference`, and has no search by merchant reference). Values are the connector's own
 * (JSON text); keys are scoped by the connector's name. Written outside any session transaction, as
 * the processor's own records are.
 */
import { Context, type Effect, type Option } from "effect"

/** Where one reference is kept: the connector's name and its own key. */
export interface ReferenceKey {
  readonly processor: string
  readonly key: string
}

/** Port: a connector's memory of its processor's references (see the module comment). */
export class ProcessorReferences extends Context.Service<ProcessorReferences, {
  readonly find: (at: ReferenceKey) => Effect.Effect<Option.Option<string>>
  /** Keeps `value` at `at`, replacing what was there. */
  readonly put: (at: ReferenceKey, value: string) => Effect.Effect<void>
  /** Keeps `value` at `at` unless something is there already: answers what is kept (the first wins). */
  readonly putFirst: (at: ReferenceKey, value: string) => Effect.Effect<string>
}>()("till/ProcessorReferences") {}
