/**
 * One delivery attempt: POST the event, signed, to its endpoint, and record what happened. The event
 * is sent as the API shows it (without the owning account, which Stripe reserves for Connect).
 */
import {
  DeliveryPrefix,
  type DeliveryStatus,
  type Event,
  EventRepository,
  IdGenerator,
  nowSeconds,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Effect, Option } from "effect"
import { headers } from "./Signature.ts"

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

/** Why a request got no response, in a line an operator can act on. */
const describe = (error: unknown, timeoutMs: number): string => {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e.name === "TimeoutError") return `no response within ${timeoutMs / 1000} s`
  if (e.name === "AbortError") return "aborted: the worker is stopping"
  const cause = e.cause?.message ?? e.cause?.code
  return (cause === undefined ? String(e.message ?? error) : `${e.message ?? "request failed"}: ${cause}`).slice(0, 500)
}

/** POSTs `body`; never fails: a network error or a timeout is a response without a status code. */
export const post = (url: string, requestHeaders: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal) =>
  Effect.promise(async (): Promise<Response> => {
    const started = performance.now()
    const timeout = AbortSignal.timeout(timeoutMs)
    const latency = () => Math.round(performance.now() - started)
    try {
      // redirects are not followed: a receiver answers itself, as Stripe requires
      const response = await fetch(url, {
        method: "POST",
        headers: requestHeaders,
        body,
        redirect: "manual",
        signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal])
      })
      const latency_ms = latency()
      await response.body?.cancel().catch(() => undefined)
      return { status_code: response.status, latency_ms, error: null }
    } catch (error) {
      return { status_code: null, latency_ms: latency(), error: describe(error, timeoutMs) }
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
 * endpoint fails the delivery without sending anything.
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

  const body = JSON.stringify(wireEvent(event))
  const { secret, endpoint: { url } } = endpoint.value
  // receivers hold the timestamp against their own wall clock (5 minutes' tolerance): sign with the
  // moment of sending, whatever clock the rest of the program runs on
  const sentAt = Math.floor(Date.now() / 1000)
  const response = yield* post(url, headers(secret, event.id, sentAt, body), body, options.timeoutMs, options.signal)
  const ok = response.status_code !== null && response.status_code >= 200 && response.status_code < 300
  yield* record(response, ok ? "succeeded" : options.final ? "failed" : "pending")
  return (ok ? "succeeded" : options.final ? "failed" : "retry") satisfies Outcome
})
