/**
 * One delivery attempt: POST the event, signed, to its endpoint, and record what happened. The event
 * is sent as the API shows it (without the owning account, which Stripe reserves for Connect).
 */
import {
  DeliveryPrefix,
  type DeliveryStatus,
  type Event,
  EventRepository,
  hasCredentials,
  IdGenerator,
  nowSeconds,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Effect, Option } from "effect"
import { type Dispatcher, request } from "undici"
import * as AttemptError from "./AttemptError.ts"
import { headers } from "./Signature.ts"
import { WebhookTargets } from "./WebhookTargets.ts"

/** How an attempt ended: delivered, to be retried, given up, or nothing to do (already settled). */
export type Outcome = "succeeded" | "retry" | "failed" | "settled"

/** What one HTTP attempt got back. */
export interface Response {
  readonly status_code: number | null
  readonly latency_ms: number
  readonly error: string | null
}

/** The event as the API shows it: without `account`. */
export const wireEvent = (event: Event): Omit<Event, "account"> => {
  const { account: _account, ...rest } = event
  return rest
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

/**
 * Makes one attempt of a pending delivery and records it (time, status code, latency, error) before
 * answering. A delivery that is no longer pending is left alone, so a job that runs again after its
 * delivery succeeded (the worker died between the two) does not send it twice. A deleted or disabled
 * endpoint fails the delivery without sending anything. The request goes through the agent of the
 * endpoint's mode, which refuses an address that mode may not reach (`WebhookTargets`).
 */
export const attempt = Effect.fn("Delivery.attempt")(function*(deliveryId: string, options: AttemptOptions) {
  const deliveries = yield* WebhookDeliveryRepository
  const ids = yield* IdGenerator
  const found = yield* deliveries.findById(deliveryId)
  if (Option.isNone(found) || found.value.delivery.status !== "pending") return "settled" satisfies Outcome
  const delivery = found.value.delivery

  const record = (response: Response, status: DeliveryStatus) =>
    Effect.gen(function*() {
      yield* deliveries.recordAttempt({
        id: yield* ids.make(DeliveryPrefix.attempt),
        object: "webhook_delivery_attempt",
        delivery: delivery.id,
        created: yield* nowSeconds,
        ...response,
        succeeded: status === "succeeded"
      }, status)
    })

  const endpoint = yield* (yield* WebhookEndpointRepository).findById(delivery.webhook_endpoint)
  if (Option.isNone(endpoint) || endpoint.value.endpoint.status !== "enabled") {
    const why = Option.isNone(endpoint) ? "the webhook endpoint was deleted" : "the webhook endpoint is disabled"
    yield* record({ status_code: null, latency_ms: 0, error: `${why}: not sent` }, "failed")
    return "failed" satisfies Outcome
  }
  const event = yield* (yield* EventRepository).findById(delivery.event).pipe(
    Effect.flatMap(Option.match({
      // the delivery row references its event, so this cannot happen short of a broken database
      onNone: () => Effect.die(new Error(`event ${delivery.event} of delivery ${delivery.id} is missing`)),
      onSome: Effect.succeed
    }))
  )

  const { secret, endpoint: { livemode, url } } = endpoint.value
  // refused when created since; an older endpoint may still have credentials in its URL
  if (hasCredentials(url)) {
    yield* record({ status_code: null, latency_ms: 0, error: AttemptError.Phrase.urlNotAllowed }, options.final ? "failed" : "pending")
    return (options.final ? "failed" : "retry") satisfies Outcome
  }
  const agent = (yield* WebhookTargets).agent(livemode)
  const body = JSON.stringify(wireEvent(event))
  // receivers hold the timestamp against their own wall clock (5 minutes' tolerance): sign with the
  // moment of sending, whatever clock the rest of the program runs on
  const sentAt = Math.floor(Date.now() / 1000)
  const response = yield* post(url, headers(secret, event.id, sentAt, body), body, options.timeoutMs, agent, options.signal)
  const ok = response.status_code !== null && response.status_code >= 200 && response.status_code < 300
  yield* record(response, ok ? "succeeded" : options.final ? "failed" : "pending")
  return (ok ? "succeeded" : options.final ? "failed" : "retry") satisfies Outcome
})
