/**
 * One delivery attempt: POST the event, signed, to its endpoint, and record what happened. The event
 * is sent as the API shows it (without the owning account, which Stripe reserves for Connect).
 */
import {
  type AttemptRecord,
  type DeliveryAttempt,
  DeliveryPrefix,
  type DeliveryStatus,
  type Event,
  EventRepository,
  hasCredentials,
  IdGenerator,
  nowSeconds,
  signingSecrets,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Effect } from "effect"
import { type Dispatcher, request } from "undici"
import * as AttemptError from "./AttemptError.ts"
import { coalesce } from "./Coalesce.ts"
import { type Signer, signer } from "./Signature.ts"
import { WebhookTargets } from "./WebhookTargets.ts"

/** How an attempt ended: delivered, to be retried, given up, or nothing to do (already settled). */
export type Outcome = "succeeded" | "retry" | "failed" | "settled"

/** What one HTTP attempt got back. */
export interface Response {
  readonly status_code: number | null
  readonly latency_ms: number
  readonly error: string | null
}

/**
 * The event as the API shows it: without `account`; to an endpoint pinned to an API version
 * (`pinned`), in that version, which Till renders in the one shape it has.
 */
export const wireEvent = (event: Event, pinned: string | null = null): Omit<Event, "account"> => {
  const { account: _account, ...rest } = event
  return pinned === null ? rest : { ...rest, api_version: pinned }
}

/**
 * POSTs `body` through `agent`; never fails: a network error or a timeout is a response without a status
 * code, and its `error` one of AttemptError's phrases.
 */
export const post = (
  url: string,
  requestHeaders: Record<string, string>,
  body: string,
  timeoutMs: number,
  agent: Dispatcher,
  signal?: AbortSignal
) =>
  Effect.promise(async (): Promise<Response> => {
    const started = performance.now()
    const timeout = AbortSignal.timeout(timeoutMs)
    const latency = () => Math.round(performance.now() - started)
    try {
      // undici's request follows no redirect: a receiver answers itself, as Stripe requires, and a 3xx is a failure
      const response = await request(url, {
        method: "POST",
        headers: requestHeaders,
        body,
        dispatcher: agent,
        signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal])
      })
      const latency_ms = latency()
      await response.body.dump().catch(() => undefined)
      return { status_code: response.statusCode, latency_ms, error: null }
    } catch (error) {
      const why = timeout.aborted ? AttemptError.timeout(timeoutMs) : signal?.aborted ? AttemptError.Phrase.aborted : AttemptError.describe(error)
      return { status_code: null, latency_ms: latency(), error: why }
    }
  })

/** Options of one attempt. */
export interface AttemptOptions {
  /** The last attempt the retry schedule allows: a failure settles the delivery as `failed`. */
  readonly final: boolean
  readonly timeoutMs: number
  /** Aborts the request (the worker is stopping). */
  readonly signal?: AbortSignal | undefined
}

/** One delivery of a batch: its id, and whether this is its last attempt. */
export interface BatchItem {
  readonly delivery: string
  /** The last attempt the retry schedule allows: a failure settles the delivery as `failed`. */
  readonly final: boolean
  /** Aborts this request (the worker is stopping, or the job's claim is gone). */
  readonly signal?: AbortSignal | undefined
}

const unique = (values: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(values)]

/**
 * Makes one attempt of each pending delivery of a batch, side by side, and records each (time, status
 * code, latency, error) as it ends: answers one outcome per item, in order, or the item's own failure
 * (its attempt could not be recorded), which leaves its delivery pending for the job's retry. The
 * deliveries, their endpoints and their events are read in three statements for the whole batch, the
 * attempts recorded in a few (those that end while a write is under way go in the next one), and each
 * endpoint's signing keys are prepared once.
 *
 * A delivery that is no longer pending is left alone, so a job that runs again after its delivery
 * succeeded (the worker died between the two) does not send it twice; a second item for the same
 * delivery is left alone too. A deleted or disabled endpoint fails the delivery without sending
 * anything. A request goes through the agent of the endpoint's mode, which refuses an address that
 * mode may not reach (`WebhookTargets`).
 */
