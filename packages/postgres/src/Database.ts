/**
 * Kysely table types: the schema as the migrations leave it.
 */
import type { ColumnType, Generated } from "kysely"

/**
 * An `int8` column. Both backends read `int8` as a string (node-postgres's default, and the parser
 * Connection sets on PGlite), so values above 2^53 never lose precision silently; the adapters convert.
 */
export type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>

/** An `int8` column filled by its identity sequence: read only. */
export type Int8Identity = ColumnType<string, never, never>

/**
 * A `json` column: written as JSON text, read as the parsed value. `json` (not `jsonb`) keeps the
 * document verbatim, key order included, and nothing ever queries inside it.
 */
export type Json = ColumnType<unknown, string, string>

/**
 * Merchants. `seq` orders them by insertion, so the first account is the default one; `version`
 * makes writes conditional.
 */
export interface AccountsTable {
  readonly id: string
  readonly seq: Int8Identity
  readonly name: string
  readonly created: Int8
  readonly version: number
  /** The public details (business profile and branding); null until first set (AccountProfile's profileFromStored reads it). */
  readonly profile: ColumnType<unknown, string | null | undefined, string | null>
}

/** Files of accounts (branding images), content included; they never change. */
export interface FilesTable {
  readonly id: string
  readonly account: string
  readonly created: Int8
  readonly purpose: string
  readonly filename: string | null
  readonly size: number
  readonly type: string
  readonly sha256: string
  readonly content: ColumnType<Uint8Array, Uint8Array, never>
}

/** Secret keys, by the SHA-256 of the secret: the secret itself is never stored. */
export interface ApiKeysTable {
  readonly secret_hash: string
  readonly account: string
  readonly livemode: boolean
  readonly last4: string
  readonly created: Int8
  /** When a rolled key stops working (unix seconds); null: never. */
  readonly expires_at: ColumnType<string | null, number | null | undefined, number | null>
  /** A restricted key's permissions (resource to "read" or "write"); null: a full key. */
  readonly permissions: ColumnType<unknown, string | null | undefined, string | null>
}

/**
 * One row per session: the columns that lists filter and sort on, the session document in `doc` (see SessionRows.ts),
 * the unresolved attempt, and the `version` that makes writes conditional.
 */
export interface CheckoutSessionsTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly status: "open" | "complete" | "expired"
  readonly created: Int8
  readonly expires_at: Int8
  readonly customer: string | null
  /** `customer_details.email`, which the `customer_details[email]` list filter matches. */
  readonly customer_details_email: string | null
  readonly payment_intent: string | null
  readonly payment_link: string | null
  readonly client_reference_id: string | null
  readonly attempt_id: string | null
  readonly attempt_started_at: Int8 | null
  readonly version: number
  readonly doc: Json
  /** The expired session whose recovery link opened this one; null on every other (and on rows from before recovery). */
  readonly recovered_from: string | null
}

/** The line items of a session, in order. Written once, with the session. */
export interface CheckoutSessionLineItemsTable {
  readonly session_id: string
  readonly position: number
  readonly doc: Json
}

/** The payment intent of a session (at most one per session). */
export interface PaymentIntentsTable {
  readonly id: string
  readonly session_id: string
  readonly doc: Json
}

/** Events, immutable once written. `seq` is their insertion order, for a relay to follow. */
export interface EventsTable {
  readonly seq: Int8Identity
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly type: string
  readonly created: Int8
  readonly doc: Json
  /** The writing transaction (`xid8`, read as text), filled by its default: the event feed's order. */
  readonly txid: ColumnType<string, never, never>
}

/** Idempotency keys: a claim while the request runs (`response_status` null), then its response. */
export interface IdempotencyKeysTable {
  readonly account: string
  readonly livemode: boolean
  readonly key: string
  readonly fingerprint: string
  readonly started: Int8
  readonly response_status: number | null
  readonly response_body: string | null
  readonly completed: Int8 | null
}

