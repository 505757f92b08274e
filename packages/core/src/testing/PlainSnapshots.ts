/**
 * EventSnapshots for tests of the core alone: the domain object as it is, tagged with its kind
 * (`object`, from the event type), so a test can tell sessions, payment intents, products or customers apart without the wire adapter.
 */
import { Layer } from "effect"
import type { EventDraft, EventSnapshot } from "../Events.ts"
import { EventSnapshots } from "../ports/EventSnapshots.ts"

/** The draft's object, plainly, with `object` naming its kind. */
export const snapshot = (draft: EventDraft): EventSnapshot => ({ object: draft.type.slice(0, draft.type.lastIndexOf(".")), ...draft.object })

/** EventSnapshots that keep domain objects as they are. */
export const layer = Layer.succeed(EventSnapshots, EventSnapshots.of({ snapshot }))