export const attemptBatch = Effect.fn("Delivery.attemptBatch")(function*(items: ReadonlyArray<BatchItem>, timeoutMs: number) {
  const deliveries = yield* WebhookDeliveryRepository
  const ids = yield* IdGenerator
  const targets = yield* WebhookTargets
  const endpointRepository = yield* WebhookEndpointRepository
  const eventRepository = yield* EventRepository
  const found = new Map((yield* deliveries.findByIds(unique(items.map((i) => i.delivery)))).map((s) => [s.delivery.id, s.delivery]))
  const pending = [...found.values()].filter((d) => d.status === "pending")
  const [endpoints, events] = yield* Effect.all([
    endpointRepository.findByIds(unique(pending.map((d) => d.webhook_endpoint))),
    eventRepository.findByIds(unique(pending.map((d) => d.event)))
  ], { concurrency: 2 })
  const endpointById = new Map(endpoints.map((e) => [e.endpoint.id, e]))
  const eventById = new Map(events.map((e) => [e.id, e]))
  const signers = new Map<string, Signer>()
  const signerOf = (endpointId: string, secrets: ReadonlyArray<string>): Signer => {
    let sign = signers.get(endpointId)
    if (sign === undefined) signers.set(endpointId, sign = signer(secrets))
    return sign
  }
  const record = coalesce((records: ReadonlyArray<AttemptRecord>) => Effect.runPromise(deliveries.recordAttempts(records)))
  const claimed = new Set<string>()

  const one = (item: BatchItem) =>
    Effect.gen(function*() {
      const delivery = found.get(item.delivery)
      if (delivery === undefined || delivery.status !== "pending" || claimed.has(delivery.id)) return "settled" satisfies Outcome
      claimed.add(delivery.id)
      const settle = (response: Response, status: DeliveryStatus) =>
        Effect.gen(function*() {
          const attempt: DeliveryAttempt = {
            id: yield* ids.make(DeliveryPrefix.attempt),
            object: "webhook_delivery_attempt",
            delivery: delivery.id,
            created: yield* nowSeconds,
            ...response,
            succeeded: status === "succeeded"
          }
          yield* Effect.promise(() => record({ attempt, status }))
        })

      const endpoint = endpointById.get(delivery.webhook_endpoint)
      if (endpoint === undefined || endpoint.endpoint.status !== "enabled") {
        const why = endpoint === undefined ? "the webhook endpoint was deleted" : "the webhook endpoint is disabled"
        yield* settle({ status_code: null, latency_ms: 0, error: `${why}: not sent` }, "failed")
        return "failed" satisfies Outcome
      }
      const event = eventById.get(delivery.event)
      // the delivery row references its event, so this cannot happen short of a broken database
      if (event === undefined) return yield* Effect.die(new Error(`event ${delivery.event} of delivery ${delivery.id} is missing`))

      const { endpoint: { livemode, url } } = endpoint
      // refused when created since; an older endpoint may still have credentials in its URL
      if (hasCredentials(url)) {
        yield* settle({ status_code: null, latency_ms: 0, error: AttemptError.Phrase.urlNotAllowed }, item.final ? "failed" : "pending")
        return (item.final ? "failed" : "retry") satisfies Outcome
      }
      const body = JSON.stringify(wireEvent(event, endpoint.endpoint.api_version))
      // receivers hold the timestamp against their own wall clock (5 minutes' tolerance): sign with the
      // moment of sending, whatever clock the rest of the program runs on
      const sentAt = Math.floor(Date.now() / 1000)
      // a secret rolled with a grace period signs too until it expires
      const headers = signerOf(endpoint.endpoint.id, signingSecrets(endpoint, sentAt))(event.id, sentAt, body)
      yield* Effect.annotateCurrentSpan({ "till.event.id": event.id, "till.event.type": event.type, "till.webhook_endpoint.id": delivery.webhook_endpoint })
      const response = yield* post(url, headers, body, timeoutMs, targets.agent(livemode), item.signal)
      const ok = response.status_code !== null && response.status_code >= 200 && response.status_code < 300
      yield* settle(response, ok ? "succeeded" : item.final ? "failed" : "pending")
      const outcome: Outcome = ok ? "succeeded" : item.final ? "failed" : "retry"
      yield* Effect.annotateCurrentSpan(
        response.status_code === null
          ? { "till.delivery.outcome": outcome, "error.type": response.error ?? "no answer" }
          : { "till.delivery.outcome": outcome, "http.response.status_code": response.status_code }
      )
      return outcome
    })

  // each delivery is a trace of its own (the batch's reads are the batch's): one attempt, its answer, its record
  return yield* Effect.forEach(
    items,
    (item) => Effect.exit(Effect.withSpan(one(item), "webhook.delivery", {
      root: true,
      kind: "producer",
      attributes: { "till.delivery.id": item.delivery },
      captureStackTrace: false
    })),
    { concurrency: "unbounded" }
  )
})

/**
 * Makes one attempt of a pending delivery and records it before answering: `attemptBatch` with one
 * item, failing as that item failed.
 */
export const attempt = Effect.fn("Delivery.attempt")(function*(deliveryId: string, options: AttemptOptions) {
  const [exit] = yield* attemptBatch([{ delivery: deliveryId, final: options.final, signal: options.signal }], options.timeoutMs)
  return yield* exit!
})