/**
 * Payment links: columns for what is looked up, listed and locked (`token` is the secret part of the
 * link's public URL; `version` makes writes conditional), the rest in `doc` (see PaymentLinkRow).
 */
export interface PaymentLinksTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly created: Int8
  readonly token: string
  readonly version: number
  readonly doc: Json
}

/**
 * Webhook endpoints with their signing secrets: columns for what is looked up, listed and locked
 * (`version` makes writes conditional), the rest in `doc` (see WebhookEndpointRow).
 */
export interface WebhookEndpointsTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly created: Int8
  readonly secret: string
  /** A rolled secret that still signs until `previous_secret_expires_at` (20261210110000). */
  readonly previous_secret: ColumnType<string | null, string | null | undefined, string | null>
  readonly previous_secret_expires_at: ColumnType<string | null, number | null | undefined, number | null>
  readonly version: number
  readonly doc: Json
}

/** One event on its way to one endpoint: `pending` until a 2xx, `failed` once its retries are exhausted. */
export interface WebhookDeliveriesTable {
  readonly id: string
  readonly event_id: string
  readonly endpoint_id: string
  readonly account: string
  readonly livemode: boolean
  readonly status: "pending" | "succeeded" | "failed"
  readonly attempts: ColumnType<number, number | undefined, number>
  readonly created: Int8
}

/** Each HTTP attempt of a delivery; `seq` orders them. */
export interface WebhookDeliveryAttemptsTable {
  readonly seq: Int8Identity
  readonly id: string
  readonly delivery_id: string
  readonly created: Int8
  readonly status_code: number | null
  readonly latency_ms: number
  readonly error: string | null
  readonly succeeded: boolean
}

/** The test processor's ledger: one row per attempt it charged, declined or voided (see TestProcessorLedgerPg). */
export interface TestProcessorChargesTable {
  readonly attempt_id: string
  readonly payment_intent: string | null
  readonly amount: Int8
  readonly currency: string | null
  readonly outcome: Json
  readonly created: Int8
}

/** Secrets of the installation by purpose: random bytes made once, shared by every process. */
export interface InstallationSecretsTable {
  readonly name: string
  readonly secret: Uint8Array
  readonly created: Int8
}

/** Products: columns for what is looked up, listed and locked, the rest in `doc` (see CatalogRows). */
export interface ProductsTable {
  readonly account: string
  readonly livemode: boolean
  readonly id: string
  readonly created: Int8
  readonly active: boolean
  readonly version: number
  readonly doc: Json
}

/** Prices: columns for what lists filter on and what is unique (`lookup_key`), the rest in `doc` (see CatalogRows). */
export interface PricesTable {
  readonly account: string
  readonly livemode: boolean
  readonly id: string
  readonly created: Int8
  readonly product: string
  readonly active: boolean
  readonly currency: string
  readonly type: string
  readonly lookup_key: string | null
  readonly version: number
  readonly doc: Json
}

/**
 * Customers: columns for what is looked up, listed, filtered and locked (`email` for the list's filter,
 * `deleted` for the tombstone a deletion leaves, `version` makes writes conditional), the rest in `doc`
 * (see CustomerRow).
 */
export interface CustomersTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly created: Int8
  readonly email: string | null
  readonly deleted: boolean
  readonly version: number
  readonly doc: Json
}

/**
 * Refunds: columns for what is looked up, listed, summed and swept (`amount` and `status` for the sum a
 * reservation checks, `processor` and `asked_at` for reconciliation), the rest in `doc` (see RefundRows).
 */
export interface RefundsTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly charge: string
  readonly payment_intent: string
  readonly created: Int8
  readonly amount: Int8
  readonly status: string
  readonly processor: string
  readonly asked_at: Int8
  readonly version: number
  readonly doc: Json
}

