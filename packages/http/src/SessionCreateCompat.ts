/**
 * The parameters of Stripe's `checkout.sessions.create` that name features Till does not have. Each
 * is either accepted as a no-op when it asks for the feature's "off" value (which is what Till does
 * anyway: `invoice_creation[enabled]=false`, `submit_type=pay`), or refused with a 400
 * `parameter_unsupported` naming the feature and the parameter, never `parameter_unknown`: it is a
 * real Stripe parameter, and a caller deserves to know that Till lacks the feature rather than that
 * it mistyped. docs/stripe-compatibility.md has the table; test/SessionCreateParams.test.ts derives
 * the list of parameters from stripe's type definitions so none can be forgotten.
 */
import { Params, Validation } from "@till/core"
import { Result, Schema } from "effect"

/** A Stripe parameter Till does not implement. */
export interface UnsupportedParam {
  /** The feature it turns on, as the error message names it. */
  readonly feature: string
  /** Its "off" value, accepted and ignored: what it matches and how the docs say it. */
  readonly off?: { readonly schema: Schema.Decoder<unknown>; readonly text: string; readonly value: unknown }
  /** A value asking for the feature (the tests send it and expect the 400). */
  readonly example: unknown
}

const isFalse = Params.Bool.pipe(Schema.check(Schema.makeFilter((b: boolean) => (b ? "Expected false" : undefined))))
/** `{ enabled: false }` and nothing else. */
const disabled = { schema: Schema.Struct({ enabled: isFalse }), text: "`{ enabled: false }`", value: { enabled: false } }
/** An empty list (`""` in a form body, Stripe's way of sending one). */
const empty = { schema: Schema.Union([Schema.Tuple([]), Schema.Literal("")]), text: "an empty list", value: [] }
const only = (...values: ReadonlyArray<string>) => ({
  schema: Schema.Literals(values as [string, ...Array<string>]),
  text: values.map((v) => `\`${v}\``).join(" or "),
  value: values[0]
})

/** Every `checkout.sessions.create` parameter Till accepts only switched off, or refuses. */
export const UNSUPPORTED_SESSION_PARAMS = {
  adaptive_pricing: { feature: "adaptive pricing", off: disabled, example: { enabled: true } },
  allowed_payment_method_types: { feature: "payment methods other than cards", off: { schema: Schema.Tuple([Schema.Literal("card")]), text: "`[\"card\"]`", value: ["card"] }, example: ["card", "link"] },
  branding_settings: { feature: "per-session branding (Till's branding is per account, in the dashboard)", example: { display_name: "Shop" } },
  customer_account: { feature: "Accounts v2 customers", example: "acct_1" },
  customer_update: { feature: "updating the customer from the session", example: { address: "auto" } },
  excluded_payment_method_types: { feature: "payment method exclusions", off: empty, example: ["link"] },
  integration_identifier: { feature: "integration identifiers", example: "my-integration" },
  invoice_creation: { feature: "invoices", off: disabled, example: { enabled: true } },
  managed_payments: { feature: "managed payments", off: disabled, example: { enabled: true } },
  name_collection: { feature: "name collection", example: { individual: { enabled: true } } },
  optional_items: { feature: "optional items", off: empty, example: [{ price: "price_1", quantity: 1 }] },
  origin_context: { feature: "the mobile-app checkout context", off: only("web"), example: "mobile_app" },
  payment_method_collection: { feature: "optional payment method collection", off: only("always"), example: "if_required" },
  payment_method_configuration: { feature: "payment method configurations", example: "pmc_1" },
  payment_method_data: { feature: "saving payment methods", example: { allow_redisplay: "always" } },
  permissions: { feature: "client-side updates of shipping details", example: { update_shipping_details: "client_only" } },
  saved_payment_method_options: { feature: "saved payment methods", example: { payment_method_save: "enabled" } },
  setup_intent_data: { feature: "setup mode", example: { description: "card on file" } },
  subscription_data: { feature: "subscriptions", example: { trial_period_days: 7 } },
  tax_id_collection: { feature: "tax ID collection", off: disabled, example: { enabled: true } },
  wallet_options: { feature: "wallet options", example: { link: { display: "never" } } }
} satisfies Record<string, UnsupportedParam>

/** The message of a refused parameter: the feature, the parameter, and what Till does accept of it. */
export const unsupportedMessage = (param: string, entry: UnsupportedParam): string =>
  `Till does not support ${entry.feature} (\`${param}\`)` +
  (entry.off === undefined ? "." : `; it accepts \`${param}\` only as ${entry.off.text}, which changes nothing.`)

const parameter = (param: string, entry: UnsupportedParam) => {
  const isOff = entry.off === undefined ? undefined : Schema.decodeUnknownResult(entry.off.schema)
  const message = unsupportedMessage(param, entry)
  return Schema.optionalKey(
    Schema.Unknown.pipe(
      Schema.check(Schema.makeFilter((value: unknown) =>
        isOff !== undefined && Result.isSuccess(isOff(value, { onExcessProperty: "error" })) ? undefined : Validation.unsupported(message)
      )),
      Schema.annotate({ description: message })
    )
  )
}

/** The unsupported parameters as fields of the create body: the off value passes (and is ignored), anything else is a 400. */
export const UnsupportedSessionFields = Object.fromEntries(
  Object.entries(UNSUPPORTED_SESSION_PARAMS).map(([param, entry]) => [param, parameter(param, entry)])
) as { readonly [K in keyof typeof UNSUPPORTED_SESSION_PARAMS]: ReturnType<typeof parameter> }
