/**
 * The schema's migrations, listed here rather than read from a folder, so the same list runs from
 * `src` (TypeScript) and from `dist` (JavaScript).
 */
import type { Kysely } from "kysely"
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration"
import * as Accounts from "./migrations/20261121120000_accounts.ts"
import * as CheckoutSessions from "./migrations/20261121120100_checkout_sessions.ts"
import * as Events from "./migrations/20261121120200_events.ts"
import * as IdempotencyKeys from "./migrations/20261121120300_idempotency_keys.ts"
import * as LinksAndEndpoints from "./migrations/20261121120400_payment_links_and_webhook_endpoints.ts"
import * as WebhookDeliveries from "./migrations/20261121130000_webhook_deliveries.ts"
import * as PaymentReconciliation from "./migrations/20261129120000_payment_reconciliation.ts"
import * as InstallationSecrets from "./migrations/20261130120000_installation_secrets.ts"
import * as RowVersions from "./migrations/20261201120000_row_versions.ts"
import * as ProductsAndPrices from "./migrations/20261207110000_products_and_prices.ts"
import * as Customers from "./migrations/20261207120000_customers.ts"
import * as RefundsAndCharges from "./migrations/20261208100000_refunds_and_charges.ts"
import * as TaxRates from "./migrations/20261208200000_tax_rates.ts"
import * as CouponsAndPromotionCodes from "./migrations/20261208200100_coupons_and_promotion_codes.ts"
import * as EventFeed from "./migrations/20261208300000_event_feed.ts"
import * as KeyExpiry from "./migrations/20261208300100_key_expiry.ts"
import * as AccountProfilesAndFiles from "./migrations/20261209110000_account_profiles_and_files.ts"
import * as ShippingRates from "./migrations/20261209130000_shipping_rates.ts"
import * as ReceiptEmails from "./migrations/20261209140000_receipt_emails.ts"
import * as EmbedSettings from "./migrations/20261209150000_embed_settings.ts"
import * as SessionRecovery from "./migrations/20261209150100_session_recovery.ts"
import * as DashboardUsers from "./migrations/20261209160000_dashboard_users.ts"
import * as DeliveriesByEndpoint from "./migrations/20261209160100_deliveries_by_endpoint.ts"
import * as EventsByObject from "./migrations/20261209160200_events_by_object.ts"
import * as AuditRecords from "./migrations/20261210100000_audit_records.ts"
import * as SessionsByAmount from "./migrations/20261210100100_sessions_by_amount.ts"
import * as WebhookPreviousSecret from "./migrations/20261210110000_webhook_previous_secret.ts"
import * as RestrictedKeys from "./migrations/20261210120000_restricted_keys.ts"
import * as DisabledDashboardUsers from "./migrations/20261210120100_disabled_dashboard_users.ts"
import * as ProcessorSettings from "./migrations/20261210130000_processor_settings.ts"
import * as ProcessorReferences from "./migrations/20261210140000_processor_references.ts"

/** Every migration by name; names sort in the order they run. */
export const migrations: Readonly<Record<string, Migration>> = {
  "20261121120000_accounts": Accounts,
  "20261121120100_checkout_sessions": CheckoutSessions,
  "20261121120200_events": Events,
  "20261121120300_idempotency_keys": IdempotencyKeys,
  "20261121120400_payment_links_and_webhook_endpoints": LinksAndEndpoints,
  "20261121130000_webhook_deliveries": WebhookDeliveries,
  "20261129120000_payment_reconciliation": PaymentReconciliation,
  "20261130120000_installation_secrets": InstallationSecrets,
  "20261201120000_row_versions": RowVersions,
  "20261207110000_products_and_prices": ProductsAndPrices,
  "20261207120000_customers": Customers,
  "20261208100000_refunds_and_charges": RefundsAndCharges,
  "20261208200000_tax_rates": TaxRates,
  "20261208200100_coupons_and_promotion_codes": CouponsAndPromotionCodes,
  "20261208300000_event_feed": EventFeed,
  "20261208300100_key_expiry": KeyExpiry,
  "20261209110000_account_profiles_and_files": AccountProfilesAndFiles,
  "20261209130000_shipping_rates": ShippingRates,
  "20261209140000_receipt_emails": ReceiptEmails,
  "20261209150000_embed_settings": EmbedSettings,
  "20261209150100_session_recovery": SessionRecovery,
  "20261209160000_dashboard_users": DashboardUsers,
  "20261209160100_deliveries_by_endpoint": DeliveriesByEndpoint,
  "20261209160200_events_by_object": EventsByObject,
  "20261210100000_audit_records": AuditRecords,
  "20261210100100_sessions_by_amount": SessionsByAmount,
  "20261210110000_webhook_previous_secret": WebhookPreviousSecret,
  "20261210120000_restricted_keys": RestrictedKeys,
  "20261210120100_disabled_dashboard_users": DisabledDashboardUsers,
  "20261210130000_processor_settings": ProcessorSettings,
  "20261210140000_processor_references": ProcessorReferences
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }

/** A migrator over the listed migrations (Kysely's own lock keeps two processes from migrating at once). */
export const migrator = (db: Kysely<any>): Migrator => new Migrator({ db, provider })

/** Runs every pending migration; rejects with the first failure, after rolling back that migration. */
export const migrateToLatest = async (db: Kysely<any>): Promise<ReadonlyArray<string>> => {
  const { error, results } = await migrator(db).migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName
    throw new Error(`database migration ${failed ?? "setup"} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error
    })
  }
  return (results ?? []).map((r) => r.migrationName)
}