/** Tax rates: columns for what is looked up, listed and filtered (`active`, `inclusive`), the rest in `doc` (see TaxRateRow). */
export interface TaxRatesTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly created: Int8
  readonly active: boolean
  readonly inclusive: boolean
  readonly version: number
  readonly doc: Json
}

/** Shipping rates: columns for what is looked up, listed and filtered (`active`, `currency`), the rest in `doc` (see ShippingRateRow). */
export interface ShippingRatesTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly created: Int8
  readonly active: boolean
  readonly currency: string
  readonly version: number
  readonly doc: Json
}

/** Records of charges: the row refunds of one charge lock, and the merchant's changes in `doc` (see RefundRows). */
export interface ChargesTable {
  readonly id: string
  readonly account: string
  readonly livemode: boolean
  readonly payment_intent: string
  readonly version: number
  readonly doc: Json
}

/** Coupons: `times_redeemed` and `max_redemptions` are columns so redemptions are counted by one conditional UPDATE (see CouponRows). */
export interface CouponsTable {
  readonly account: string
  readonly livemode: boolean
  readonly id: string
  readonly created: Int8
  readonly deleted: boolean
  readonly max_redemptions: number | null
  readonly times_redeemed: Generated<number>
  readonly version: number
  readonly doc: Json
}

/** Promotion codes: columns for what the list filters on, the uniqueness of active codes, and redemption counts (see CouponRows). */
export interface PromotionCodesTable {
  readonly account: string
  readonly livemode: boolean
  readonly id: string
  readonly created: Int8
  readonly code: string
  readonly coupon: string
  readonly active: boolean
  readonly customer: string | null
  readonly max_redemptions: number | null
  readonly times_redeemed: Generated<number>
  readonly version: number
  readonly doc: Json
}

/** Embedded checkout's settings per account and mode: the origins allowed to frame an embedded page (a JSON array). */
export interface EmbedSettingsTable {
  readonly account: string
  readonly livemode: boolean
  readonly allowed_origins: Json
  readonly updated: Int8
  readonly version: number
}

/** Processor settings per account and mode: the credentials only sealed (ProcessorSettings), with their last four characters. */
export interface ProcessorSettingsTable {
  readonly account: string
  readonly livemode: boolean
  readonly processor: string
  readonly sealed_credentials: string | null
  readonly credential_hints: Json
  readonly options: Json
  readonly updated: Int8
  readonly version: number
}

/** What connectors remember of their processors' references (ProcessorReferences), by connector and key. */
export interface ProcessorReferencesTable {
  readonly processor: string
  readonly key: string
  readonly value: string
}

/** Every table of Till's schema. */
export interface Database {
  readonly accounts: AccountsTable
  readonly api_keys: ApiKeysTable
  readonly files: FilesTable
  readonly checkout_sessions: CheckoutSessionsTable
  readonly checkout_session_line_items: CheckoutSessionLineItemsTable
  readonly payment_intents: PaymentIntentsTable
  readonly events: EventsTable
  readonly idempotency_keys: IdempotencyKeysTable
  readonly installation_secrets: InstallationSecretsTable
  readonly payment_links: PaymentLinksTable
  readonly webhook_endpoints: WebhookEndpointsTable
  readonly webhook_deliveries: WebhookDeliveriesTable
  readonly webhook_delivery_attempts: WebhookDeliveryAttemptsTable
  readonly test_processor_charges: TestProcessorChargesTable
  readonly products: ProductsTable
  readonly prices: PricesTable
  readonly customers: CustomersTable
  readonly refunds: RefundsTable
  readonly charges: ChargesTable
  readonly tax_rates: TaxRatesTable
  readonly coupons: CouponsTable
  readonly promotion_codes: PromotionCodesTable
  readonly embed_settings: EmbedSettingsTable
  readonly processor_settings: ProcessorSettingsTable
  readonly processor_references: ProcessorReferencesTable
  readonly shipping_rates: ShippingRatesTable
}
