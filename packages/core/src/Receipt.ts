/**
 * Receipts: who the merchant is on a receipt, and where a paid session's receipt is e-mailed. The
 * receipt itself is read from the session and its charge (its page and its e-mail are `@till/http`'s).
 */
import type { Account } from "./Account.ts"
import { type AccountProfile, EMPTY_PROFILE } from "./AccountProfile.ts"
import type { SessionState } from "./CheckoutSession.ts"

/**
 * The merchant as a receipt names it: its name and how a customer reaches its support. The one type
 * every receipt reads the merchant through, so what an account knows of itself is mapped in one place
 * ({@link merchantOf}).
 */
export interface ReceiptMerchant {
  readonly name: string
  readonly supportEmail: string | null
  readonly supportPhone: string | null
  readonly supportUrl: string | null
}

/** The receipt's merchant: the name and support contacts of the account's public details, else the account's name. */
export const merchantOf = (account: Account, profile: AccountProfile = EMPTY_PROFILE): ReceiptMerchant => ({
  name: profile.business_profile.name ?? account.name,
  supportEmail: profile.business_profile.support_email,
  supportPhone: profile.business_profile.support_phone,
  supportUrl: profile.business_profile.support_url
})

/**
 * Where a session's receipt is e-mailed: the payment intent's `receipt_email` when the merchant set
 * one (`payment_intent_data[receipt_email]`, as Stripe sends it there), else the customer's address as
 * the session collected it (`customer_details.email`, then `customer_email`); null when none is known.
 */
export const receiptAddressOf = (state: SessionState): string | null =>
  state.payment_intent?.receipt_email ?? state.session.customer_details?.email ?? state.session.customer_email ?? null

/** Whether a session's payment took the money, so it has a receipt: complete and paid (a held payment has none until captured). */
export const hasReceipt = (state: SessionState): boolean =>
  state.session.status === "complete" && state.payment_intent !== null && state.payment_intent.status === "succeeded"
