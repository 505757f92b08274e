/**
 * The parameters of the session commands: create, update, pay and list.
 * Shapes and per-field limits live here; rules that span fields are checked by the state machine.
 */
import { Effect, Schema, SchemaGetter, SchemaIssue } from "effect"
import * as Contact from "./Contact.ts"
import { CollectedParams, ConsentCollectionParams, CustomFieldsParams, CustomTextParams, SubmitTypeParams } from "./CheckoutFields.ts"
import * as Country from "./Country.ts"
import * as Money from "./Money.ts"
import { Bool, Integer, MetadataOrEmpty, Text, Timestamp, Url } from "./Params.ts"
import { Decimal, RecurringParams, TaxBehavior } from "./Price.ts"
import { PaymentIntentDataParams } from "./PaymentIntentData.ts"
import { CreateShippingRateParams } from "./ShippingRate.ts"
import { unsupported } from "./Validation.ts"

/** Checkout locales (Stripe's list); `auto` follows the browser. */
export const Locale = Schema.Literals([
  "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu",
  "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th",
  "tr", "vi", "zh", "zh-HK", "zh-TW"
])

/** Payment method types a session can offer. Only cards ship. */
export const PaymentMethodType = Schema.Literals(["card"])

/** Most line items in one session. */
export const MAX_LINE_ITEMS = 100

/** A percentage with up to two decimals, from a JSON number or a string such as `"1.5"`. */
const Rate = Schema.Union([Schema.Finite, Schema.String]).pipe(
  Schema.decodeTo(
    Schema.Number.pipe(
      Schema.check(Schema.makeFilter((n: number) => (n >= 0 && n <= 100 ? undefined : `Expected a rate between 0 and 100, got ${n}`)))
    ),
    {
      decode: SchemaGetter.transformEffect((v: number | string) => {
        const n = typeof v === "number" ? v : /^\d+(\.\d{1,2})?$/.test(v.trim()) ? Number(v) : NaN
        return Number.isFinite(n)
          ? Effect.succeed(n)
          : Effect.fail(new SchemaIssue.InvalidValue({ message: `Expected a decimal rate, got ${JSON.stringify(v)}` }))
      }),
      encode: SchemaGetter.transform((n: number) => n)
    }
  )
)

/** An e-mail address of at most 512 characters (the rule is Contact's, which the hosted page shares). */
export const Email = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => (Contact.isEmail(s) ? undefined : "Expected an e-mail address")))
)

/** Countries Stripe does not ship to, so refuses in `allowed_countries`. */
export const UNSHIPPABLE_COUNTRIES: ReadonlyArray<string> = ["AS", "CX", "CC", "CU", "HM", "IR", "KP", "MH", "FM", "NF", "MP", "PW", "SY", "UM", "VI"]

/** `shipping_address_collection`: the countries a shipping address may be in (at least one, each a country Stripe ships to). */
export const ShippingAddressCollectionParams = Schema.Struct({
  allowed_countries: Schema.Array(Country.Country).pipe(Schema.check(Schema.makeFilter((codes: ReadonlyArray<string>) => {
    if (codes.length === 0) return "Expected at least one country"
    const refused = codes.find((c) => UNSHIPPABLE_COUNTRIES.includes(c))
    return refused === undefined ? undefined : `Shipping to ${refused} is not supported`
  })))
})

/** A line item's inline price: an amount in a currency, for a product of the catalog (`product`) or one described here (`product_data`). */
export const PriceDataParams = Schema.Struct({
  currency: Money.Currency,
  unit_amount: Schema.optionalKey(Integer(0, Money.MAX_TOTAL)),
  unit_amount_decimal: Schema.optionalKey(Decimal),
  product: Schema.optionalKey(Text(1, 255)),
  product_data: Schema.optionalKey(Schema.Struct({
    name: Text(1, 250),
    description: Schema.optionalKey(Text(1, 500)),
    images: Schema.optionalKey(Schema.Array(Url).pipe(Schema.check(Schema.isMaxLength(8)))),
    metadata: Schema.optionalKey(MetadataOrEmpty)
  })),
  recurring: Schema.optionalKey(RecurringParams),
  tax_behavior: Schema.optionalKey(TaxBehavior)
})
/** See {@link PriceDataParams}. */
export type PriceDataParams = typeof PriceDataParams.Type

