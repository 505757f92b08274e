/**
 * How the use cases turn what a change says happened (event drafts) into events: each with a new id,
 * its object frozen in the API's shape, the request that caused it and the API version it was made in.
 */
import { Effect } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { type Event, type EventDraft, makeEvent } from "./Events.ts"
import { Prefix } from "./Ids.ts"
import type { IdGenerator } from "./ports/IdGenerator.ts"
import type { EventSnapshots } from "./ports/EventSnapshots.ts"
import { CurrentApiVersion } from "./ApiVersion.ts"
import { RequestContext } from "./RequestContext.ts"

/** The events of some drafts in one scope at `now`, with ids from `ids` and objects frozen by `snapshots`. */
export const eventMaker = (ids: IdGenerator["Service"], snapshots: EventSnapshots["Service"]) =>
  Effect.fnUntraced(function*(scope: Scope, drafts: ReadonlyArray<EventDraft>, now: number) {
    const request = yield* RequestContext
    const api_version = yield* CurrentApiVersion
    const events: Array<Event> = []
    for (const draft of drafts) {
      const id = yield* ids.make(Prefix.event)
      // the object before the change is frozen the same way, so `previous_attributes` compares like with like
      const previous = "previous" in draft ? snapshots.snapshot({ ...draft, object: draft.previous } as EventDraft) : undefined
      events.push(makeEvent(draft.type, snapshots.snapshot(draft), { id, account: scope.account, livemode: scope.livemode, created: now, request, api_version }, previous))
    }
    return events
  })
