/**
 * The parameters of every endpoint as the wire carries them: the core's parameter schemas plus
 * `expand`, which only the HTTP adapter knows about. The contract declares these schemas and the
 * pipeline decodes with the very values it declares (see ContractInput.ts), so the two cannot drift apart.
 */
import {
  CancelPaymentIntentParams,
  CapturePaymentIntentParams,
  CreatePaymentLinkParams,
  CreateSessionParams,
  ListEventsParams,
  ListPageParams,
  ListSessionsParams,
  PaymentParams,
  UpdatePaymentLinkParams,
  UpdateSessionParams
} from "@till/core"
import { Schema } from "effect"
import { UnsupportedSessionFields } from "./SessionCreateCompat.ts"

/** Most `expand` entries one request may carry. */
export const MAX_EXPAND = 20

/**
 * `expand[]`: which fields to replace by their objects. Each entry is checked on its own, so a bad
 * one is reported as `expand[i]` with Stripe's message.
 */
export const Expand = <const Fields extends ReadonlyArray<string>>(fields: Fields) =>
  Schema.optionalKey(
    Schema.Array(
      Schema.String.pipe(
        Schema.check(Schema.makeFilter((s: string) =>
          (fields as ReadonlyArray<string>).includes(s) ? undefined : `This property cannot be expanded (${s.slice(0, 100)}).`
        )),
        Schema.annotate({ description: fields.length === 0 ? "Nothing is expandable here." : `One of: ${fields.join(", ")}.` })
      )
    ).pipe(Schema.check(Schema.isMaxLength(MAX_EXPAND)))
  )

/** The fields of a session that `expand[]` can embed. */
export const SESSION_EXPANDABLE = [
  "line_items",
  "payment_intent",
  "customer",
  "payment_intent.latest_charge",
  "shipping_cost.shipping_rate",
  "shipping_options.shipping_rate"
] as const

/** The same fields inside a list (`data.line_items`). */
export const SESSION_LIST_EXPANDABLE = [
  "data.line_items",
  "data.payment_intent",
  "data.customer",
  "data.payment_intent.latest_charge",
  "data.shipping_cost.shipping_rate",
  "data.shipping_options.shipping_rate"
] as const

const sessionExpand = Expand(SESSION_EXPANDABLE)
const nothingExpandable = Expand([])

/** `POST /v1/checkout/sessions`; Stripe's parameters for features Till lacks are accepted switched off, or refused by name (SessionCreateCompat.ts). */
export const CreateSessionBody = Schema.Struct({ ...CreateSessionParams.fields, expand: sessionExpand, ...UnsupportedSessionFields })
/** `POST /v1/checkout/sessions/:id`. */
export const UpdateSessionBody = Schema.Struct({ ...UpdateSessionParams.fields, expand: sessionExpand })
/** `POST /v1/checkout/sessions/:id/expire` and `…/refresh_client_secret`: nothing but `expand`. */
export const SessionCommandBody = Schema.Struct({ expand: sessionExpand })
/** `GET /v1/checkout/sessions/:id`. */
export const RetrieveSessionQuery = Schema.Struct({ expand: sessionExpand })
/** `GET /v1/checkout/sessions`. */
export const ListSessionsQuery = Schema.Struct({ ...ListSessionsParams.fields, expand: Expand(SESSION_LIST_EXPANDABLE) })
/** `GET /v1/checkout/sessions/:id/line_items`. */
export const ListLineItemsQuery = Schema.Struct({ ...ListPageParams.fields, expand: nothingExpandable })
/** `POST /v1/checkout/sessions/:id/payments` (*ext*). */
export const PaymentBody = Schema.Struct({ ...PaymentParams.fields, expand: nothingExpandable })
/** `GET /v1/payment_intents/:id` and `GET /v1/events/:id`. */
export const RetrieveQuery = Schema.Struct({ expand: nothingExpandable })
/** `GET /v1/payment_intents/:id`: `expand[]=latest_charge` embeds the charge. */
export const RetrievePaymentIntentQuery = Schema.Struct({ expand: Expand(["latest_charge"]) })
/** `GET /v1/events`. */
export const ListEventsQuery = Schema.Struct({ ...ListEventsParams.fields, expand: nothingExpandable })
/** `GET /v1/checkout/sessions/:id/payment_methods` (*ext*). */
export const PaymentMethodsQuery = Schema.Struct({ expand: nothingExpandable })
/** `POST /v1/payment_links`: a session template (line items or amount and currency, URLs, options), metadata, `expires_at` (*ext*). */
export const CreatePaymentLinkBody = Schema.Struct({ ...CreatePaymentLinkParams.fields, expand: nothingExpandable })
/** `POST /v1/payment_links/:id`: `active` and `metadata`. */
export const UpdatePaymentLinkBody = Schema.Struct({ ...UpdatePaymentLinkParams.fields, expand: nothingExpandable })
/** `GET /v1/payment_links`. */
export const ListPaymentLinksQuery = Schema.Struct({ ...ListPageParams.fields, expand: nothingExpandable })
/** `POST /v1/payment_links/token/:token/checkout_sessions` (*ext*): takes nothing (but `expand`, of nothing); the link decides everything. */
export const MintSessionBody = Schema.Struct({ expand: nothingExpandable })
/** `POST /v1/payment_intents/:id/capture`. */
export const CapturePaymentIntentBody = Schema.Struct({ ...CapturePaymentIntentParams.fields, expand: nothingExpandable })
/** `POST /v1/payment_intents/:id/cancel`. */
export const CancelPaymentIntentBody = Schema.Struct({ ...CancelPaymentIntentParams.fields, expand: nothingExpandable })
