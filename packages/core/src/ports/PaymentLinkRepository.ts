/**
 * Port: payment links.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { StoredPaymentLink } from "../PaymentLink.ts"
import type { Page, PageRequest } from "./SessionRepository.ts"

/** Port: payment links, found by id or by the token of their public URL. */
export class PaymentLinkRepository extends Context.Service<PaymentLinkRepository, {
  readonly insert: (stored: StoredPaymentLink) => Effect.Effect<void>
  readonly update: (stored: StoredPaymentLink) => Effect.Effect<void>
  /** A link by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredPaymentLink>>
  readonly findByToken: (token: string) => Effect.Effect<Option.Option<StoredPaymentLink>>
  /** Links of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, page: PageRequest) => Effect.Effect<Page<StoredPaymentLink>>
}>()("till/PaymentLinkRepository") {}