/** Most tax rates (fixed or dynamic) on one line item (Stripe's limit). */
export const MAX_TAX_RATES = 5

/** Tax-rate ids, at most {@link MAX_TAX_RATES}, each once. */
const TaxRateIds = Schema.Array(Text(1, 255)).pipe(Schema.check(Schema.makeFilter((ids: ReadonlyArray<string>) =>
  ids.length > MAX_TAX_RATES
    ? `Expected at most ${MAX_TAX_RATES} tax rates, got ${ids.length}`
    : new Set(ids).size < ids.length
    ? "Expected each tax rate once"
    : undefined
)))

/** One line item as the merchant passes it: a catalog `price` id, or `price_data`; its tax rates, fixed or chosen by the customer's country. */
export const LineItemParams = Schema.Struct({
  price: Schema.optionalKey(Text(1, 255)),
  price_data: Schema.optionalKey(PriceDataParams),
  quantity: Integer(1, 999_999),
  tax_rates: Schema.optionalKey(TaxRateIds),
  dynamic_tax_rates: Schema.optionalKey(TaxRateIds)
})
/** See {@link LineItemParams}. */
export type LineItemParams = typeof LineItemParams.Type

/** An installment plan: `count` monthly payments at `rate` percent interest. */
export const InstallmentPlan = Schema.Struct({
  count: Integer(2, 48),
  rate: Schema.optionalKey(Rate)
})

/** Installments offered on cards (*ext*). */
export const InstallmentsParams = Schema.Struct({
  enabled: Schema.optionalKey(Bool),
  plans: Schema.optionalKey(Schema.Array(InstallmentPlan).pipe(Schema.check(Schema.isMaxLength(24))))
})

/** `payment_method_options` (*ext* installments). */
export const PaymentMethodOptionsParams = Schema.Struct({
  card: Schema.optionalKey(Schema.Struct({ installments: Schema.optionalKey(InstallmentsParams) }))
})

/** The business behind the sale (*ext*). */
export const BusinessProfileParams = Schema.Struct({
  category: Schema.optionalKey(Text(1, 100)),
  tax_id: Schema.optionalKey(Text(1, 50))
})

/** A list of 1 to {@link MAX_LINE_ITEMS} line items of the given shape. */
export const LineItemsParams = <S extends Schema.Top>(item: S) =>
  Schema.Array(item).pipe(
    Schema.check(Schema.makeFilter((a: ReadonlyArray<unknown>) =>
      a.length === 0
        ? "Expected at least one line item"
        : a.length > MAX_LINE_ITEMS
        ? `Expected at most ${MAX_LINE_ITEMS} line items, got ${a.length}`
        : undefined
    ))
  )

/** A session's `discounts[]` entry: a coupon or a promotion code, not both. */
export const DiscountParams = Schema.Struct({
  coupon: Schema.optionalKey(Text(1, 255)),
  promotion_code: Schema.optionalKey(Text(1, 255))
})
/** See {@link DiscountParams}. */
export type DiscountParams = typeof DiscountParams.Type

/**
 * `ui_mode`: Stripe's names (`hosted_page`, `embedded_page`) and, as aliases, the ones Stripe used
 * before API version 2026-03-25.dahlia (`hosted`, `embedded`). Stripe's Elements and form UIs
 * (`elements`, `custom`, `form`) are real values Till does not have: refused as unsupported.
 */
