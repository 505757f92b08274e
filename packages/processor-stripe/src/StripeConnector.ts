/**
 * The Stripe connector (docs/processors.md): each attempt is one PaymentIntent, created and confirmed
 * in one request whose idempotency key is the attempt id, with Till's ids in its metadata
 * (`till_attempt`, `till_payment_intent`). Raw card data typed on Till's page becomes a PaymentMethod
 * first (Stripe.js cannot be loaded by the hosted page here): it passes through Till in memory and is
 * never stored or logged. Outcomes map to Till's by the intent's status; declines keep Stripe's own
 * `code` and `decline_code`. Anything whose outcome is unknown (a timeout, a 5xx, a lost connection)
 * is a defect, so the attempt stays unresolved and is reconciled through `retrieve`, which finds the
 * intent by its metadata and voids an attempt Stripe never received by burning its idempotency key.
 */
import {
  type AuthorizeOutcome,
  type ConnectorConfig,
  NotificationRejected,
  type PaymentError,
  type ProcessorConnector,
  type ProcessorNotification,
  type RefundOutcome,
  type RetrieveOutcome,
  type SettleOutcome,
  VOIDED_ATTEMPT
} from "@till/core"
import { Effect, Redacted } from "effect"
import Stripe from "stripe"
import { descriptor, NAME } from "./Descriptor.ts"

/** The Stripe calls the connector makes, by name: tests choose Prism's answer per call (`Prefer`). */
export type StripeCall =
  | "payment_methods.create"
  | "payment_intents.create"
  | "payment_intents.void"
  | "payment_intents.retrieve"
  | "payment_intents.search"
  | "payment_intents.cancel"
  | "payment_intents.capture"
  | "refunds.create"
  | "refunds.list"

/** How the connector's HTTP client is set up. */
export interface StripeConnectorOptions {
  /** Extra request headers per call; tests use it to pick the mock server's example (Prism's `Prefer`). */
  readonly headersFor?: (call: StripeCall) => Readonly<Record<string, string>> | undefined
  /** How long one request may take (ms); past it the outcome is unknown. Default 20 s. */
  readonly timeoutMs?: number
  /** Stripe's client retries network failures with the same idempotency key; default 1. */
  readonly maxNetworkRetries?: number
}

export { NAME } from "./Descriptor.ts"

/** The metadata keys that carry Till's ids to Stripe, and back in notifications and searches. */
export const META = { attempt: "till_attempt", paymentIntent: "till_payment_intent", refund: "till_refund", void: "till_void" } as const

/** An outcome Stripe did not give (a timeout, a 5xx, a lost answer): a defect, so reconciliation asks again later. */
export class OutcomeUnknown extends Error {
  constructor(call: StripeCall, cause: unknown) {
    super(`Stripe ${call}: outcome unknown (${cause instanceof Error ? cause.message : String(cause)})`)
    this.name = "OutcomeUnknown"
  }
}

type Intent = Stripe.PaymentIntent

