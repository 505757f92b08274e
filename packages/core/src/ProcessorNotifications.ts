/**
 * Processor notifications: the asynchronous outcomes a processor sends (Stripe's webhooks, Adyen's
 * notifications). The account's connector verifies the request (signature or HMAC, as the processor
 * documents) and reads it; each outcome is then recorded through the same write as a reconciled
 * answer (CheckoutSessions.recordProcessorOutcome, Charges.recordRefundNotification), so an
 * approval that arrives only this way completes its session exactly once.
 */
import { Context, Effect, Layer, Option } from "effect"
import { Charges } from "./Charges.ts"
import type { Scope } from "./CheckoutSession.ts"
import { CheckoutSessions } from "./CheckoutSessions.ts"
import {
  NotificationRejected,
  type NotificationRequest,
  type ParsedNotification,
  ProcessorConfigs,
  ProcessorConnectors
} from "./ports/ProcessorConnector.ts"

/** Use cases of processor notifications. */
export class ProcessorNotifications extends Context.Service<ProcessorNotifications>()("till/ProcessorNotifications", {
  make: Effect.gen(function*() {
    const configs = yield* ProcessorConfigs
    const sessions = yield* CheckoutSessions
    const charges = yield* Charges
    const connectors = yield* ProcessorConnectors

    /**
     * Verifies and records one notification request for `processor`, sent to the account and mode's
     * endpoint. Rejected (never recorded) when the account has not configured that processor for the
     * mode, or when the connector cannot verify it. Answers the reply the processor expects.
     */
    const receive = Effect.fn("ProcessorNotifications.receive")(function*(scope: Scope, processor: string, request: NotificationRequest) {
      const config = yield* configs.find(scope)
      const connector = connectors.find((c) => c.name === processor)
      if (Option.isNone(config) || config.value.processor !== processor || connector === undefined) {
        return yield* new NotificationRejected({ processor, reason: "this account has no such processor configured for this mode" })
      }
      const parsed: ParsedNotification = yield* connector.parseNotification(config.value, request)
      for (const notification of parsed.notifications) {
        if (notification._tag === "Attempt") {
          yield* sessions.recordProcessorOutcome(scope, notification.payment_intent, notification.attempt_id, notification.outcome)
        } else {
          yield* charges.recordRefundNotification(scope, notification.refund_id, notification.outcome)
        }
      }
      return parsed.reply
    })

    return { receive } as const
  })
}) {
  /** The use case over the sessions, charges and processor settings provided. */
  static readonly layer = Layer.effect(ProcessorNotifications, ProcessorNotifications.make)
}
