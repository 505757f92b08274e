/**
 * `@till/core/testing`: layers to unit-test business rules against the core with no database.
 */
import { Layer } from "effect"
import { Accounts } from "../Accounts.ts"
import { Audit } from "../Audit.ts"
import { AccountProfiles } from "../AccountProfiles.ts"
import { Files } from "../Files.ts"
import { Catalog } from "../Catalog.ts"
import { Charges } from "../Charges.ts"
import { CheckoutSessions } from "../CheckoutSessions.ts"
import { Customers } from "../Customers.ts"
import { EmbeddedCheckout } from "../EmbeddedCheckout.ts"
import { EventLog } from "../EventLog.ts"
import { PaymentLinks } from "../PaymentLinks.ts"
import { TaxRates } from "../TaxRates.ts"
import { ShippingRates } from "../ShippingRates.ts"
import { Promotions } from "../Promotions.ts"
import { Receipts } from "../Receipts.ts"
import { WebhookDeliveries } from "../WebhookDeliveries.ts"
import { WebhookEndpoints } from "../WebhookEndpoints.ts"
import type { EventSnapshots } from "../ports/EventSnapshots.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import * as TestPaymentProcessor from "../TestPaymentProcessor.ts"
import * as InMemoryAccounts from "./InMemoryAccounts.ts"
import * as InMemoryAudit from "./InMemoryAudit.ts"
import * as InMemoryDeliveries from "./InMemoryDeliveries.ts"
import * as InMemoryEmbedSettings from "./InMemoryEmbedSettings.ts"
import * as InMemoryFiles from "./InMemoryFiles.ts"
import * as InMemoryLinks from "./InMemoryLinks.ts"
import * as InMemoryProcessorLedger from "./InMemoryProcessorLedger.ts"
import * as InMemoryRepository from "./InMemoryRepository.ts"
import * as InMemoryProcessorSettings from "./InMemoryProcessorSettings.ts"
import * as AesGcmCipher from "../AesGcmCipher.ts"
import { ProcessorNotifications } from "../ProcessorNotifications.ts"
import { ProcessorSettings } from "../ProcessorSettings.ts"
import * as PlainSnapshots from "./PlainSnapshots.ts"
import * as StubWebhookUrlGuard from "./StubWebhookUrlGuard.ts"

export * as InMemoryAccounts from "./InMemoryAccounts.ts"
export * as InMemoryAudit from "./InMemoryAudit.ts"
export * as InMemoryCatalog from "./InMemoryCatalog.ts"
export * as InMemoryCustomers from "./InMemoryCustomers.ts"
export * as InMemoryDashboardUsers from "./InMemoryDashboardUsers.ts"
export * as InMemoryDeliveries from "./InMemoryDeliveries.ts"
export * as InMemoryEmbedSettings from "./InMemoryEmbedSettings.ts"
export * as InMemoryFiles from "./InMemoryFiles.ts"
export * as InMemoryLinks from "./InMemoryLinks.ts"
export * as InMemoryProcessorLedger from "./InMemoryProcessorLedger.ts"
export * as InMemoryRefunds from "./InMemoryRefunds.ts"
export * as InMemoryRepository from "./InMemoryRepository.ts"
export * as InMemoryProcessorSettings from "./InMemoryProcessorSettings.ts"
export * as InMemoryProcessorReferences from "./InMemoryProcessorReferences.ts"
export * as InMemoryTaxRates from "./InMemoryTaxRates.ts"
export * as InMemoryShippingRates from "./InMemoryShippingRates.ts"
export * as InMemoryPromotions from "./InMemoryPromotions.ts"
export * as PlainSnapshots from "./PlainSnapshots.ts"
export * as SequentialIds from "./SequentialIds.ts"
export * as StubWebhookUrlGuard from "./StubWebhookUrlGuard.ts"
export * as TestPaymentProcessor from "../TestPaymentProcessor.ts"

/**
 * The use cases over fresh in-memory stores, the test processor, random ids, the given event snapshots
 * and a webhook URL guard that accepts every URL; the repositories stay in the output so a test can
 * inspect what was written. An adapter's tests pass its own snapshots (the HTTP adapter's wire shape).
 */
export const layerWith = <E, R>(snapshots: Layer.Layer<EventSnapshots, E, R>) =>
  ProcessorNotifications.layer.pipe(Layer.provideMerge(Layer.mergeAll(PaymentLinks.layer, WebhookEndpoints.layer, WebhookDeliveries.layer, Catalog.layer, Customers.layer, Charges.layer, EmbeddedCheckout.layer, Receipts.layer, ShippingRates.layer, Audit.layer).pipe(
    Layer.provideMerge(
      Layer.mergeAll(CheckoutSessions.layer, Accounts.layer, EventLog.layer, TaxRates.layer, Promotions.layer, AccountProfiles.layer, Files.layer)
    ),
    Layer.provideMerge(
      Layer.mergeAll(
        InMemoryRepository.layer,
        InMemoryEmbedSettings.layer,
        InMemoryAccounts.layer,
        InMemoryLinks.layer,
        InMemoryDeliveries.layer,
        InMemoryFiles.layer,
        InMemoryAudit.layer,
        TestPaymentProcessor.layer.pipe(Layer.provideMerge(InMemoryProcessorLedger.layer)),
        IdGenerator.layerRandom,
        snapshots,
        StubWebhookUrlGuard.layer
      )
    ),
    // processor settings: stored in memory, and no encryption key (credentials are refused) unless a test provides a cipher
    Layer.provideMerge(Layer.mergeAll(ProcessorSettings.layer, ProcessorSettings.configsLayer)),
    Layer.provideMerge(Layer.mergeAll(InMemoryProcessorSettings.layer, AesGcmCipher.layer(undefined)))
  )))

/** {@link layerWith} the core's plain event snapshots: the core alone, nothing else to provide. */
export const layer = layerWith(PlainSnapshots.layer)
