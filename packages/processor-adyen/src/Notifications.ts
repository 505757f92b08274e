/**
 * Adyen's standard webhooks (JSON "notifications"), verified as Adyen documents: each
 * NotificationRequestItem carries `additionalData.hmacSignature`, an HMAC-SHA256 (key: the
 * account's hex HMAC key) over `pspReference:originalReference:merchantAccountCode:
 * merchantReference:value:currency:eventCode:success`, checked with the library's HmacValidator.
 * One item that does not verify rejects the whole request (Adyen retries it; Till records nothing).
 *
 * Read into Till's notification shape:
 * - AUTHORISATION: the attempt (merchantReference) of the payment intent (the `till_payment_intent`
 *   metadata the connector sent) succeeded or failed;
 * - REFUND, REFUND_FAILED, REFUNDED_REVERSED: where the refund (its reference is the refund id) ends;
 * - CAPTURE, CANCELLATION, TECHNICAL_CANCEL and any other event: acknowledged, nothing recorded
 *   (Till recorded the settlement when Adyen received it).
 * The reply is `[accepted]`, which Adyen requires.
 */
import Adyen from "@adyen/api-library"
import { Effect, Redacted } from "effect"
import type { AdyenReferences } from "./AdyenReferences.ts"
import { NotificationRejected } from "./Port.ts"
import type { ConnectorConfig, NotificationRequest, ParsedNotification, ProcessorNotification } from "./Port.ts"
import { brandOf, expiryOf, refusalError, refusalCodeOfReason } from "./ResultMapping.ts"

/** One NotificationRequestItem, the fields Till reads (Adyen sends them all as strings, amount as numbers). */
export interface NotificationItem {
  readonly additionalData?: Readonly<Record<string, string>>
  readonly amount: { readonly currency: string; readonly value: number }
  readonly eventCode: string
  readonly eventDate?: string
  readonly merchantAccountCode: string
  readonly merchantReference: string
  readonly originalReference?: string
  readonly pspReference: string
  readonly reason?: string
  readonly success: string
}

/** What Adyen expects back, or it retries. */
export const ACCEPTED = { contentType: "text/plain", body: "[accepted]" } as const

const rejected = (reason: string) => new NotificationRejected({ processor: "adyen", reason })

/** The items of a notification body, or why it is not one. */
export const itemsOf = (body: string): ReadonlyArray<NotificationItem> | string => {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return "the body is not JSON"
  }
  const items = (parsed as { notificationItems?: unknown } | null)?.notificationItems
  if (!Array.isArray(items)) return "the body has no notificationItems"
  const out: Array<NotificationItem> = []
  for (const entry of items) {
    const item = (entry as { NotificationRequestItem?: unknown } | null)?.NotificationRequestItem as Partial<NotificationItem> | undefined
    if (
      item === undefined || item === null || typeof item.pspReference !== "string" || typeof item.eventCode !== "string" ||
      typeof item.merchantReference !== "string" || typeof item.success !== "string" || typeof item.merchantAccountCode !== "string" ||
      item.amount === undefined || typeof item.amount.currency !== "string" || typeof item.amount.value !== "number"
    ) {
      return "a NotificationRequestItem lacks its required fields"
    }
    out.push(item as NotificationItem)
  }
  return out
}

/** Whether one item's HMAC signature verifies under the hex key. */
export const verifies = (item: NotificationItem, hmacKey: string): boolean => {
  if (typeof item.additionalData?.hmacSignature !== "string") return false
  try {
    return new Adyen.hmacValidator().validateHMAC(item as never, hmacKey)
  } catch {
    // a malformed signature or key is a failed check, never a crash
    return false
  }
}

/** Signs an item as Adyen does (tests and the docs' example use it). */
export const sign = (item: NotificationItem, hmacKey: string): NotificationItem => ({
  ...item,
  additionalData: { ...item.additionalData, hmacSignature: new Adyen.hmacValidator().calculateHmac(item as never, hmacKey) }
})

/** What one verified item tells Till; null for events Till records nothing from. */
export const notificationOf = (item: NotificationItem, refundIdOf: (item: NotificationItem) => string | null): ProcessorNotification | null => {
  const success = item.success === "true"
  const data = item.additionalData ?? {}
  switch (item.eventCode) {
    case "AUTHORISATION": {
      const payment_intent = data[`metadata.till_payment_intent`]
      // without the payment intent Till cannot place it: reconciliation will ask instead
      if (payment_intent === undefined) return null
      const attempt_id = item.merchantReference
      const pm = `pm_${attempt_id.slice(attempt_id.indexOf("_") + 1)}`
      if (success) {
        const expiry = expiryOf(data.expiryDate)
        return {
          _tag: "Attempt",
          attempt_id,
          payment_intent,
          outcome: {
            _tag: "Succeeded",
            payment_method: pm,
            card: { brand: brandOf(data.paymentMethod ?? data.cardPaymentMethod), last4: data.cardSummary ?? "", ...expiry, installments: null }
          }
        }
      }
      return {
        _tag: "Attempt",
        attempt_id,
        payment_intent,
        outcome: { _tag: "Failed", payment_method: pm, error: refusalError(refusalCodeOfReason(item.reason), item.reason) }
      }
    }
    case "REFUND":
    case "REFUND_FAILED":
    case "REFUNDED_REVERSED": {
      const refund_id = refundIdOf(item)
      if (refund_id === null) return null
      const succeeded = item.eventCode === "REFUND" && success
      return {
        _tag: "Refund",
        refund_id,
        outcome: { _tag: "Refund", status: succeeded ? "succeeded" : "failed", failure_reason: succeeded ? null : "unknown", final: true }
      }
    }
    default:
      return null
  }
}

/** Verifies and reads one notification request for an account (see the module comment). */
export const parse = (config: ConnectorConfig, request: NotificationRequest, references: AdyenReferences): Effect.Effect<ParsedNotification, NotificationRejected> =>
  Effect.gen(function*() {
    const hmacKey = config.credentials.hmac_key
    if (hmacKey === undefined) return yield* rejected("the account has no Adyen HMAC key configured")
    const items = itemsOf(request.body)
    if (typeof items === "string") return yield* rejected(items)
    const key = Redacted.value(hmacKey)
    const bad = items.find((item) => !verifies(item, key))
    if (bad !== undefined) return yield* rejected(`the HMAC signature of ${bad.eventCode} ${bad.pspReference} does not verify`)
    const merchantAccount = config.options.merchant_account
    const notifications: Array<ProcessorNotification> = []
    for (const item of items) {
      // the company-level webhook may carry other merchant accounts' events: not this account's
      if (merchantAccount !== undefined && item.merchantAccountCode !== merchantAccount) continue
      const n = notificationOf(item, (i) => i.merchantReference.startsWith("re_") ? i.merchantReference : null)
      if (n === null) continue
      if (n._tag === "Refund") yield* references.rememberRefund(n.refund_id, n.outcome)
      if (n._tag === "Attempt" && n.outcome._tag === "Succeeded") {
        yield* references.rememberAuthorisation({
          payment_intent: n.payment_intent,
          attempt_id: n.attempt_id,
          psp_reference: item.pspReference,
          currency: item.amount.currency,
          approval: { payment_method: n.outcome.payment_method, card: n.outcome.card }
        })
      }
      notifications.push(n)
    }
    return { notifications, reply: ACCEPTED }
  })
