/**
 * Every port this package implements, over one Db.
 */
import type {
  AccountRepository,
  CatalogRepository,
  CustomerRepository,
  DashboardUserRepository,
  EmbedSettingsRepository,
  EventRepository,
  FileRepository,
  IdempotencyStore,
  PaymentLinkRepository,
  ProcessorSettingsRepository,
  RefundRepository,
  SessionRepository,
  PromotionRepository,
  ShippingRateRepository,
  TaxRateRepository,
  TestProcessorLedger,
  WebhookDeliveryRepository,
  WebhookEndpointRepository
} from "@till/core"
import { Layer } from "effect"
import * as AccountRepositoryPg from "./AccountRepositoryPg.ts"
import * as CatalogRepositoryPg from "./CatalogRepositoryPg.ts"
import * as CustomerRepositoryPg from "./CustomerRepositoryPg.ts"
import * as FileRepositoryPg from "./FileRepositoryPg.ts"
import * as DashboardUserRepositoryPg from "./DashboardUserRepositoryPg.ts"
import type { Db } from "./Db.ts"
import * as EmbedSettingsRepositoryPg from "./EmbedSettingsRepositoryPg.ts"
import type { SessionEventSink } from "./SessionEventSink.ts"
import * as EventRepositoryPg from "./EventRepositoryPg.ts"
import * as IdempotencyStorePg from "./IdempotencyStorePg.ts"
import * as PaymentLinkRepositoryPg from "./PaymentLinkRepositoryPg.ts"
import * as ProcessorSettingsRepositoryPg from "./ProcessorSettingsRepositoryPg.ts"
import * as RefundRepositoryPg from "./RefundRepositoryPg.ts"
import * as SessionRepositoryPg from "./SessionRepositoryPg.ts"
import * as PromotionRepositoryPg from "./PromotionRepositoryPg.ts"
import * as ShippingRateRepositoryPg from "./ShippingRateRepositoryPg.ts"
import * as TaxRateRepositoryPg from "./TaxRateRepositoryPg.ts"
import * as TestProcessorLedgerPg from "./TestProcessorLedgerPg.ts"
import * as WebhookDeliveryRepositoryPg from "./WebhookDeliveryRepositoryPg.ts"
import * as WebhookEndpointRepositoryPg from "./WebhookEndpointRepositoryPg.ts"

/** Every port this package implements. */
export type Ports =
  | SessionRepository
  | EventRepository
  | AccountRepository
  | IdempotencyStore
  | PaymentLinkRepository
  | WebhookEndpointRepository
  | WebhookDeliveryRepository
  | TestProcessorLedger
  | CatalogRepository
  | CustomerRepository
  | RefundRepository
  | TaxRateRepository
  | PromotionRepository
  | EmbedSettingsRepository
  | FileRepository
  | DashboardUserRepository
  | ShippingRateRepository
  | ProcessorSettingsRepository

/**
 * All the repositories (with the idempotency store and the test processor's ledger) over the Db; the
 * session repository hands its writes' events to the SessionEventSink, which the composition provides.
 */
export const layer: Layer.Layer<Ports, never, Db | SessionEventSink> = Layer.mergeAll(
  SessionRepositoryPg.layer,
  EventRepositoryPg.layer,
  AccountRepositoryPg.layer,
  IdempotencyStorePg.layer,
  PaymentLinkRepositoryPg.layer,
  WebhookEndpointRepositoryPg.layer,
  WebhookDeliveryRepositoryPg.layer,
  TestProcessorLedgerPg.layer,
  CatalogRepositoryPg.layer,
  CustomerRepositoryPg.layer,
  RefundRepositoryPg.layer,
  TaxRateRepositoryPg.layer,
  PromotionRepositoryPg.layer,
  EmbedSettingsRepositoryPg.layer,
  FileRepositoryPg.layer,
  DashboardUserRepositoryPg.layer,
  ShippingRateRepositoryPg.layer,
  ProcessorSettingsRepositoryPg.layer
)
