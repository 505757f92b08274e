/**
 * What `/openapi.json` (and `/docs`, rendered from it) says about each parameter, and the one
 * rewrite the generated document needs. The parameter schemas live in the core, shared by every
 * route that takes them; their descriptions are the HTTP contract's, so they are kept here, one
 * table by parameter name, with an entry by `operationId name` where one route means something of
 * its own. `describe` applies them to the document the contract renders; test/OpenApiDocs.test.ts
 * fails on any operation or parameter left without one.
 */
import { UNSUPPORTED_SESSION_PARAMS, unsupportedMessage } from "./SessionCreateCompat.ts"

const UNSUPPORTED = "Not supported: refused with 400 `parameter_unsupported`"

/** Descriptions by parameter name; `operationId name` entries win for that route. */
export const PARAMETER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  id: "The object's id.",
  token: "The payment link's public token, the last part of its `url` (`/l/<token>`).",
  expand: "Fields to replace by the objects they name (`expand[]=line_items`); Stripe's dotted paths inside lists (`data.line_items`).",
  limit: "How many objects to return, 1 to 100 (default 10).",
  starting_after: "An object id: return the objects after it (older), for the next page.",
  ending_before: "An object id: return the objects before it (newer), for the previous page. Not with `starting_after`.",
  created: "Only objects created in this range: `created[gt]`, `created[gte]`, `created[lt]`, `created[lte]`, Unix seconds.",
  metadata: "Up to 50 keys (40 characters) with string values (500 characters). On update, merged; an empty value unsets a key, and `metadata=\"\"` clears all.",
  mode: "Only `payment` (one-time payments).",
  line_items: "What is bought, up to 100 items in one currency: each a catalog `price` id or inline `price_data`, a `quantity` (1 to 999,999), and up to 5 active tax rates: `tax_rates` (always applied) or `dynamic_tax_rates` (the one for the customer's country applies).",
  amount: "*ext*: instead of `line_items`, one amount in the currency's minor unit (1 to 99,999,999), with `currency`.",
  currency: "A three-letter ISO 4217 code, in any case (answers carry it in lower case).",
  success_url: "Where the hosted page sends the customer after paying: an absolute http(s) URL of up to 2048 characters; `{CHECKOUT_SESSION_ID}` is replaced by the session id.",
  cancel_url: "Where the hosted page's back link goes: an absolute http(s) URL.",
  return_url: "Where an embedded session (`ui_mode=embedded_page`) sends the customer's browser once paid: an absolute http(s) URL; `{CHECKOUT_SESSION_ID}` is replaced by the session id. Required for embedded sessions unless `redirect_on_completion=never`, refused with it.",
  processor_token: "*ext*: a card tokenized in the shopper's browser by the processor's own component (`processor_token[processor]`, `processor_token[data]`, opaque to Till), instead of `payment_method` or `payment_method_data`; see docs/processors.md.",
  processor: "*ext*: which processor takes the account's payments in the key's mode: `test` (test mode only), `stripe`, `adyen`, or another connector the server offers.",
  credentials: "*ext*: the processor's secrets by name (`credentials[secret_key]`), stored encrypted with the server's TILL_ENCRYPTION_KEY and never returned: answers show their last four characters only.",
  options: "*ext*: the processor's settings that are not secret, by name (`options[merchant_account]`); `options[base_url]` only where the server allows it (TILL_PROCESSOR_ALLOW_BASE_URL).",
  allowed_origins: "*ext*: the origins whose pages may frame the account's embedded sessions in the key's mode, up to 20: each a scheme, a host and a port only (`https://shop.example`, `http://localhost:3000`), https only in live mode; `allowed_origins=\"\"` clears the list.",
  ui_mode: "`hosted_page` (the default: the session's `url` is Till's page) or `embedded_page` (no `url`: the page is mounted in an iframe on your own page by `client_secret`, see docs/embedded.md); `hosted` and `embedded`, Stripe's names before 2026-03-25.dahlia, are taken too. Stripe's `elements` is refused with 400 `parameter_unsupported`.",
  redirect_on_completion: "Embedded sessions only: `always` (the default) sends the browser to `return_url` once paid; `if_required` and `never` do not (cards never need a redirect), and the embedding page is told by `postMessage` instead.",
  after_expiration: "`after_expiration[recovery][enabled]=true`: once the session expires unpaid it gets `after_expiration.recovery.url`, a link valid for 30 days that opens a new session with the same items; `[recovery][allow_promotion_codes]` lets that session take promotion codes (see docs/recovery.md).",
  expires_at: "When the session expires, Unix seconds, 30 minutes to 24 hours from now (default 24 hours).",
  customer: "The id of an existing customer (`cus_…`) the session is for.",
  customer_email: "The customer's e-mail, shown on the page and kept on the session.",
  customer_creation: "`always` makes a customer when the session completes; `if_required` (the default) does not.",
  client_reference_id: "Your own reference for the session (an order id), 1 to 200 characters.",
  locale: "The hosted page's language (`auto` follows the browser); Till translates English, Spanish and Portuguese.",
  payment_method_types: "Only `[\"card\"]`.",
  payment_method_options: "`card[installments][enabled]`; *ext*: `card[installments][plans][]` with `count` (2 to 48) and `rate` (the plan's interest in percent of the amount, in all; charged with the payment).",
  payment_description: "*ext*: the description of the one line item that `amount` + `currency` make (default \"Payment\").",
  country: "*ext*: the buyer's country, ISO 3166-1 alpha-2, for the page's formatting and installment rules, and which of the line items' `dynamic_tax_rates` applies (the page asks when absent).",
  discounts: "The discount to apply, at most one: `discounts[0][coupon]` or `discounts[0][promotion_code]` (an id), checked now as at payment (valid, in the session's currency, within the code's restrictions). Not with `allow_promotion_codes`.",
  allow_promotion_codes: "`true` lets the customer enter a promotion code on the hosted page. Not with `discounts`.",
  billing_address_collection: "`required`: the hosted page asks a full billing address (laid out for its country) into `customer_details.address`; `auto` (the default): only what the payment method needs, which for Till's cards is none.",
  shipping_address_collection: "`allowed_countries[]`: the hosted page asks a shipping address in one of these countries, kept in `collected_information.shipping_details`.",
  phone_number_collection: "`enabled=true`: the hosted page asks a phone number, kept in E.164 in `customer_details.phone`.",
  "checkoutSessions.pay billing_details": "*ext*: what the customer gave: `email`, `name`, `phone`, `address[line1, line2, city, state, postal_code, country]`; checked against what the session collects (a required billing address, a phone number) and by the country's address rules.",
  "checkoutSessions.pay shipping_details": "*ext*: `name` and `address[…]` of the shipping address, required with `shipping_address_collection` (in one of its `allowed_countries`), refused without.",
  automatic_tax: "Only `automatic_tax[enabled]=false`: Till has no tax engine; tax comes from the line items' tax rates.",
  business_profile: "*ext*: `category` and `tax_id` of the merchant, as some processors need them.",
  "account.update business_profile": "The account's public details: `name`, `support_email`, `support_phone`, `support_url`, `url`, and *ext* `terms_of_service_url` and `privacy_policy_url` (the hosted page's footer links; consent collection needs the terms). URLs absolute http(s); `\"\"` unsets a field.",
  "account.update settings": "`settings[branding]`: `logo` and `icon` (ids of the account's files uploaded with purpose `business_logo` / `business_icon`), `primary_color` and `secondary_color` (`#rrggbb`). The hosted page's buttons take `primary_color`, with white or dark text, whichever reaches WCAG's 4.5:1 (one always does).",
  "files.list purpose": "Only files of this purpose (`business_logo` or `business_icon`).",
  payment_intent_data: "Passed to the payment intent made at payment: `capture_method` (`manual` holds the funds), `description`, `metadata`, `statement_descriptor`, `statement_descriptor_suffix`, `receipt_email`.",
  status: "Only sessions in this status: `open`, `complete` or `expired`.",
  customer_details: "`customer_details[email]`: only sessions whose customer has this e-mail.",
  payment_intent: "Only the session of this payment intent.",
  payment_link: "Only sessions minted from this payment link.",
  shipping_options: "Up to 5 shipping options for the customer to choose from (the first is chosen until they pick another): each `shipping_rate` (a rate's id) or `shipping_rate_data` (a rate made for this session alone: `display_name`, `fixed_amount[amount]`, `fixed_amount[currency]`, …), active and priced in the session's currency. The chosen one is in `shipping_cost` and the totals, never discounted nor taxed.",
  custom_fields: "Up to 3 fields the customer fills in on the hosted page: `key` (letters and digits, unique), `label[type]=custom` with `label[custom]` (up to 100 characters), `type` (`text`, `numeric` or `dropdown`), `optional`, and the type's settings: `text`/`numeric` `minimum_length`, `maximum_length` (1 to 255), `default_value`; `dropdown[options][]` (`label`, `value`; up to 200) and `dropdown[default_value]`. Their values are on the session once a payment starts.",
  custom_text: "Texts the hosted page shows, each `{ message }` of up to 1200 characters (`\"\"` for none): `submit` (above the pay button), `after_submit` (below it), `shipping_address` (with the shipping choices), `terms_of_service_acceptance` (the terms checkbox's text; needs `consent_collection[terms_of_service]=required`).",
  consent_collection: "`terms_of_service=required` makes the customer tick a terms-of-service checkbox before paying (recorded as `consent.terms_of_service=accepted`); `none` (the default) shows none. `promotions` takes only `none`; `payment_method_reuse_agreement[position]` is kept.",
  submit_type: "What the pay button says: `pay` (also `auto`, the default), `book` or `donate`. `subscribe` needs subscriptions: refused.",
  "checkoutSessions.pay custom_fields": "The custom fields' values by key (`custom_fields[engraving]=Ada`): each checked against its field (required, length, digits, one of the options); a field not given keeps its `default_value`.",
  "checkoutSessions.pay consent": "`consent[terms_of_service]=accepted`: required when the session has `consent_collection[terms_of_service]=required`.",
  "paymentLinks.create shipping_options": "Up to 5 `shipping_rate` ids, active and priced in the link's currency; each minted session offers them.",
  "shipping_rates.create display_name": "The name customers see (`Standard`, `Next day`), up to 100 characters.",
  "shipping_rates.create type": "Only `fixed_amount` (the default).",
  "shipping_rates.create fixed_amount": "What shipping costs: `amount` (minor units, 0 to 99,999,999) in `currency`, and optionally `currency_options[<currency>][amount]` (with `tax_behavior`) for sessions in other currencies.",
  "shipping_rates.update fixed_amount": "`currency_options[<currency>]`: a new or changed amount (and `tax_behavior`) in another currency; the amount in the rate's own currency never changes.",
  delivery_estimate: "How long shipping takes, for customers: `minimum` and/or `maximum`, each a `unit` (`hour`, `day`, `business_day`, `week`, `month`) and a `value` (1 to 1000).",
  "shipping_rates.create tax_behavior": "`inclusive`, `exclusive` or `unspecified` (kept: Till's tax rates apply to line items only, so shipping is never taxed).",
  "shipping_rates.update tax_behavior": "Set while unset or `unspecified`; once `inclusive` or `exclusive` it stays.",
  tax_code: "A tax code id (Stripe's shipping code is `txcd_92010001`), kept for your records.",
  "shipping_rates.create metadata": "Up to 50 keys (40 characters) with string values (500 characters).",
  "shipping_rates.update active": "`false` archives the rate: new sessions cannot offer it; sessions that have it keep it.",
  "shipping_rates.list active": "Only active (`true`) or archived (`false`) rates.",
  "shipping_rates.list currency": "Only rates whose own currency (`fixed_amount[currency]`) is this one.",
  "checkoutSessions.list client_reference_id": "*ext*: only sessions with this reference.",
  "checkoutSessions.list customer": "Only sessions of this customer.",
  "checkoutSessions.create payment_method_data": `${UNSUPPORTED}: saving payment methods.`,
  "checkoutSessions.pay payment_method": "A test payment method: `pm_card_visa`, `pm_card_mastercard`, `pm_card_amex`, `pm_card_chargeDeclined`, `pm_card_chargeDeclinedInsufficientFunds`, `pm_card_chargeDeclinedProcessingError`.",
  "checkoutSessions.pay payment_method_data": "A card instead of `payment_method`: `type=card` and `card[number]`, `card[exp_month]`, `card[exp_year]`, `card[cvc]`. The number is never stored (brand and last four only).",
  installments: "`installments[count]`: pay in this many monthly installments, one of the plans the session offers; the payment charges the plan's total, its interest included, and its intent records the plan (`payment_method_options.card.installments.plan`).",
  after_completion: "What follows a payment: `type=redirect` with `redirect[url]`, or `type=hosted_confirmation` with an optional `hosted_confirmation[custom_message]`.",
  "paymentLinks.create expires_at": "*ext*: when the link stops minting sessions, Unix seconds.",
  "paymentLinks.create line_items": "Up to 100 items: a catalog `price` (or *ext* `price_data`), a `quantity`, `adjustable_quantity` (`enabled`, `minimum`, `maximum`), and `tax_rates` or `dynamic_tax_rates` as a session's.",
  "paymentLinks.create allow_promotion_codes": "`true` lets customers enter a promotion code on the sessions the link mints.",
  active: "Whether the object can be used: an inactive link mints no sessions, an inactive price or product sells nothing.",
  "products.list active": "Only active (`true`) or archived (`false`) products.",
  "prices.list active": "Only active (`true`) or archived (`false`) prices.",
  "charges.list payment_intent": "Only the charge of this payment intent.",
  "charges.list customer": "Only the charges of this customer's sessions.",
  "refunds.list charge": "Only the refunds of this charge (`ch_…`).",
  "refunds.list payment_intent": "Only the refunds of this payment intent's charge.",
  "refunds.create charge": "The charge to refund (`ch_…`); or `payment_intent`.",
  "refunds.create payment_intent": "The payment intent whose charge to refund; or `charge`.",
  "refunds.create amount": "How much to refund, in the currency's minor unit; all of what is left by default. Never more than what is left.",
  reason: "Why: `duplicate`, `fraudulent` or `requested_by_customer`.",
  "refunds.create instructions_email": `${UNSUPPORTED}: refund instruction e-mails.`,
  "refunds.create origin": `${UNSUPPORTED}: customer balance refunds.`,
  "refunds.create refund_application_fee": `${UNSUPPORTED}: Connect.`,
  "refunds.create reverse_transfer": `${UNSUPPORTED}: Connect.`,
  display_name: "The rate's short name for customers (`VAT`, `Sales tax`), up to 50 characters.",
  percentage: "The rate in percent, 0 to 100 with up to four decimals (`19`, `7.25`). Cannot change once created.",
  inclusive: "`true` if the rate is included in the prices it applies to; `false` (exclusive) adds it on top. Cannot change once created.",
  "tax_rates.list inclusive": "Only inclusive (`true`) or exclusive (`false`) rates.",
  "tax_rates.list active": "Only active (`true`) or archived (`false`) rates.",
  "tax_rates.create active": "Whether new sessions can use the rate (default `true`); sessions that have it keep it.",
  "tax_rates.update active": "`false` archives the rate: new sessions cannot use it; sessions that have it keep it.",
  "tax_rates.create country": "Where the rate applies, ISO 3166-1 alpha-2; a dynamic tax rate needs one, and applies to customers from there.",
  "tax_rates.update country": "Where the rate applies, ISO 3166-1 alpha-2; `\"\"` unsets it.",
  "tax_rates.create description": "A note about the rate, for yourself (customers do not see it), up to 5000 characters.",
  "tax_rates.update description": "A note about the rate, for yourself; `\"\"` unsets it.",
  jurisdiction: "The jurisdiction the rate is for, a label for tax reporting, up to 50 characters; `\"\"` unsets it on update.",
  state: "The state, province or region the rate is for (ISO 3166-2 subdivision code without the country, up to 2 characters). `\"\"` unsets it on update.",
  tax_type: "The kind of tax: `vat`, `gst`, `sales_tax`, `hst`, `pst`, `qst`, `rst`, `igst`, `jct`, `service_tax`, `lease_tax`, `amusement_tax`, `communications_tax` or `retail_delivery_fee`; `\"\"` unsets it on update.",
  "coupons.create id": "An id of your own for the coupon (letters, digits, `_`, `-`; up to 255), else Till makes one.",
  percent_off: "What the coupon takes off, in percent: above 0, at most 100, up to two decimals (`12.5`). Or `amount_off`.",
  amount_off: "What the coupon takes off, in `currency`'s minor unit (1 to 99,999,999). Or `percent_off`.",
  "coupons.create currency": "The currency of `amount_off`, required with it (a session in another currency cannot take the coupon); not with `percent_off`.",
  duration: "`once` (the default), `repeating` or `forever`: how long a subscription keeps the discount; a one-time payment takes it once, whatever it says.",
  duration_in_months: "With `duration=repeating` (and only then): how many months, 1 to 1200.",
  max_redemptions: "How many times it can be redeemed in all (1 to 1,000,000,000); a payment in flight counts.",
  redeem_by: "The last moment it can be redeemed, Unix seconds, in the future.",
  applies_to: "`applies_to[products][]`: the products (up to 100) whose line items it discounts; all line items by default.",
  "coupons.create name": "The name customers see (the hosted page shows it with the discount), up to 40 characters.",
  "coupons.update name": "The name customers see, up to 40 characters; `\"\"` unsets it.",
  promotion: "The coupon the code redeems: `promotion[type]=coupon` with `promotion[coupon]` (an id). Or the older `coupon`.",
  "promotion_codes.create coupon": "The id of the coupon the code redeems (Stripe's older form of `promotion[coupon]`).",
  "promotion_codes.create code": "What customers type: letters, digits and `-`, up to 500; unique, in any case, among the account's active codes. Made up when absent.",
  "promotion_codes.create active": "Whether customers can redeem the code (default `true`).",
  "promotion_codes.update active": "`false` stops redemptions of the code; `true` resumes them, unless another active code has the same `code`.",
  "promotion_codes.create customer": "A customer id (`cus_…`): only that customer's sessions can redeem the code.",
  "promotion_codes.create expires_at": "When the code stops being redeemable, Unix seconds, in the future.",
  "promotion_codes.create max_redemptions": "How many times the code can be redeemed (1 to 1,000,000,000); the coupon's own limit applies too.",
  restrictions: "`first_time_transaction` (only customers who have not paid before), `minimum_amount` (the least subtotal before discounts, minor units) with `minimum_amount_currency`.",
  "promotion_codes.list active": "Only active (`true`) or inactive (`false`) codes.",
  "promotion_codes.list code": "Only codes with this `code`, in any case.",
  "promotion_codes.list coupon": "Only codes of this coupon.",
  "promotion_codes.list customer": "Only codes restricted to this customer.",
  amount_to_capture: "How much of `amount_capturable` to take (all by default); the rest is released.",
  statement_descriptor: "Text on the buyer's card statement, 5 to 22 characters.",
  statement_descriptor_suffix: "Appended to the account's statement descriptor, up to 22 characters.",
  cancellation_reason: "Why: `duplicate`, `fraudulent`, `requested_by_customer` or `abandoned`.",
  "events.list type": "Only events of this type; `*` matches any run of characters (`checkout.session.*`).",
  types: "Only events of one of these exact types (up to 20); not with `type`.",
  "webhookEndpoints.resendFailedDeliveries since": "Unix seconds: the failed deliveries created at or after it are sent again.",
  "webhookEndpoints.create url": "Where deliveries go: an absolute http(s) URL; private addresses only where the operator allows them (test mode by default).",
  "webhookEndpoints.update url": "A new delivery URL, checked as on create.",
  enabled_events: "The event types to deliver, or `[\"*\"]` for all.",
  "webhookEndpoints.create description": "A note for yourself about the endpoint.",
  "webhookEndpoints.update description": "A note for yourself about the endpoint.",
  api_version: "Pins the API version of the events this endpoint receives (by default each event keeps the version of the request that caused it).",
  disabled: "`true` stops deliveries to the endpoint; `false` resumes them.",
  "products.create id": "An id of your own for the product (else Till makes one).",
  name: "The name customers see.",
  "customers.create name": "The customer's full name or business name.",
  "customers.update name": "The customer's full name or business name.",
  description: "A longer description, shown to customers where Stripe shows it.",
  "customers.create description": "A note about the customer, for yourself.",
  "customers.update description": "A note about the customer, for yourself.",
  images: "Up to 8 absolute image URLs.",
  "products.create url": "A public page about the product.",
  "products.update url": "A public page about the product.",
  default_price_data: "A price to create with the product and make its `default_price`: `currency`, `unit_amount` or `unit_amount_decimal`, `recurring`, `tax_behavior`.",
  default_price: "The id of one of the product's prices to show as its default.",
  "products.create type": "`service` (Stripe's default) or `good`.",
  shippable: "Whether the product is shipped (kept; shipping is charged per session, through its `shipping_options`).",
  unit_label: "What one unit is called, up to 12 characters.",
  ids: "Only the products with these ids.",
  product: "The id of the product the price belongs to.",
  "prices.list product": "Only prices of this product.",
  "prices.list currency": "Only prices in this currency.",
  product_data: "A product to create with the price: `name` and its other fields.",
  unit_amount: "The price in the currency's minor unit, 0 to 99,999,999.",
  unit_amount_decimal: "The price in the currency's minor unit with up to 12 decimals, as a string; instead of `unit_amount`.",
  recurring: "Makes a recurring price: `interval` (`day`, `week`, `month`, `year`), `interval_count`, `trial_period_days`. Sessions in `mode=payment` cannot sell it.",
  tax_behavior: "`inclusive`, `exclusive` or `unspecified` (kept; Till computes no tax).",
  nickname: "A name for the price, for yourself.",
  lookup_key: "A key of your own to find the price by (`lookup_keys[]`), unique per account and mode.",
  transfer_lookup_key: "`true` moves the `lookup_key` from the price that has it to this one.",
  billing_scheme: "Only `per_unit`.",
  "prices.list type": "Only `one_time` or `recurring` prices.",
  lookup_keys: "Only prices with one of these lookup keys (up to 10).",
  address: "The customer's address: `line1`, `line2`, `city`, `state`, `postal_code`, `country`.",
  balance: "The customer's balance in the minor unit (kept; Till bills no balances).",
  business_name: "The customer's business name.",
  individual_name: "The customer's individual name.",
  email: "The customer's e-mail address.",
  "customers.list email": "Only customers with this e-mail address.",
  invoice_prefix: "A prefix for the customer's invoice numbers (kept; Till makes no invoices).",
  next_invoice_sequence: "The next invoice number's sequence (kept; Till makes no invoices).",
  phone: "The customer's phone number.",
  preferred_locales: "The customer's preferred languages, most preferred first.",
  shipping: "Where to ship: `name`, `address`, `phone` (kept; Till does no shipping).",
  tax_exempt: "`none`, `exempt` or `reverse` (kept; Till computes no tax).",
  validate: "Accepted and changes nothing (Stripe validates payment sources with it).",
  "customers.create payment_method": `${UNSUPPORTED}: attaching payment methods to customers.`,
  cash_balance: `${UNSUPPORTED}: cash balances.`,
  invoice_settings: `${UNSUPPORTED}: invoices.`,
  source: `${UNSUPPORTED}: payment sources.`,
  default_source: `${UNSUPPORTED}: payment sources.`,
  tax: `${UNSUPPORTED}: tax location.`,
  tax_id_data: `${UNSUPPORTED}: customer tax ids.`,
  test_clock: `${UNSUPPORTED}: test clocks.`,
  // Stripe's session parameters for features Till lacks: the message a caller gets for each
  ...Object.fromEntries(
    Object.entries(UNSUPPORTED_SESSION_PARAMS).map(([param, entry]) => [`checkoutSessions.create ${param}`, unsupportedMessage(param, entry)])
  )
}

