/**
 * Registers every contract suite against one store that provides every port.
 */
import { describe, type Vitest } from "@effect/vitest"
import type { WebhookDeliveryRepository } from "@till/core"
import type * as Repositories from "../../src/Repositories.ts"
import { accountRepositoryContract } from "./AccountRepositoryContract.ts"
import { answeredInsertContract } from "./AnsweredInsertContract.ts"
import { catalogRepositoryContract } from "./CatalogRepositoryContract.ts"
import { customerRepositoryContract } from "./CustomerRepositoryContract.ts"
import { embedSettingsRepositoryContract } from "./EmbedSettingsRepositoryContract.ts"
import { dashboardUserRepositoryContract } from "./DashboardUserRepositoryContract.ts"
import { eventRepositoryContract } from "./EventRepositoryContract.ts"
import { fileRepositoryContract } from "./FileRepositoryContract.ts"
import { idempotencyStoreContract } from "./IdempotencyStoreContract.ts"
import { paymentLinkRepositoryContract, webhookEndpointRepositoryContract } from "./LinksAndEndpointsContract.ts"
import { processorSettingsRepositoryContract } from "./ProcessorSettingsRepositoryContract.ts"
import { refundRepositoryContract } from "./RefundRepositoryContract.ts"
import { sessionRepositoryContract } from "./SessionRepositoryContract.ts"
import { taxRateRepositoryContract } from "./TaxRateRepositoryContract.ts"
import { promotionRepositoryContract } from "./PromotionRepositoryContract.ts"
import { shippingRateRepositoryContract } from "./ShippingRateRepositoryContract.ts"
import { testProcessorLedgerContract } from "./TestProcessorLedgerContract.ts"

/** The ports with a contract suite: every port the package implements but deliveries, tested on their own. */
export type Ports = Exclude<Repositories.Ports, WebhookDeliveryRepository>

/** Registers the contracts of every port. */
export const allContracts = (it: Vitest.MethodsNonLive<Ports>) => {
  describe("AccountRepository", () => accountRepositoryContract(it))
  describe("SessionRepository", () => sessionRepositoryContract(it))
  describe("EventRepository", () => eventRepositoryContract(it))
  describe("IdempotencyStore", () => idempotencyStoreContract(it))
  describe("SessionRepository.insertAnswered", () => answeredInsertContract(it))
  describe("PaymentLinkRepository", () => paymentLinkRepositoryContract(it))
  describe("WebhookEndpointRepository", () => webhookEndpointRepositoryContract(it))
  describe("TestProcessorLedger", () => testProcessorLedgerContract(it))
  describe("CatalogRepository", () => catalogRepositoryContract(it))
  describe("CustomerRepository", () => customerRepositoryContract(it))
  describe("RefundRepository", () => refundRepositoryContract(it))
  describe("TaxRateRepository", () => taxRateRepositoryContract(it))
  describe("PromotionRepository", () => promotionRepositoryContract(it))
  describe("EmbedSettingsRepository", () => embedSettingsRepositoryContract(it))
  describe("FileRepository", () => fileRepositoryContract(it))
  describe("DashboardUserRepository", () => dashboardUserRepositoryContract(it))
  describe("ShippingRateRepository", () => shippingRateRepositoryContract(it))
  describe("ProcessorSettingsRepository", () => processorSettingsRepositoryContract(it))
}