export const UI_MODE_VALUES = ["hosted_page", "embedded_page", "hosted", "embedded"] as const
const UNSUPPORTED_UI_MODES: ReadonlyArray<string> = ["elements", "custom", "form"]
/** See {@link UI_MODE_VALUES}. */
export const UiModeParam = Schema.String.pipe(Schema.check(Schema.makeFilter((s: string) =>
  (UI_MODE_VALUES as ReadonlyArray<string>).includes(s)
    ? undefined
    : UNSUPPORTED_UI_MODES.includes(s)
    ? unsupported(`Till does not support Stripe's Elements checkout UI (\`ui_mode=${s}\`); it serves a hosted page (\`hosted_page\`) and an embedded one (\`embedded_page\`).`)
    : `Expected one of hosted_page, embedded_page (or hosted, embedded), got ${JSON.stringify(s.slice(0, 50))}`
)))

/** `after_expiration`: a recovery link for the session once it expires unpaid (see docs/recovery.md). */
export const AfterExpirationParams = Schema.Struct({
  recovery: Schema.optionalKey(Schema.Struct({
    enabled: Bool,
    allow_promotion_codes: Schema.optionalKey(Bool)
  }))
})
/** See {@link AfterExpirationParams}. */
export type AfterExpirationParams = typeof AfterExpirationParams.Type
/** Most shipping options on one session (Stripe's limit). */
export const MAX_SHIPPING_OPTIONS = 5

/** A session's `shipping_options[]` entry: a shipping rate's id, or the data of a rate made for the session alone. */
export const ShippingOptionParams = Schema.Struct({
  shipping_rate: Schema.optionalKey(Text(1, 255)),
  shipping_rate_data: Schema.optionalKey(CreateShippingRateParams)
})
/** See {@link ShippingOptionParams}. */
export type ShippingOptionParams = typeof ShippingOptionParams.Type

/** `shipping_options` of `option` entries: up to five, or `""` (an empty list in a form body). Links take rate ids only. */
export const shippingOptionsOf = <S extends Schema.Top>(option: S) =>
  Schema.Union([
    Schema.Array(option).pipe(Schema.check(Schema.makeFilter((a: ReadonlyArray<unknown>) =>
      a.length > MAX_SHIPPING_OPTIONS ? `Expected at most ${MAX_SHIPPING_OPTIONS} shipping options, got ${a.length}` : undefined
    ))),
    Schema.Literal("")
  ])

/** A session's `shipping_options` (see {@link shippingOptionsOf}). */
export const ShippingOptionsParams = shippingOptionsOf(ShippingOptionParams)

