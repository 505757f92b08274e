/**
 * Port: payment links.
 */
import { Context, type Effect, type Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { StoredPaymentLink } from "../PaymentLink.ts"
import type { Page, PageRequest } from "./SessionRepository.ts"

/**
 * Port: payment links, found by id or by the token of their public URL. Writes are conditional on the
 * version the caller read, so two changes made from the same read cannot both land.
 */
export class PaymentLinkRepository extends Context.Service<PaymentLinkRepository, {
  /** Stores a new link (at `stored.version`, 1). */
  readonly insert: (stored: StoredPaymentLink) => Effect.Effect<void>
  /**
   * Replaces a link whose stored version is `stored.version - 1`. Fails with ConcurrentModification
   * when another write came first or the link is not there: an update never creates a link.
   */
  readonly update: (stored: StoredPaymentLink) => Effect.Effect<void, ConcurrentModification>
  /** A link by id, whatever its account; callers check the scope. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredPaymentLink>>
  readonly findByToken: (token: string) => Effect.Effect<Option.Option<StoredPaymentLink>>
  /** Links of one scope, newest first (by `created`, then `id`). */
  readonly list: (scope: Scope, page: PageRequest) => Effect.Effect<Page<StoredPaymentLink>>
}>()("till/PaymentLinkRepository") {}
