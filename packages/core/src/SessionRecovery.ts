/**
 * Recovery of expired sessions (`after_expiration[recovery]`, Stripe's abandoned-cart recovery), as
 * pure functions: whether a recovery link may open a session now, and the session it opens, a copy of
 * the expired one. CheckoutSessions.recover runs them against the stores; docs/recovery.md says what
 * is copied and why.
 */
import { Result } from "effect"
import type { Recovery, SessionState } from "./CheckoutSession.ts"
import type { SessionDiscount } from "./Coupon.ts"
import { RecoveryUnavailable, ResourceMissing, type ValidationError } from "./Errors.ts"
import { discountIdFor, Prefix, secretsEqual } from "./Ids.ts"
import { discountInputOf, EXPIRY_WINDOW } from "./SessionMachine.ts"
import { amountsOf } from "./SessionTotals.ts"

/** What an unknown link is answered with: nothing about which part was wrong. */
const unknown = () => new ResourceMissing({ object: "recovery link", id: "", param: null })

/**
 * The recovery of `state` (as read now, see SessionMachine.view) that `token` opens at `now`: the
 * session asked for recovery, has expired (a link exists only from then on), and the token is its
 * link's. Past the link's `expires_at` it is RecoveryUnavailable (`expired`); otherwise unknown.
 */
export const checkLink = (state: SessionState, token: string, now: number): Result.Result<Recovery, ResourceMissing | RecoveryUnavailable> => {
  const recovery = state.session.after_expiration?.recovery ?? null
  if (recovery === null || !recovery.enabled || recovery.token === null || !secretsEqual(recovery.token, token)) return Result.fail(unknown())
  if (state.session.status !== "expired" || recovery.expires_at === null) return Result.fail(unknown())
  if (now >= recovery.expires_at) return Result.fail(new RecoveryUnavailable({ id: state.session.id, reason: "expired" }))
  return Result.succeed(recovery)
}

/** What opening a recovered session needs besides the expired one. */
export interface RecoveryInput {
  /** The new session's id and client secret, from `IdGenerator`. */
  readonly id: string
  readonly client_secret: string
  readonly now: number
  /** The expired session's discount if it still applies (checked again by the caller), else none. */
  readonly discounts: ReadonlyArray<Omit<SessionDiscount, "id">>
  /** The expired session's customer if it still exists, else null. */
  readonly customer: string | null
}

/**
 * The session a recovery link opens: a copy of the expired `original` (its line items at the prices
 * they had, its customer, e-mail, metadata, reference, locale, country, payment options and
 * `payment_intent_data`), open for the default 24 hours, on the hosted page, taking promotion codes
 * as the recovery says, and naming where it came from (`recovered_from`). An embedded original's
 * `return_url` becomes the copy's `success_url`: the link opens Till's hosted page, not the merchant's
 * page that embedded the first. The copy has no recovery of its own: the original's link opens
 * another copy should this one expire too. Its amounts are computed again, since a discount may have
 * been dropped; that can fail only as creation would.
 */
export const recoveredState = (original: SessionState, recovery: Recovery, input: RecoveryInput): Result.Result<SessionState, ValidationError> => {
  const s = original.session
  const suffix = input.id.slice(input.id.lastIndexOf("_") + 1)
  const items = original.line_items.map(({ discounts: _d, taxes: _t, ...item }, i) => ({
    ...item,
    id: `${Prefix.lineItem}${suffix}${i.toString(36).padStart(2, "0")}`
  }))
  const discounts: ReadonlyArray<SessionDiscount> = input.discounts.map((d, i) => ({ ...d, id: discountIdFor(input.id, i) }))
  const amounts = amountsOf(items, discounts.map(discountInputOf), s.country, { total: "line_items", discount: "discounts" })
  if (Result.isFailure(amounts)) return Result.fail(amounts.failure)
  const { line_items, ...totals } = amounts.success
  const embedded = s.ui_mode === "embedded_page"
  return Result.succeed({
    account: original.account,
    version: 1,
    session: {
      ...s,
      ...totals,
      id: input.id,
      status: "open",
      payment_status: "unpaid",
      created: input.now,
      expires_at: input.now + EXPIRY_WINDOW.default,
      success_url: embedded ? s.return_url : s.success_url,
      cancel_url: embedded ? null : s.cancel_url,
      return_url: embedded ? null : s.return_url,
      customer: input.customer,
      customer_creation: input.customer === null && s.customer_creation === null ? "if_required" : s.customer_creation,
      client_secret: input.client_secret,
      payment_intent: null,
      discounts,
      allow_promotion_codes: recovery.allow_promotion_codes,
      ui_mode: "hosted_page",
      redirect_on_completion: null,
      after_expiration: null,
      recovered_from: s.id
    },
    line_items,
    payment_intent: null,
    attempt: null
  })
}
