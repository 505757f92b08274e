/**
 * Port: how an event's object is frozen when the event happens. The wire adapter renders it in the
 * API's shape (what a webhook and `GET /v1/events` show); the core only says what changed.
 */
import { Context } from "effect"
import type { EventDraft, EventSnapshot } from "../Events.ts"

/** Port: renders the object of an event as it is to be shown, for good. */
export class EventSnapshots extends Context.Service<EventSnapshots, {
  /** The object of the draft as the API shows it at this moment. */
  readonly snapshot: (draft: EventDraft) => EventSnapshot
}>()("till/EventSnapshots") {}
