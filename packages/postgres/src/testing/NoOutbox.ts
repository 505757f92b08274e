/**
 * The session event sink of a composition without a queue: an outbox that records nothing. Session
 * writes commit alone; their events are stored, but fan out to no webhook delivery. For tests and benchmarks of the storage alone; a server always runs the queue's sink.
 */
import { Layer } from "effect"
import { SessionEventSink } from "../SessionEventSink.ts"

/** The outbox that records nothing. */
export const layer: Layer.Layer<SessionEventSink> = Layer.succeed(SessionEventSink, SessionEventSink.of({ written: null }))