/** Parameters of `POST /v1/checkout/sessions` (SPEC section 4). */
export const CreateSessionParams = Schema.Struct({
  mode: Schema.optionalKey(Schema.Literal("payment")),
  line_items: Schema.optionalKey(LineItemsParams(LineItemParams)),
  amount: Schema.optionalKey(Integer(Money.MIN_TOTAL, Money.MAX_TOTAL)),
  currency: Schema.optionalKey(Money.Currency),
  success_url: Schema.optionalKey(Url),
  cancel_url: Schema.optionalKey(Url),
  return_url: Schema.optionalKey(Url),
  expires_at: Schema.optionalKey(Timestamp),
  metadata: Schema.optionalKey(MetadataOrEmpty),
  customer: Schema.optionalKey(Text(1, 255)),
  customer_email: Schema.optionalKey(Email),
  customer_creation: Schema.optionalKey(Schema.Literals(["always", "if_required"])),
  client_reference_id: Schema.optionalKey(Text(1, 200)),
  locale: Schema.optionalKey(Locale),
  payment_method_types: Schema.optionalKey(Schema.Array(PaymentMethodType).pipe(Schema.check(Schema.isMinLength(1)))),
  payment_method_options: Schema.optionalKey(PaymentMethodOptionsParams),
  payment_description: Schema.optionalKey(Text(1, 500)),
  country: Schema.optionalKey(Country.Country),
  business_profile: Schema.optionalKey(BusinessProfileParams),
  payment_intent_data: Schema.optionalKey(PaymentIntentDataParams),
  discounts: Schema.optionalKey(Schema.Union([
    Schema.Array(DiscountParams).pipe(Schema.check(Schema.makeFilter((a: ReadonlyArray<unknown>) => a.length > 1 ? "Expected at most one discount" : undefined))),
    Schema.Literal("")
  ])),
  allow_promotion_codes: Schema.optionalKey(Bool),
  /** `auto` (what the payment method needs: nothing, for Till's cards) or `required` (a full billing address). */
  billing_address_collection: Schema.optionalKey(Schema.Literals(["auto", "required"])),
  shipping_address_collection: Schema.optionalKey(ShippingAddressCollectionParams),
  phone_number_collection: Schema.optionalKey(Schema.Struct({ enabled: Bool })),
  ui_mode: Schema.optionalKey(UiModeParam),
  redirect_on_completion: Schema.optionalKey(Schema.Literals(["always", "if_required", "never"])),
  after_expiration: Schema.optionalKey(AfterExpirationParams),
  shipping_options: Schema.optionalKey(ShippingOptionsParams),
  custom_fields: Schema.optionalKey(CustomFieldsParams),
  custom_text: Schema.optionalKey(CustomTextParams),
  consent_collection: Schema.optionalKey(ConsentCollectionParams),
  submit_type: Schema.optionalKey(SubmitTypeParams),
  /** Accepted switched off only: Till has no tax engine (tax comes from the line items' tax rates). */
  automatic_tax: Schema.optionalKey(Schema.Struct({
    enabled: Bool.pipe(Schema.check(Schema.makeFilter((enabled: boolean) =>
      enabled
        ? unsupported("Till has no tax engine, so it does not support automatic tax (`automatic_tax[enabled]=true`); give line items tax rates (`line_items[][tax_rates]`, `line_items[][dynamic_tax_rates]`) instead.")
        : undefined
    ))),
    liability: Schema.optionalKey(Schema.Unknown.pipe(Schema.check(Schema.makeFilter(() =>
      unsupported("Till has no tax engine, so it does not support automatic tax's liability (`automatic_tax[liability]`).")
    ))))
  }))
})
/** See {@link CreateSessionParams}. */
export type CreateSessionParams = typeof CreateSessionParams.Type

/** Parameters of `POST /v1/checkout/sessions/:id`: metadata is merged, an empty value unsets its key. */
export const UpdateSessionParams = Schema.Struct({
  metadata: Schema.optionalKey(MetadataOrEmpty)
})
/** See {@link UpdateSessionParams}. */
export type UpdateSessionParams = typeof UpdateSessionParams.Type

/** An address as the page sends it: every part text, checked by the country's rules (AddressRules.ts) once the country is known. */
export const CollectedAddressParams = Schema.Struct({
  line1: Schema.optionalKey(Text(0, 200)),
  line2: Schema.optionalKey(Text(0, 200)),
  city: Schema.optionalKey(Text(0, 200)),
  state: Schema.optionalKey(Text(0, 200)),
  postal_code: Schema.optionalKey(Text(0, 50)),
  country: Schema.optionalKey(Text(0, 2))
})
/** See {@link CollectedAddressParams}. */
export type CollectedAddressParams = typeof CollectedAddressParams.Type

/** Card data as the customer types it; the number and CVC are redacted so they never print. */
export const CardParams = Schema.Struct({
  number: Schema.RedactedFromValue(Schema.String),
  exp_month: Integer(1, 12),
  exp_year: Integer(0, 9999),
  cvc: Schema.optionalKey(Schema.RedactedFromValue(Schema.String)),
  name: Schema.optionalKey(Text(1, 200))
})
/** See {@link CardParams}. */
export type CardParams = typeof CardParams.Type

