/**
 * The Adyen connector: Till's payment-processor port on Adyen's Checkout API v71, through Adyen's
 * official Node library (docs/processors-adyen.md).
 *
 * - `authorize`: POST /payments, `reference` (Adyen's merchantReference) and `Idempotency-Key` both
 *   the attempt id, the payment intent in `metadata` (so notifications name it). 3-D Secure is asked
 *   for as a redirect (`nativeThreeDS: disabled`), which Till's `next_action.redirect_to_url` carries.
 * - `completeAction`: POST /payments/details with what Adyen put on the return URL.
 *   An attempt still waiting for its action when reconciliation asks for an end (`final`) is voided
 *   by the technical cancel below and answered `NotFound`.
 * - `retrieve`: Adyen has no GET for a payment by merchantReference in the Checkout API, so the
 *   connector re-sends POST /payments under the attempt's idempotency key with a probe that can
 *   never be authorised (a zero amount and card fields that cannot be decrypted). Adyen answers a
 *   known key with the first request's response, whatever the body: that is the outcome. An unknown
 *   key gets the probe processed, which Adyen refuses (422): the attempt never reached Adyen, and the
 *   key is now taken by a refusal. To make `NotFound` final even so, the connector then voids the
 *   reference with a technical cancel (POST /cancels by merchantReference), which cancels any
 *   authorisation that might still arrive under it. A replay shows only the first answer, so an
 *   approval that came later (a redirect's return, a notification) is answered from what the
 *   connector kept of it.
 * - `settle`: POST /payments/{pspReference}/captures or /cancels, keyed by the payment intent.
 * - `refund` / `retrieveRefund`: POST /payments/{pspReference}/refunds, `reference` and
 *   `Idempotency-Key` the refund id; Adyen answers `received`, and the REFUND notification decides.
 *
 * Unknown outcomes (timeouts, 5xx, `Pending`/`Received`, "request in progress") are defects, never
 * `Failed`: the attempt stays unresolved until a notification or reconciliation settles it.
 */
import Adyen from "@adyen/api-library"
import { Effect, Option } from "effect"
import { createHash } from "node:crypto"
import { type AdyenReferences, memoryReferences } from "./AdyenReferences.ts"
import { type AdyenSettings, apiKeyOf, settingsOf } from "./AdyenSettings.ts"
import { descriptor, settingsProblem } from "./Descriptor.ts"
import * as Notifications from "./Notifications.ts"
import { methodOf } from "./PaymentMethod.ts"
import type {
  AuthorizeOutcome,
  CardDetails,
  ConnectorConfig,
  NextAction,
  ProcessorConnector,
  RefundOutcome,
  RetrieveOutcome,
  SettleOutcome
} from "./Port.ts"
import { brandOf, expiryOf, processorError, refusalError, resultKind } from "./ResultMapping.ts"
import { AdyenHttpError, AdyenUnreachable, fetchTransport, libraryClient, type Transport } from "./Transport.ts"

export { CARD_SCRIPT, CARD_STYLESHEET, NAME, WEB_HOSTS } from "./Descriptor.ts"

/** Adyen's answer to /payments or /payments/details, the fields the connector reads. */
export interface PaymentAnswer {
  readonly resultCode?: string
  readonly pspReference?: string
  readonly merchantReference?: string
  readonly refusalReason?: string
  readonly refusalReasonCode?: string
  readonly paymentMethod?: { readonly brand?: string; readonly type?: string }
  readonly additionalData?: Readonly<Record<string, string>>
  readonly action?: { readonly type?: string; readonly url?: string; readonly method?: string }
}

/** The metadata key that carries Till's payment intent to Adyen and back in notifications. */
export const PAYMENT_INTENT_METADATA = "till_payment_intent"

/** Adyen's error code for "the request with this idempotency key is still being processed". */
const IN_PROGRESS = "704"

/** The payment method id Till records for an attempt (as the test processor makes it). */
export const paymentMethodId = (attempt_id: string) => `pm_${attempt_id.slice(attempt_id.indexOf("_") + 1)}`

/** What the connector knew of the card before asking (raw cards only); Adyen's additional data wins. */
interface KnownCard {
  readonly last4: string | null
  readonly expiry: { readonly exp_month: number; readonly exp_year: number } | null
}

