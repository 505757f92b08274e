/**
 * Registers every contract suite against one store that provides every port.
 */
import { describe, type Vitest } from "@effect/vitest"
import type {
  AccountRepository,
  EventRepository,
  IdempotencyStore,
  PaymentLinkRepository,
  SessionRepository,
  WebhookEndpointRepository
} from "@till/core"
import { accountRepositoryContract } from "./AccountRepositoryContract.ts"
import { eventRepositoryContract } from "./EventRepositoryContract.ts"
import { idempotencyStoreContract } from "./IdempotencyStoreContract.ts"
import { paymentLinkRepositoryContract, webhookEndpointRepositoryContract } from "./LinksAndEndpointsContract.ts"
import { sessionRepositoryContract } from "./SessionRepositoryContract.ts"

/** Every port this package implements. */
export type Ports =
  | SessionRepository
  | EventRepository
  | AccountRepository
  | IdempotencyStore
  | PaymentLinkRepository
  | WebhookEndpointRepository

/** Registers the contracts of every port. */
export const allContracts = (it: Vitest.MethodsNonLive<Ports>) => {
  describe("AccountRepository", () => accountRepositoryContract(it))
  describe("SessionRepository", () => sessionRepositoryContract(it))
  describe("EventRepository", () => eventRepositoryContract(it))
  describe("IdempotencyStore", () => idempotencyStoreContract(it))
  describe("PaymentLinkRepository", () => paymentLinkRepositoryContract(it))
  describe("WebhookEndpointRepository", () => webhookEndpointRepositoryContract(it))
}
