/**
 * Use cases of receipts: a paid session's receipt found by its address (the receipt page, which needs
 * no API key: the address's secret is the credential) or by its session (the e-mailed receipt). A
 * receipt is the session, its charge as refunds leave it, and the merchant.
 */
import { Context, Effect, Layer, Option } from "effect"
import { type Charge, chargeIdOf, chargeOf, paymentIntentOfCharge } from "./Charge.ts"
import type { SessionState } from "./CheckoutSession.ts"
import { ResourceMissing } from "./Errors.ts"
import { secretsEqual } from "./Ids.ts"
import { AccountRepository } from "./ports/AccountRepository.ts"
import { RefundRepository } from "./ports/RefundRepository.ts"
import { SessionRepository } from "./ports/SessionRepository.ts"
import { hasReceipt, merchantOf, type ReceiptMerchant } from "./Receipt.ts"

/** Everything a receipt shows. */
export interface ReceiptOf {
  readonly state: SessionState
  readonly charge: Charge
  readonly merchant: ReceiptMerchant
}

/** Use cases of receipts. */
export class Receipts extends Context.Service<Receipts>()("till/Receipts", {
  make: Effect.gen(function*() {
    const sessions = yield* SessionRepository
    const refunds = yield* RefundRepository
    const accounts = yield* AccountRepository

    /** The receipt of a session, or None when it has none (not paid, or its payment only held). */
    const ofState = Effect.fnUntraced(function*(state: SessionState) {
      const pi = state.payment_intent
      if (pi === null || !hasReceipt(state)) return Option.none<ReceiptOf>()
      const id = chargeIdOf(pi.id)
      const stored = yield* refunds.listByCharges([id])
      const record = Option.getOrNull(yield* refunds.findCharge(id))
      const charge = chargeOf(state, stored.map((s) => s.refund), record?.details ?? null)
      const account = yield* accounts.findAccount(state.account)
      if (charge === null || Option.isNone(account)) return Option.none<ReceiptOf>()
      const profile = Option.getOrUndefined(yield* accounts.findProfile(state.account))?.profile
      return Option.some<ReceiptOf>({ state, charge, merchant: merchantOf(account.value.account, profile) })
    })

    /**
     * The receipt at an address: the charge's id and its receipt secret. Any mismatch (no such charge,
     * a wrong secret, an intent from before receipts, a payment only held) is the same ResourceMissing,
     * so an address tells nothing about what it does not open.
     */
    const byAddress = Effect.fn("Receipts.byAddress")(function*(chargeId: string, secret: string) {
      const missing = new ResourceMissing({ object: "receipt", id: chargeId, param: null })
      const pi = paymentIntentOfCharge(chargeId)
      if (pi === undefined) return yield* missing
      const found = yield* sessions.findByPaymentIntent(pi)
      const stored = Option.getOrNull(found)?.payment_intent?.receipt_secret ?? null
      if (Option.isNone(found) || stored === null || !secretsEqual(stored, secret)) return yield* missing
      const receipt = yield* ofState(found.value)
      if (Option.isNone(receipt)) return yield* missing
      return receipt.value
    })

    /** The receipt of a session by its id, or None when it has none. */
    const ofSession = Effect.fn("Receipts.ofSession")(function*(sessionId: string) {
      const found = yield* sessions.findById(sessionId)
      return Option.isNone(found) ? Option.none<ReceiptOf>() : yield* ofState(found.value)
    })

    return { byAddress, ofSession } as const
  })
}) {
  /** The use cases over whatever repositories are provided. */
  static readonly layer = Layer.effect(Receipts, Receipts.make)
}
