/**
 * The port types the connector implements, in one place so the rest of the package imports them
 * from here. TEMPORARY: mirrors helper p1's ProcessorConnector port until it is merged; then this
 * re-exports from @till/core.
 */
import type { Effect, Redacted } from "effect"
import { Schema } from "effect"
import type { CardDetails, PaymentError, RefundOutcome, RefundRetrieveOutcome, SettleOutcome, SettleRequest, RefundRequest, CancellationReason } from "@till/core"

export type { CardDetails, PaymentError, RefundOutcome, RefundRetrieveOutcome, SettleOutcome, SettleRequest, RefundRequest, CancellationReason }

export type NextAction = {
  readonly type: "redirect_to_url"
  readonly redirect_to_url: { readonly url: string; readonly return_url: string | null }
}

export type PaymentMethodInput =
  | { readonly type: "token"; readonly token: string }
  | {
    readonly type: "card"
    readonly number: Redacted.Redacted<string>
    readonly exp_month: number
    readonly exp_year: number
    readonly cvc: Redacted.Redacted<string> | null
  }
  | { readonly type: "processor_token"; readonly processor: string; readonly data: Redacted.Redacted<string> }

export interface AuthorizeRequest {
  readonly attempt_id: string
  readonly account?: string
  readonly return_url?: string | null
  readonly payment_intent: string
  readonly amount: number
  readonly currency: string
  readonly livemode: boolean
  readonly method: PaymentMethodInput
  readonly installments: number | null
  readonly capture?: "automatic" | "manual"
  readonly now: number
}

export type AuthorizeOutcome =
  | { readonly _tag: "Succeeded"; readonly payment_method: string; readonly card: CardDetails }
  | { readonly _tag: "Failed"; readonly payment_method: string | null; readonly error: PaymentError }
  | { readonly _tag: "Rejected"; readonly param: string; readonly code: string; readonly message: string }
  | { readonly _tag: "RequiresAction"; readonly payment_method: string | null; readonly next_action: NextAction }

export interface AttemptRef {
  readonly attempt_id: string
  readonly livemode: boolean
  readonly account?: string
}
export interface RetrieveRequest extends AttemptRef {
  readonly final?: boolean
}
export interface CompleteActionRequest extends AttemptRef {
  readonly payment_intent: string
  readonly params: Readonly<Record<string, string>>
  readonly now: number
}
export type RetrieveOutcome =
  | Extract<AuthorizeOutcome, { readonly _tag: "Succeeded" | "Failed" | "RequiresAction" }>
  | { readonly _tag: "NotFound" }

export interface ConnectorConfig {
  readonly processor: string
  readonly account: string
  readonly livemode: boolean
  readonly credentials: Readonly<Record<string, Redacted.Redacted<string>>>
  readonly options: Readonly<Record<string, string>>
}
export interface ClientComponent {
  readonly processor: string
  readonly script: string | null
  readonly stylesheet: string | null
  readonly config: Readonly<Record<string, string>>
}
export interface NotificationRequest {
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}
export type ProcessorNotification =
  | {
    readonly _tag: "Attempt"
    readonly attempt_id: string
    readonly payment_intent: string
    readonly outcome: Exclude<AuthorizeOutcome, { readonly _tag: "Rejected" }>
  }
  | { readonly _tag: "Refund"; readonly refund_id: string; readonly outcome: RefundOutcome }
export interface ParsedNotification {
  readonly notifications: ReadonlyArray<ProcessorNotification>
  readonly reply: { readonly contentType: string; readonly body: string }
}
export class NotificationRejected extends Schema.TaggedError<NotificationRejected>()("NotificationRejected", {
  processor: Schema.String,
  reason: Schema.String
}) {}
export interface ProcessorConnector {
  readonly name: string
  readonly credentialNames: ReadonlyArray<string>
  readonly requiredOptions: ReadonlyArray<string>
  readonly authorize: (config: ConnectorConfig, request: AuthorizeRequest) => Effect.Effect<AuthorizeOutcome>
  readonly retrieve: (config: ConnectorConfig, attempt: RetrieveRequest) => Effect.Effect<RetrieveOutcome>
  readonly completeAction: (config: ConnectorConfig, request: CompleteActionRequest) => Effect.Effect<AuthorizeOutcome>
  readonly settle: (config: ConnectorConfig, request: SettleRequest) => Effect.Effect<SettleOutcome>
  readonly refund: (config: ConnectorConfig, request: RefundRequest) => Effect.Effect<RefundOutcome>
  readonly retrieveRefund: (config: ConnectorConfig, refund: { readonly refund_id: string; readonly livemode: boolean }) => Effect.Effect<RefundRetrieveOutcome>
  readonly parseNotification: (config: ConnectorConfig, request: NotificationRequest) => Effect.Effect<ParsedNotification, NotificationRejected>
  readonly clientComponent: (config: ConnectorConfig) => ClientComponent | null
}