const idOf = (value: string | { readonly id: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === "string" ? value : value.id

/** A PaymentError from Stripe's error object (on an intent or a thrown card error). */
const paymentErrorOf = (e: { readonly type?: string; readonly code?: string | null; readonly decline_code?: string | null; readonly message?: string | null }): PaymentError => ({
  type: e.type === "card_error" ? "card_error" : "api_error",
  code: e.code ?? (e.type === "card_error" ? "card_declined" : "processing_error"),
  decline_code: e.decline_code ?? null,
  message: e.message ?? "The payment was declined."
})

/** The card's brand, last four and expiry, from the expanded PaymentMethod (or what the shopper typed). */
const cardOf = (intent: Intent, typed: { readonly last4: string; readonly exp_month: number; readonly exp_year: number } | null, installments: number | null) => {
  const pm = typeof intent.payment_method === "object" && intent.payment_method !== null ? intent.payment_method : null
  const card = pm?.card
  return {
    brand: card?.brand ?? "unknown",
    last4: card?.last4 ?? typed?.last4 ?? "0000",
    exp_month: card?.exp_month ?? typed?.exp_month ?? 1,
    exp_year: card?.exp_year ?? typed?.exp_year ?? 1970,
    installments: installments === null ? null : { plan: { count: installments, interval: "month" as const, type: "fixed_count" as const } }
  }
}

/**
 * What an intent's status says of its attempt: approved (`succeeded`, or held with manual capture),
 * declined (`requires_payment_method` with an error), waiting for the shopper (`requires_action`), or
 * still undecided (`processing`, `requires_confirmation`: undefined, the caller decides).
 */
export const outcomeOfIntent = (
  intent: Intent,
  typed: { readonly last4: string; readonly exp_month: number; readonly exp_year: number } | null = null,
  installments: number | null = null
): AuthorizeOutcome | "canceled" | undefined => {
  const pm = idOf(intent.payment_method)
  switch (intent.status) {
    case "succeeded":
    case "requires_capture":
      return { _tag: "Succeeded", payment_method: pm ?? `pm_stripe_${intent.id}`, card: cardOf(intent, typed, installments) }
    case "requires_payment_method":
      return intent.last_payment_error === null || intent.last_payment_error === undefined
        ? undefined
        : { _tag: "Failed", payment_method: pm, error: paymentErrorOf(intent.last_payment_error) }
    case "requires_action": {
      const next = intent.next_action
      if (next?.type === "redirect_to_url" && next.redirect_to_url?.url) {
        return {
          _tag: "RequiresAction",
          payment_method: pm,
          next_action: { type: "redirect_to_url", redirect_to_url: { url: next.redirect_to_url.url, return_url: next.redirect_to_url.return_url ?? null } }
        }
      }
      // an action the page cannot follow (Stripe.js's own): nothing was taken; the attempt fails so the shopper can try again
      return {
        _tag: "Failed",
        payment_method: pm,
        error: { type: "card_error", code: "authentication_required", decline_code: "authentication_required", message: "Your card needs an authentication this page cannot perform." }
      }
    }
    case "canceled":
      return "canceled"
    default:
      return undefined
  }
}

/** The refund's outcome: `pending` (and Stripe's `requires_action`) may still change; `succeeded`, `failed` and `canceled` are final here (a later failure comes as a notification). */
export const outcomeOfRefund = (refund: Stripe.Refund): RefundOutcome => {
  const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending"
  return { _tag: "Refund", status, failure_reason: status === "failed" ? refund.failure_reason ?? "unknown" : null, final: status !== "pending" }
}

/** The Stripe connector; `options` set up its HTTP client (tests: the mock server's examples). */
export const make = (options: StripeConnectorOptions = {}): ProcessorConnector => {
  const clients = new Map<string, Stripe>()
  const clientOf = (config: ConnectorConfig): Stripe => {
    const key = Redacted.value(config.credentials.secret_key ?? Redacted.make(""))
    const base = config.options.base_url
    const cacheKey = `${key}\u0000${base ?? ""}`
    const found = clients.get(cacheKey)
    if (found !== undefined) return found
    const url = base === undefined ? undefined : new URL(base)
    const client = new Stripe(key, {
      maxNetworkRetries: options.maxNetworkRetries ?? 1,
      timeout: options.timeoutMs ?? 20_000,
      telemetry: false,
      ...(url === undefined ? {} : { host: url.hostname, port: url.port || (url.protocol === "https:" ? 443 : 80), protocol: url.protocol === "https:" ? "https" : "http" })
    })
    clients.set(cacheKey, client)
    return client
  }
  const requestOptions = (call: StripeCall, idempotencyKey?: string): Stripe.RequestOptions => {
    const headers = options.headersFor?.(call)
    return { ...(idempotencyKey === undefined ? {} : { idempotencyKey }), ...(headers === undefined ? {} : { headers: { ...headers } }) }
  }

  type Answer<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: Stripe.errors.StripeError }
  /**
   * One Stripe call. A Stripe error that says what happened (a decline, a refused request) is
   * answered; anything else (a timeout, a 5xx, a rate limit, a lost connection) is a defect: the
   * outcome is unknown and must be asked about later.
   */
  const call = <A>(name: StripeCall, run: () => Promise<A>): Effect.Effect<Answer<A>> =>
    Effect.tryPromise({ try: run, catch: (e) => e }).pipe(
      Effect.map((value): Answer<A> => ({ ok: true, value })),
      Effect.catch((e) => {
        if (e instanceof Stripe.errors.StripeCardError || e instanceof Stripe.errors.StripeInvalidRequestError || e instanceof Stripe.errors.StripeIdempotencyError) {
          return Effect.succeed<Answer<A>>({ ok: false, error: e })
        }
        if ((e instanceof Stripe.errors.StripeAuthenticationError || e instanceof Stripe.errors.StripePermissionError)) {
          return Effect.succeed<Answer<A>>({ ok: false, error: e })
        }
        return Effect.die(new OutcomeUnknown(name, e))
      })
    )
  const unknown = (name: StripeCall, why: string) => Effect.die(new OutcomeUnknown(name, why))

  /** The intent of an attempt, by its metadata (Stripe's search); none when Stripe has no such intent (yet). */
  const findIntent = (config: ConnectorConfig, field: string, value: string) =>
    Effect.flatMap(
      call("payment_intents.search", () =>
        clientOf(config).paymentIntents.search({ query: `metadata['${field}']:'${value.replace(/'/g, "")}'`, limit: 10, expand: ["data.payment_method"] }, requestOptions("payment_intents.search"))),
      // the query names the exact value: its first result is the intent
      (answer) => answer.ok ? Effect.succeed(answer.value.data[0] ?? null) : unknown("payment_intents.search", answer.error.message)
    )

  /** What a Stripe error on a payment request means for the attempt. */
  const failedAuthorization = (error: Stripe.errors.StripeError): AuthorizeOutcome => {
    if (error instanceof Stripe.errors.StripeCardError) {
      return { _tag: "Failed", payment_method: idOf((error.payment_method as { id: string } | undefined) ?? null), error: paymentErrorOf({ type: "card_error", code: error.code ?? null, decline_code: error.decline_code ?? null, message: error.message }) }
    }
    // the attempt id was used by reconciliation to void the attempt: this request may never charge
    if (error instanceof Stripe.errors.StripeIdempotencyError) return VOIDED_ATTEMPT
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      return { _tag: "Rejected", param: error.param === "payment_method" ? "payment_method" : "payment_method", code: error.code ?? "parameter_invalid", message: error.message }
    }
    // the account's key was refused: nothing was tried, and it is not the card's fault
    return { _tag: "Failed", payment_method: null, error: { type: "api_error", code: "processor_authentication_failed", decline_code: null, message: "The payment processor refused this account's credentials." } }
  }

  const authorize: ProcessorConnector["authorize"] = (config, request) =>
    Effect.gen(function*() {
      const stripe = clientOf(config)
      const method = request.method
      let paymentMethod: string
      let typed: { last4: string; exp_month: number; exp_year: number } | null = null
      if (method.type === "card") {
        const number = Redacted.value(method.number).replace(/[\s-]/g, "")
        typed = { last4: number.slice(-4), exp_month: method.exp_month, exp_year: method.exp_year < 100 ? 2000 + method.exp_year : method.exp_year }
        const created = yield* call("payment_methods.create", () =>
          stripe.paymentMethods.create({
            type: "card",
            card: {
              number,
              exp_month: method.exp_month,
              exp_year: typed!.exp_year,
              ...(method.cvc === null ? {} : { cvc: Redacted.value(method.cvc) })
            }
          }, requestOptions("payment_methods.create", `${request.attempt_id}:payment_method`)))
        if (!created.ok) return failedAuthorization(created.error)
        paymentMethod = created.value.id
      } else if (method.type === "processor_token") {
        if (method.processor !== NAME) return { _tag: "Rejected", param: "processor_token[processor]", code: "parameter_invalid", message: `This account takes payments through Stripe, not ${method.processor}.` }
        paymentMethod = Redacted.value(method.data)
      } else {
        paymentMethod = method.token
      }
      const created = yield* call("payment_intents.create", () =>
        stripe.paymentIntents.create({
          amount: request.amount,
          currency: request.currency,
          payment_method: paymentMethod,
          confirm: true,
          capture_method: request.capture === "manual" ? "manual" : "automatic",
          // 3-D Secure as a redirect the hosted page can follow, not Stripe.js's own flow
          use_stripe_sdk: false,
          ...(request.return_url === null || request.return_url === undefined ? {} : { return_url: request.return_url }),
          metadata: { [META.attempt]: request.attempt_id, [META.paymentIntent]: request.payment_intent },
          expand: ["payment_method"]
        }, requestOptions("payment_intents.create", request.attempt_id)))
      if (!created.ok) return failedAuthorization(created.error)
      const outcome = outcomeOfIntent(created.value, typed, request.installments)
      if (outcome === undefined || outcome === "canceled") return yield* unknown("payment_intents.create", `intent ${created.value.id} is ${created.value.status}`)
      return outcome
    })

  /** Cancels an intent still waiting (void), and answers what it then is: canceled (never taken) or what it became meanwhile. */
  const voidIntent = (config: ConnectorConfig, intent: Intent): Effect.Effect<RetrieveOutcome> =>
    Effect.gen(function*() {
      const canceled = yield* call("payment_intents.cancel", () =>
        clientOf(config).paymentIntents.cancel(intent.id, { expand: ["payment_method"] }, requestOptions("payment_intents.cancel", `${intent.metadata?.[META.attempt] ?? intent.id}:void`)))
      if (canceled.ok) {
        const outcome = outcomeOfIntent(canceled.value)
        if (outcome === "canceled") return { _tag: "NotFound" }
        if (outcome !== undefined && outcome._tag !== "Rejected") return outcome
        return yield* unknown("payment_intents.cancel", `intent ${intent.id} is ${canceled.value.status}`)
      }
      // it moved on meanwhile (approved, declined): read it again
      const again = yield* call("payment_intents.retrieve", () =>
        clientOf(config).paymentIntents.retrieve(intent.id, { expand: ["payment_method"] }, requestOptions("payment_intents.retrieve")))
      const outcome = again.ok ? outcomeOfIntent(again.value) : undefined
      if (outcome === "canceled") return { _tag: "NotFound" }
      if (outcome === undefined || outcome._tag === "Rejected" || outcome._tag === "RequiresAction") return yield* unknown("payment_intents.cancel", canceled.error.message)
      return outcome
    })

  const retrieve: ProcessorConnector["retrieve"] = (config, request) =>
    Effect.gen(function*() {
      const final = request.final ?? true
      const found = yield* findIntent(config, META.attempt, request.attempt_id)
      if (found !== null) {
        const outcome = outcomeOfIntent(found)
        if (outcome === "canceled") return { _tag: "NotFound" }
        if (outcome !== undefined && outcome._tag !== "Rejected" && (outcome._tag !== "RequiresAction" || !final)) return outcome
        if (found.status === "processing") return yield* unknown("payment_intents.search", `intent ${found.id} is processing`)
        // still waiting for the shopper (or never confirmed), and the caller wants an end: void it
        return yield* voidIntent(config, found)
      }
      // Not found (or not searchable yet): burn the attempt id as an idempotency key with a voided
      // intent, so the original request, should it still arrive, is refused. If the original did
      // reach Stripe, the key's parameters differ and Stripe says so: ask again later.
      const burned = yield* call("payment_intents.void", () =>
        clientOf(config).paymentIntents.create({
          amount: 100,
          currency: "usd",
          metadata: { [META.attempt]: request.attempt_id, [META.void]: "true" }
        }, requestOptions("payment_intents.void", request.attempt_id)))
      if (!burned.ok) return yield* unknown("payment_intents.void", `attempt ${request.attempt_id} exists but is not searchable yet (${burned.error.message})`)
      if (burned.value.metadata?.[META.void] !== "true") {
        const outcome = outcomeOfIntent(burned.value)
        if (outcome === "canceled") return { _tag: "NotFound" }
        if (outcome !== undefined && outcome._tag !== "Rejected" && outcome._tag !== "RequiresAction") return outcome
      }
      return yield* voidIntent(config, burned.value)
    })

  const completeAction: ProcessorConnector["completeAction"] = (config, request) =>
    Effect.gen(function*() {
      // Stripe appends the intent's id to the return URL; it counts only if it is this attempt's
      // intent (else anyone could complete a session with another payment's id): the attempt's
      // metadata finds it otherwise
      const given = request.params.payment_intent
      let intent: Intent | null = null
      if (given !== undefined && /^pi_[A-Za-z0-9_]+$/.test(given)) {
        const read = yield* call("payment_intents.retrieve", () =>
          clientOf(config).paymentIntents.retrieve(given, { expand: ["payment_method"] }, requestOptions("payment_intents.retrieve")))
        if (read.ok && read.value.metadata?.[META.attempt] === request.attempt_id) intent = read.value
      }
      if (intent === null) intent = yield* findIntent(config, META.attempt, request.attempt_id)
      if (intent === null) return { _tag: "Rejected", param: "payment_intent", code: "resource_missing", message: "No Stripe payment for this attempt yet." }
      const outcome = outcomeOfIntent(intent)
      if (outcome === "canceled") return VOIDED_ATTEMPT
      if (outcome === undefined) return yield* unknown("payment_intents.retrieve", `intent ${intent.id} is ${intent.status}`)
      return outcome
    })

  /** Stripe's intent of Till's payment intent, which must exist (it was approved). */
  const intentOfPayment = (config: ConnectorConfig, paymentIntent: string, call: StripeCall) =>
    Effect.flatMap(findIntent(config, META.paymentIntent, paymentIntent), (found) => found === null ? unknown(call, `no Stripe intent for ${paymentIntent} yet`) : Effect.succeed(found))

  const settle: ProcessorConnector["settle"] = (config, request) =>
    Effect.gen(function*() {
      const intent = yield* intentOfPayment(config, request.payment_intent, request.action._tag === "Capture" ? "payment_intents.capture" : "payment_intents.cancel")
      const key = `${request.payment_intent}:settlement`
      const stripe = clientOf(config)
      const answer = request.action._tag === "Capture"
        ? yield* call("payment_intents.capture", () => stripe.paymentIntents.capture(intent.id, { amount_to_capture: (request.action as { amount: number }).amount }, requestOptions("payment_intents.capture", key)))
        : yield* call("payment_intents.cancel", () => stripe.paymentIntents.cancel(intent.id, {}, requestOptions("payment_intents.cancel", key)))
      // another request settled it first (same key, other call): read what it did
      const settled = answer.ok ? answer.value : yield* Effect.flatMap(
        call("payment_intents.retrieve", () => stripe.paymentIntents.retrieve(intent.id, {}, requestOptions("payment_intents.retrieve"))),
        (read) => read.ok ? Effect.succeed(read.value) : unknown("payment_intents.retrieve", read.error.message)
      )
      const replayed = !answer.ok || answer.value.lastResponse?.headers?.["idempotent-replayed"] === "true"
      const reference = replayed ? `stripe:${settled.id}` : request.reference
      if (settled.status === "succeeded") return { _tag: "Captured", reference, amount: settled.amount_received } satisfies SettleOutcome
      if (settled.status === "canceled") {
        return { _tag: "Released", reference, reason: request.action._tag === "Release" && !replayed ? request.action.reason : null } satisfies SettleOutcome
      }
      return yield* unknown("payment_intents.capture", `intent ${settled.id} is ${settled.status}`)
    })

  const refund: ProcessorConnector["refund"] = (config, request) =>
    Effect.gen(function*() {
      const intent = yield* intentOfPayment(config, request.payment_intent, "refunds.create")
      const reason = request.reason === "duplicate" || request.reason === "fraudulent" || request.reason === "requested_by_customer" ? request.reason : undefined
      const made = yield* call("refunds.create", () =>
        clientOf(config).refunds.create({
          payment_intent: intent.id,
          amount: request.amount,
          ...(reason === undefined ? {} : { reason }),
          metadata: { [META.refund]: request.refund_id, [META.paymentIntent]: request.payment_intent }
        }, requestOptions("refunds.create", request.refund_id)))
      if (!made.ok) return { _tag: "Refund", status: "failed", failure_reason: made.error.code ?? "declined", final: true } satisfies RefundOutcome
      return outcomeOfRefund(made.value)
    })

  const retrieveRefund: ProcessorConnector["retrieveRefund"] = (config, request) =>
    Effect.gen(function*() {
      if (request.payment_intent === undefined) return yield* unknown("refunds.list", `refund ${request.refund_id} without its payment intent`)
      const intent = yield* findIntent(config, META.paymentIntent, request.payment_intent)
      if (intent === null) return { _tag: "NotFound" as const }
      const listed = yield* call("refunds.list", () => clientOf(config).refunds.list({ payment_intent: intent.id, limit: 100 }, requestOptions("refunds.list")))
      if (!listed.ok) return yield* unknown("refunds.list", listed.error.message)
      const found = listed.value.data.find((r) => r.metadata?.[META.refund] === request.refund_id)
      return found === undefined ? { _tag: "NotFound" as const } : outcomeOfRefund(found)
    })

  const parseNotification: ProcessorConnector["parseNotification"] = (config, request) =>
    Effect.gen(function*() {
      const secret = config.credentials.webhook_secret
      if (secret === undefined) return yield* new NotificationRejected({ processor: NAME, reason: "no webhook_secret is configured" })
      const event = yield* Effect.try({
        try: () => clientOf(config).webhooks.constructEvent(request.body, request.headers["stripe-signature"] ?? "", Redacted.value(secret)),
        catch: () => new NotificationRejected({ processor: NAME, reason: "the Stripe-Signature header does not verify" })
      })
      const notifications: Array<ProcessorNotification> = []
      const object = event.data.object as unknown as { readonly object?: string; readonly metadata?: Record<string, string> }
      const meta = object.metadata ?? {}
      if (object.object === "payment_intent" && meta[META.attempt] !== undefined && meta[META.paymentIntent] !== undefined && meta[META.void] === undefined) {
        const outcome = outcomeOfIntent(object as Intent)
        if (outcome !== undefined && outcome !== "canceled" && outcome._tag !== "Rejected") {
          notifications.push({ _tag: "Attempt", attempt_id: meta[META.attempt]!, payment_intent: meta[META.paymentIntent]!, outcome })
        }
      } else if (object.object === "refund" && meta[META.refund] !== undefined) {
        notifications.push({ _tag: "Refund", refund_id: meta[META.refund]!, outcome: outcomeOfRefund(object as Stripe.Refund) })
      }
      return { notifications, reply: { contentType: "application/json", body: JSON.stringify({ received: true }) } }
    })

  return {
    ...descriptor,
    authorize,
    retrieve,
    completeAction,
    settle,
    refund,
    retrieveRefund,
    parseNotification
  }
}