/** The description of parameter `name` of operation `operationId`, or undefined when the table has none. */
export const parameterDescription = (operationId: string, name: string): string | undefined =>
  PARAMETER_DESCRIPTIONS[`${operationId} ${name}`] ?? PARAMETER_DESCRIPTIONS[name]

type Json = Record<string, any>

/**
 * Integer parameters accept a JSON number or a decimal string (form bodies carry only strings), so the
 * generator renders them as `anyOf` of both, under the `{ type: "integer", minimum, maximum }` that
 * their schema (`Params.Integer` in the core) declares. The document states the integer alone, as
 * Stripe's does: form encoding is how any typed field travels.
 */
const integersAlone = (node: unknown): void => {
  if (Array.isArray(node)) return node.forEach(integersAlone)
  if (node === null || typeof node !== "object") return
  const schema = node as Json
  if (schema.type === "integer" && Array.isArray(schema.anyOf)) delete schema.anyOf
  Object.values(schema).forEach(integersAlone)
}

const OPERATIONS = ["get", "post", "delete", "put", "patch"] as const

/** Completes the generated document: a description on every parameter the table knows, integers as integers. */
export const complete = (spec: Json): Json => {
  const components: Json = spec.components?.schemas ?? {}
  const resolve = (schema: Json | undefined): Json | undefined =>
    typeof schema?.$ref === "string" ? components[schema.$ref.split("/").pop() ?? ""] : schema
  for (const item of Object.values<Json>(spec.paths ?? {})) {
    for (const method of OPERATIONS) {
      const operation: Json | undefined = item[method]
      if (operation === undefined) continue
      const describe = (name: string) => parameterDescription(operation.operationId, name)
      for (const parameter of operation.parameters ?? []) {
        parameter.description ??= parameter.schema?.description ?? describe(parameter.name)
      }
      for (const media of Object.values<Json>(operation.requestBody?.content ?? {})) {
        const properties: Json = resolve(media.schema)?.properties ?? {}
        for (const [name, property] of Object.entries<Json>(properties)) {
          const description = property.description ?? describe(name)
          if (description !== undefined) property.description = description
        }
      }
    }
  }
  integersAlone(spec)
  return spec
}