/** The card details Till may keep, from Adyen's answer (`cardSummary`, `expiryDate`, brand) or what Till saw. */
export const cardOf = (answer: PaymentAnswer, known: KnownCard, installments: number | null): CardDetails => {
  const data = answer.additionalData ?? {}
  const expiry = data.expiryDate !== undefined ? expiryOf(data.expiryDate) : known.expiry ?? expiryOf(undefined)
  return {
    brand: brandOf(answer.paymentMethod?.brand ?? data.paymentMethod ?? data.cardPaymentMethod),
    last4: data.cardSummary ?? known.last4 ?? "",
    exp_month: expiry.exp_month,
    exp_year: expiry.exp_year,
    installments: installments === null ? null : { plan: { count: installments, interval: "month", type: "fixed_count" } }
  }
}

/** An Adyen action as Till's `next_action`, or null when Till cannot carry it (a POST redirect, a native 3-D Secure step). */
export const nextActionOf = (action: PaymentAnswer["action"], returnUrl: string | null): NextAction | null => {
  if (action === undefined || action.url === undefined) return null
  if (action.type !== "redirect" || (action.method !== undefined && action.method !== "GET")) return null
  return { type: "redirect_to_url", redirect_to_url: { url: action.url, return_url: returnUrl } }
}

/** Thrown (as a defect) when Adyen's answer does not settle the attempt: it stays unresolved. */
export class AdyenOutcomeUnknown extends Error {
  override readonly name = "AdyenOutcomeUnknown"
}

/**
 * What one /payments or /payments/details answer means for the attempt; `Unknown` for an answer
 * that decides nothing yet.
 */
export const outcomeOfAnswer = (
  answer: PaymentAnswer,
  context: { readonly attempt_id: string; readonly known: KnownCard; readonly installments: number | null; readonly returnUrl: string | null }
): AuthorizeOutcome | { readonly _tag: "Unknown"; readonly reason: string } => {
  const pm = paymentMethodId(context.attempt_id)
  switch (resultKind(answer.resultCode)) {
    case "Approved":
      return { _tag: "Succeeded", payment_method: pm, card: cardOf(answer, context.known, context.installments) }
    case "Declined":
      return { _tag: "Failed", payment_method: pm, error: refusalError(answer.refusalReasonCode, answer.refusalReason ?? answer.resultCode) }
    case "Error":
      return { _tag: "Failed", payment_method: pm, error: processorError("processing_error", answer.refusalReason) }
    case "Action": {
      const next = nextActionOf(answer.action, context.returnUrl)
      return next === null
        ? { _tag: "Unknown", reason: `Adyen asked for an action Till cannot follow (${answer.action?.type ?? "none"} ${answer.action?.method ?? ""})` }
        : { _tag: "RequiresAction", payment_method: pm, next_action: next }
    }
    case "Unknown":
      return { _tag: "Unknown", reason: `Adyen has not decided yet (resultCode ${answer.resultCode ?? "missing"})` }
  }
}

/** Adyen's validation error codes about the card itself, refused with Stripe's codes (nothing was tried). */
const VALIDATION_CODES: Readonly<Record<string, string>> = {
  "101": "incorrect_number",
  "102": "incorrect_number",
  "103": "invalid_cvc",
  "129": "invalid_expiry_month",
  "130": "invalid_expiry_month",
  "174": "invalid_processor_token"
}

/** Options of {@link make}. */
export interface AdyenConnectorOptions {
  /** How requests reach Adyen (tests add Prism's `Prefer` header, or lose an answer). */
  readonly transport?: Transport
  /** Where Adyen's references are remembered (default: this process's memory). */
  readonly references?: AdyenReferences
}

