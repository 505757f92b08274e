/**
 * EventSnapshots for tests of the core alone: the domain object as it is, tagged with its kind
 * (`object`), so a test can tell sessions, payment intents and customers apart without the wire adapter.
 */
import { Layer } from "effect"
import type { EventDraft, EventSnapshot } from "../Events.ts"
import { EventSnapshots } from "../ports/EventSnapshots.ts"

/** The draft's object, plainly, with `object` naming its kind. */
export const snapshot = (draft: EventDraft): EventSnapshot =>
  draft.type.startsWith("checkout.session.")
    ? { object: "checkout.session", ...draft.object }
    : draft.type.startsWith("customer.")
    ? { object: "customer", ...draft.object }
    : { object: "payment_intent", ...draft.object }

/** EventSnapshots that keep domain objects as they are. */
export const layer = Layer.succeed(EventSnapshots, EventSnapshots.of({ snapshot }))