/** Parameters of `POST /v1/checkout/sessions/:id/payments` (SPEC section 6). */
export const PaymentParams = Schema.Struct({
  payment_method: Schema.optionalKey(Text(1, 255)),
  payment_method_data: Schema.optionalKey(Schema.Struct({
    type: Schema.Literal("card"),
    card: CardParams,
    billing_details: Schema.optionalKey(Schema.Struct({ name: Schema.optionalKey(Text(1, 200)), email: Schema.optionalKey(Email) }))
  })),
  installments: Schema.optionalKey(Schema.Struct({ count: Integer(1, 48) })),
  /**
   * *ext*: a card tokenized by the processor's own component in the shopper's browser (see
   * ClientComponent): `processor` names the connector, `data` is what the component produced.
   */
  processor_token: Schema.optionalKey(Schema.Struct({ processor: Text(1, 40), data: Text(1, 20000) })),
  /** Where the processor sends the shopper back after 3-D Secure or a redirect (Stripe's `return_url` on confirm). */
  return_url: Schema.optionalKey(Url),
  /**
   * What the customer gave on the page (*ext*): e-mail address, name, phone number and billing address,
   * checked against what the session collects (CollectedDetails.ts). Takes precedence over
   * `payment_method_data[billing_details]`, and goes with either way of paying.
   */
  billing_details: Schema.optionalKey(Schema.Struct({
    name: Schema.optionalKey(Text(0, 200)),
    email: Schema.optionalKey(Schema.Union([Email, Schema.Literal("")])),
    phone: Schema.optionalKey(Text(0, 40)),
    address: Schema.optionalKey(CollectedAddressParams)
  })),
  /** The shipping address (*ext*), with `shipping_address_collection`: Stripe's `shipping_details` shape. */
  shipping_details: Schema.optionalKey(Schema.Struct({
    name: Schema.optionalKey(Text(0, 200)),
    address: CollectedAddressParams
  })),
  /** *ext*: what the customer filled in: each custom field's value by key, and consent (`consent[terms_of_service]=accepted`). */
  ...CollectedParams
})
/** See {@link PaymentParams}. */
export type PaymentParams = typeof PaymentParams.Type

/** Most items one list page returns. */
export const MAX_LIMIT = 100

/** A range filter on a timestamp: `created[gte]=...`, or an exact value. */
export const RangeParams = Schema.Union([
  Timestamp,
  Schema.Struct({
    gt: Schema.optionalKey(Timestamp),
    gte: Schema.optionalKey(Timestamp),
    lt: Schema.optionalKey(Timestamp),
    lte: Schema.optionalKey(Timestamp)
  })
])
/** See {@link RangeParams}. */
export type RangeParams = typeof RangeParams.Type

/** Pagination parameters shared by every list. */
export const PageParams = {
  limit: Schema.optionalKey(Integer(1, MAX_LIMIT)),
  starting_after: Schema.optionalKey(Text(1, 255)),
  ending_before: Schema.optionalKey(Text(1, 255))
}

/** Parameters of `GET /v1/checkout/sessions`. */
export const ListSessionsParams = Schema.Struct({
  ...PageParams,
  status: Schema.optionalKey(Schema.Literals(["open", "complete", "expired"])),
  created: Schema.optionalKey(RangeParams),
  customer: Schema.optionalKey(Text(1, 255)),
  customer_details: Schema.optionalKey(Schema.Struct({ email: Email })),
  payment_intent: Schema.optionalKey(Text(1, 255)),
  payment_link: Schema.optionalKey(Text(1, 255)),
  client_reference_id: Schema.optionalKey(Text(1, 200))
})
/** See {@link ListSessionsParams}. */
export type ListSessionsParams = typeof ListSessionsParams.Type

/** Parameters of a list with nothing to filter on (line items). */
export const ListPageParams = Schema.Struct(PageParams)
/** See {@link ListPageParams}. */
export type ListPageParams = typeof ListPageParams.Type



/** Parameters of `GET /v1/events`. */
export const ListEventsParams = Schema.Struct({
  ...PageParams,
  type: Schema.optionalKey(Text(1, 255)),
  types: Schema.optionalKey(Schema.Array(Text(1, 255)).pipe(Schema.check(Schema.isMaxLength(20)))),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListEventsParams}. */
export type ListEventsParams = typeof ListEventsParams.Type