/** The Adyen connector (see the module comment). */
export const make = (options: AdyenConnectorOptions = {}): ProcessorConnector => {
  const transport = options.transport ?? fetchTransport
  const references = options.references ?? memoryReferences()

  const apiOf = (settings: AdyenSettings) => {
    const client = new Adyen.Client(
      { apiKey: "sent-by-till-transport", environment: Adyen.EnvironmentEnum.TEST },
      libraryClient({ endpoint: settings.endpoint, apiKey: () => apiKeyOf(settings), timeoutMs: settings.timeoutMs, transport })
    )
    return new Adyen.CheckoutAPI(client)
  }

  /** Reads the settings; a misconfigured account is a defect here (`authorize` refuses it first, so no attempt of it exists). */
  const withSettings = <A>(config: ConnectorConfig, f: (settings: AdyenSettings, api: Adyen.CheckoutAPI) => Effect.Effect<A>) =>
    Effect.suspend(() => {
      const settings = settingsOf(config)
      return f(settings, apiOf(settings))
    })

  const call = <A>(f: () => Promise<A>) =>
    Effect.tryPromise({ try: f, catch: (e) => e as AdyenHttpError | AdyenUnreachable | Error })

  const unknown = (reason: string) => Effect.die(new AdyenOutcomeUnknown(reason))

  /**
   * Remembers an approval's pspReference under its payment intent, for captures, cancels and refunds;
   * the intent and currency are the attempt's, recorded before it was sent.
   */
  const remember = (answer: PaymentAnswer, outcome: AuthorizeOutcome, attempt_id: string) =>
    outcome._tag !== "Succeeded" || answer.pspReference === undefined
      ? Effect.void
      : Effect.flatMap(references.attemptOf(attempt_id), (found) =>
        Option.isNone(found)
          ? Effect.void
          : references.rememberAuthorisation({
            ...found.value,
            attempt_id,
            psp_reference: answer.pspReference!,
            approval: { payment_method: outcome.payment_method, card: outcome.card }
          }))

  /**
   * The approval of an attempt that went past its first answer (a redirect's return through
   * /payments/details, or the AUTHORISATION notification), which replaying /payments cannot show:
   * Adyen answers the key with the first response, the redirect.
   */
  const laterApproval = (attempt_id: string) =>
    Effect.flatMap(references.attemptOf(attempt_id), (found) =>
      Option.isNone(found)
        ? Effect.succeed(Option.none<AuthorizeOutcome>())
        : Effect.map(references.authorisationOf(found.value.payment_intent), (auth) =>
          Option.flatMap(auth, (a) =>
            a.attempt_id === attempt_id && a.approval !== undefined
              ? Option.some<AuthorizeOutcome>({ _tag: "Succeeded", payment_method: a.approval.payment_method, card: a.approval.card })
              : Option.none())))

  /** Voids an attempt's reference: Adyen cancels whatever authorisation exists or arrives under it. */
  const technicalCancel = (settings: AdyenSettings, api: Adyen.CheckoutAPI, attempt_id: string) =>
    call(() =>
      api.ModificationsApi.cancelAuthorisedPayment(
        { merchantAccount: settings.merchantAccount, paymentReference: attempt_id, reference: `${attempt_id}:void` },
        { idempotencyKey: `${attempt_id}:void` }
      )
    ).pipe(Effect.catch((e) => unknown(`the technical cancel of ${attempt_id} failed: ${e.message}`)))

  const connector: ProcessorConnector = {
    ...descriptor,

    authorize: (config, request) => {
      // a misconfigured account charges nothing: refused before anything is sent, naming the setting
      const invalid = settingsProblem(config)
      if (invalid !== null) {
        return Effect.succeed<AuthorizeOutcome>({ _tag: "Rejected", param: "processor_settings", code: "processor_misconfigured", message: invalid })
      }
      return withSettings(config, (settings, api) => {
        const method = methodOf(request.method, settings.acceptRawCards)
        if (method._tag === "Refused") {
          return Effect.succeed<AuthorizeOutcome>({ _tag: "Rejected", param: "payment_method", code: method.code, message: method.message })
        }
        const returnUrl = request.return_url ?? null
        const additionalData: Record<string, string> = request.capture === "manual" ? { manualCapture: "true" } : {}
        // before anything reaches Adyen: an approval learned only later still finds its payment intent
        return references.rememberAttempt(request.attempt_id, { payment_intent: request.payment_intent, currency: request.currency }).pipe(Effect.andThen(call(() =>
          api.PaymentsApi.payments(
            {
              merchantAccount: settings.merchantAccount,
              reference: request.attempt_id,
              amount: { currency: request.currency.toUpperCase(), value: request.amount },
              paymentMethod: method.method as never,
              returnUrl: returnUrl ?? settings.returnUrl,
              metadata: { [PAYMENT_INTENT_METADATA]: request.payment_intent },
              channel: "Web" as never,
              shopperInteraction: "Ecommerce" as never,
              authenticationData: { threeDSRequestData: { nativeThreeDS: "disabled" as never } },
              ...(Object.keys(additionalData).length > 0 ? { additionalData } : {}),
              ...(request.installments !== null && request.installments > 1 ? { installments: { value: request.installments } } : {})
            },
            { idempotencyKey: request.attempt_id }
          )
        ).pipe(
          Effect.matchEffect({
            onFailure: (e): Effect.Effect<AuthorizeOutcome> => {
              if (e instanceof AdyenHttpError && (e.status === 400 || e.status === 422) && e.body.errorCode !== IN_PROGRESS) {
                return Effect.succeed({
                  _tag: "Rejected",
                  param: "payment_method",
                  code: VALIDATION_CODES[e.body.errorCode ?? ""] ?? "processor_invalid_request",
                  message: `Adyen refused the request: ${e.body.message ?? e.message}`
                })
              }
              if (e instanceof AdyenHttpError && (e.status === 401 || e.status === 403)) {
                // nothing was tried: Adyen refused Till's credentials
                return Effect.succeed({ _tag: "Failed", payment_method: null, error: processorError("processor_authentication_failed", e.body.message ?? `HTTP ${e.status}`) })
              }
              return unknown(e.message)
            },
            onSuccess: (answer) => {
              const outcome = outcomeOfAnswer(answer as PaymentAnswer, {
                attempt_id: request.attempt_id,
                known: { last4: method.last4, expiry: method.expiry },
                installments: request.installments,
                returnUrl
              })
              if (outcome._tag === "Unknown") return unknown(outcome.reason)
              return Effect.as(remember(answer as PaymentAnswer, outcome, request.attempt_id), outcome)
            }
          })
        )))
      })
    },

    completeAction: (config, request) =>
      withSettings(config, (_settings, api) => {
        // only what Adyen puts on the return URL, never anything else the URL carried
        const details: Record<string, string> = {}
        for (const key of ["redirectResult", "payload", "threeDSResult", "MD", "PaRes"]) {
          const value = request.params[key]
          if (value !== undefined) details[key] = value
        }
        if (Object.keys(details).length === 0) {
          return Effect.succeed<AuthorizeOutcome>({ _tag: "Rejected", param: "redirectResult", code: "parameter_missing", message: "Adyen's return carried no `redirectResult`." })
        }
        // one key per return: a retry of the same return is answered once; another return (a corrected one) is its own request
        const digest = createHash("sha256").update(JSON.stringify(details)).digest("hex").slice(0, 16)
        return call(() => api.PaymentsApi.paymentsDetails({ details }, { idempotencyKey: `${request.attempt_id}:details:${digest}` })).pipe(
          Effect.matchEffect({
            onFailure: (e): Effect.Effect<AuthorizeOutcome> =>
              e instanceof AdyenHttpError && e.status === 422 && e.body.errorCode !== IN_PROGRESS
                ? Effect.succeed({ _tag: "Rejected", param: "redirectResult", code: "processor_invalid_request", message: `Adyen refused the details: ${e.body.message ?? e.message}` })
                : unknown(e.message),
            onSuccess: (answer) => {
              const outcome = outcomeOfAnswer(answer as PaymentAnswer, { attempt_id: request.attempt_id, known: { last4: null, expiry: null }, installments: null, returnUrl: null })
              if (outcome._tag === "Unknown") return unknown(outcome.reason)
              return Effect.as(remember(answer as PaymentAnswer, outcome, request.attempt_id), outcome)
            }
          })
        )
      }),

    retrieve: (config, attempt) =>
      withSettings(config, (settings, api) =>
        call(() =>
          api.PaymentsApi.payments(
            {
              merchantAccount: settings.merchantAccount,
              reference: attempt.attempt_id,
              amount: { currency: "EUR", value: 0 },
              paymentMethod: {
                type: "scheme",
                encryptedCardNumber: "till-reconciliation-probe",
                encryptedExpiryMonth: "till-reconciliation-probe",
                encryptedExpiryYear: "till-reconciliation-probe",
                encryptedSecurityCode: "till-reconciliation-probe"
              } as never,
              returnUrl: settings.returnUrl
            },
            { idempotencyKey: attempt.attempt_id }
          )
        ).pipe(
          Effect.matchEffect({
            onFailure: (e): Effect.Effect<RetrieveOutcome> =>
              e instanceof AdyenHttpError && (e.status === 400 || e.status === 422) && e.body.errorCode !== IN_PROGRESS
                ? Effect.as(technicalCancel(settings, api, attempt.attempt_id), { _tag: "NotFound" } as const)
                : unknown(e.message),
            onSuccess: (answer): Effect.Effect<RetrieveOutcome> => {
              const outcome = outcomeOfAnswer(answer as PaymentAnswer, { attempt_id: attempt.attempt_id, known: { last4: null, expiry: null }, installments: null, returnUrl: null })
              switch (outcome._tag) {
                case "Unknown":
                  return unknown(outcome.reason)
                case "Rejected":
                  return Effect.succeed({ _tag: "NotFound" })
                case "RequiresAction":
                  return Effect.flatMap(laterApproval(attempt.attempt_id), (approved): Effect.Effect<RetrieveOutcome> => {
                    if (Option.isSome(approved) && approved.value._tag === "Succeeded") return Effect.succeed(approved.value)
                    if (attempt.final === false) return Effect.succeed(outcome)
                    // the shopper's time is up: void the attempt (Adyen cancels it if it is ever authorised); it never took money
                    return Effect.as(technicalCancel(settings, api, attempt.attempt_id), { _tag: "NotFound" } as const)
                  })
                default:
                  return Effect.as(remember(answer as PaymentAnswer, outcome, attempt.attempt_id), outcome)
              }
            }
          })
        )),

    settle: (config, request) =>
      withSettings(config, (settings, api) =>
        Effect.gen(function*() {
          const settled = yield* references.settlementOf(request.payment_intent)
          if (Option.isSome(settled)) return settled.value
          const found = yield* references.authorisationOf(request.payment_intent)
          if (Option.isNone(found)) return yield* unknown(`no Adyen authorisation is known for ${request.payment_intent}`)
          const auth = found.value
          const key = { idempotencyKey: `${request.payment_intent}:settlement` }
          const action = request.action
          const outcome: SettleOutcome = action._tag === "Capture"
            ? yield* call(() =>
              api.ModificationsApi.captureAuthorisedPayment(
                auth.psp_reference,
                { merchantAccount: settings.merchantAccount, amount: { currency: auth.currency.toUpperCase(), value: action.amount }, reference: request.reference },
                key
              )
            ).pipe(
              Effect.map((): SettleOutcome => ({ _tag: "Captured", reference: request.reference, amount: action.amount })),
              Effect.catch((e) => unknown(e.message))
            )
            : yield* call(() =>
              api.ModificationsApi.cancelAuthorisedPaymentByPspReference(auth.psp_reference, { merchantAccount: settings.merchantAccount, reference: request.reference }, key)
            ).pipe(
              Effect.map((): SettleOutcome => ({ _tag: "Released", reference: request.reference, reason: action.reason })),
              Effect.catch((e) => unknown(e.message))
            )
          return yield* references.recordSettlement(request.payment_intent, outcome)
        })),

    refund: (config, request) =>
      withSettings(config, (settings, api) =>
        Effect.gen(function*() {
          const found = yield* references.authorisationOf(request.payment_intent)
          if (Option.isNone(found)) return yield* unknown(`no Adyen authorisation is known for ${request.payment_intent}`)
          const outcome: RefundOutcome = yield* call(() =>
            api.ModificationsApi.refundCapturedPayment(
              found.value.psp_reference,
              {
                merchantAccount: settings.merchantAccount,
                amount: { currency: request.currency.toUpperCase(), value: request.amount },
                reference: request.refund_id
              },
              { idempotencyKey: request.refund_id }
            )
          ).pipe(
            Effect.matchEffect({
              // Adyen takes the refund and decides later (the REFUND notification)
              onSuccess: () => Effect.succeed<RefundOutcome>({ _tag: "Refund", status: "pending", failure_reason: null, final: false }),
              onFailure: (e) =>
                e instanceof AdyenHttpError && e.status === 422 && e.body.errorCode !== IN_PROGRESS
                  ? Effect.succeed<RefundOutcome>({ _tag: "Refund", status: "failed", failure_reason: "unknown", final: true })
                  : unknown(e.message)
            })
          )
          const known = yield* references.refundOf(request.refund_id)
          // a notification may have decided it already: that answer stands
          if (Option.isSome(known) && known.value.final) return known.value
          yield* references.rememberRefund(request.refund_id, outcome)
          return outcome
        })),

    // Adyen has no GET for a refund: where it stands is what its answer and notifications said.
    // Unknown here means never sent from this process: sending it again under the same id is safe
    // (Adyen answers a known idempotency key with the first response).
    retrieveRefund: (_config, refund) =>
      Effect.map(references.refundOf(refund.refund_id), (known) => Option.isSome(known) ? known.value : { _tag: "NotFound" as const }),

    parseNotification: (config, request) => Notifications.parse(config, request, references)
  }
  return connector
}
