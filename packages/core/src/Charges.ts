/**
 * Use cases of charges and refunds. A refund is reserved against its charge before the processor is
 * asked to make it (the reservation is what keeps concurrent refunds within what was captured), sent
 * with its id as the processor's idempotency key, and its answer recorded with retries while the store
 * is unreachable; a refund whose answer was lost, or whose outcome may still change, is asked about
 * again by `reconcileRefunds`, which the worker runs, and sent again (with the same id) only if the
 * processor never received it.
 */
import { Context, Effect, Layer, Option } from "effect"
import { type Charge, chargeIdOf, chargeOf, type ChargeRecord, type ListChargesParams, paymentIntentOfCharge, type UpdateChargeParams } from "./Charge.ts"
import { inScope, type Scope, type SessionState } from "./CheckoutSession.ts"
import {
  AttemptTimeout,
  nowSeconds,
  OUTCOME_WRITE_BACKOFF,
  OUTCOME_WRITE_RETRIES,
  pageRequest,
  processorTimeout,
  rangeOf,
  unavailableAsFailure
} from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { eventMaker } from "./EventMaker.ts"
import type { EventDraft } from "./Events.ts"
import { Prefix } from "./Ids.ts"
import * as Money from "./Money.ts"
import { checkMetadata } from "./Params.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { PaymentProcessor, type RefundOutcome, type RefundRequest } from "./ports/PaymentProcessor.ts"
import { type RefundFilter, RefundRepository } from "./ports/RefundRepository.ts"
import { type Page, SessionRepository } from "./ports/SessionRepository.ts"
import type { CreateRefundParams, ListRefundsParams, Refund, StoredRefund, UpdateRefundParams } from "./Refund.ts"
import * as RefundMachine from "./RefundMachine.ts"
import { mergeMetadata } from "./SessionMachine.ts"

/** A charge as loaded: the session whose intent made it, the charge as it reads, and its record (if any). */
interface Loaded {
  readonly state: SessionState
  readonly charge: Charge
  readonly record: ChargeRecord | null
}

/** The processor's request for a stored refund: the same every time it is sent, so the processor sees one refund. */
const requestOf = (account: string, refund: Refund, now: number): RefundRequest => ({
  account,
  refund_id: refund.id,
  payment_intent: refund.payment_intent,
  amount: refund.amount,
  currency: refund.currency,
  livemode: refund.livemode,
  reason: refund.reason,
  now
})

/** Use cases of charges and refunds. */
export class Charges extends Context.Service<Charges>()("till/Charges", {
  make: Effect.gen(function*() {
    const sessions = yield* SessionRepository
    const repo = yield* RefundRepository
    const processor = yield* PaymentProcessor
    const ids = yield* IdGenerator
    const eventsOf = eventMaker(ids, yield* EventSnapshots)

    const missingCharge = (id: string, param: string | null) => new ResourceMissing({ object: "charge", id, param })

    /** The charge of a session as it reads with the refunds and record stored now. */
    const chargeOfState = Effect.fnUntraced(function*(state: SessionState) {
      const pi = state.payment_intent
      if (pi === null) return null
      const id = chargeIdOf(pi.id)
      const refunds = yield* repo.listByCharges([id])
      const record = Option.getOrNull(yield* repo.findCharge(id))
      const charge = chargeOf(state, refunds.map((s) => s.refund), record?.details ?? null)
      return charge === null ? null : { state, charge, record } satisfies Loaded
    })

    /** A charge of the scope by id. */
    const loadCharge = Effect.fnUntraced(function*(scope: Scope, id: string, param: string | null = null) {
      const pi = paymentIntentOfCharge(id)
      if (pi === undefined) return yield* missingCharge(id, param)
      const found = yield* sessions.findByPaymentIntent(pi)
      if (Option.isNone(found) || !inScope(found.value, scope)) return yield* missingCharge(id, param)
      const loaded = yield* chargeOfState(found.value)
      if (loaded === null) return yield* missingCharge(id, param)
      return loaded
    })

    /** The charge a refund's parameters name (`charge` or `payment_intent`), and the parameter that named it. */
    const chargeToRefund = Effect.fnUntraced(function*(scope: Scope, params: CreateRefundParams) {
      if (params.charge === undefined && params.payment_intent === undefined) {
        return yield* new ValidationError({ code: "parameter_missing", message: "One of `charge` or `payment_intent` is required.", param: "charge" })
      }
      if (params.charge !== undefined && params.payment_intent !== undefined && chargeIdOf(params.payment_intent) !== params.charge) {
        return yield* new ValidationError({
          code: "parameter_invalid",
          message: `The charge ${params.charge} does not belong to the PaymentIntent ${params.payment_intent}.`,
          param: "charge"
        })
      }
      if (params.charge !== undefined) return { loaded: yield* loadCharge(scope, params.charge, "charge"), param: "charge" }
      const pi = params.payment_intent!
      const found = yield* sessions.findByPaymentIntent(pi)
      if (Option.isNone(found) || !inScope(found.value, scope) || found.value.payment_intent === null) {
        return yield* new ResourceMissing({ object: "payment_intent", id: pi, param: "payment_intent" })
      }
      const loaded = yield* chargeOfState(found.value)
      if (loaded === null) {
        return yield* new ValidationError({
          code: "charge_not_refundable",
          message: `This PaymentIntent (${pi}) does not have a successful charge to refund.`,
          param: "payment_intent"
        })
      }
      return { loaded, param: "payment_intent" }
    })

    const alreadyRefunded = (charge: Charge, param: string | null) =>
      new ValidationError({ code: "charge_already_refunded", message: `Charge ${charge.id} has already been refunded.`, param })

    const tooLarge = (charge: Charge, amount: number, refunded: number) =>
      new ValidationError({
        code: "amount_too_large",
        message: `Refund amount (${Money.format(amount, charge.currency)}) is greater than unrefunded amount on charge (${
          Money.format(charge.amount_captured - refunded, charge.currency)
        })`,
        param: "amount"
      })

    /**
     * Records a processor's answer for a refund on a fresh read, with the events it causes (the
     * charge's `charge.refunded` as the refund leaves it), retrying while the store is unreachable, as
     * a payment's outcome is. Answers the refund as stored afterwards.
     */
    const recordAnswer = (scope: Scope, id: string, answer: RefundOutcome) => {
      const write = Effect.gen(function*() {
        const fresh = Option.getOrThrow(yield* repo.findById(id))
        const now = yield* nowSeconds
        const recorded = RefundMachine.record(fresh, answer, now)
        if (recorded === null) return fresh
        const drafts: Array<EventDraft> = [...recorded.events]
        if (recorded.charge_refunded) {
          const loaded = yield* loadCharge(scope, fresh.refund.charge).pipe(Effect.orDie)
          const refunds = [recorded.stored.refund, ...loaded.charge.refunds.filter((r) => r.id !== id)]
          const charge = chargeOf(loaded.state, refunds, loaded.record?.details ?? null)!
          drafts.unshift({ type: "charge.refunded", object: charge })
        }
        yield* repo.update(recorded.stored, yield* eventsOf(scope, drafts, now))
        return recorded.stored
      }).pipe(retryOnConflict)
      return Effect.uninterruptible(write.pipe(
        unavailableAsFailure,
        Effect.retry({ schedule: OUTCOME_WRITE_BACKOFF, times: OUTCOME_WRITE_RETRIES, while: (e) => e._tag === "StoreUnavailable" }),
        Effect.catchTag("StoreUnavailable", (e) => Effect.die(e)),
        Effect.catchTag("ConcurrentModification", (e) => Effect.die(e))
      ))
    }

    /**
     * Refunds all of what is left of a charge, or `amount` of it. The refund is reserved first (none
     * is made when it would take the charge's refunds past what it captured), then sent; a processor
     * that does not answer in time leaves it `pending` for reconciliation.
     */
    const createRefund = Effect.fn("Charges.createRefund")(function*(scope: Scope, params: CreateRefundParams) {
      const { loaded, param } = yield* chargeToRefund(scope, params)
      const charge = loaded.charge
      if (!charge.captured && !charge.refunded) {
        return yield* new ValidationError({
          code: "charge_not_refundable",
          message: `This charge (${charge.id}) has not been captured, so there is nothing to refund; cancel its PaymentIntent (${charge.payment_intent}) to release the held funds.`,
          param
        })
      }
      if (charge.refunded && params.amount === undefined) return yield* alreadyRefunded(charge, null)
      const amount = params.amount ?? charge.amount_captured - charge.amount_refunded
      const metadata = params.metadata === undefined || params.metadata === "" ? {} : params.metadata
      const problem = checkMetadata(metadata)
      if (problem !== undefined) return yield* new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" })
      const now = yield* nowSeconds
      const refund: Refund = {
        id: yield* ids.make(Prefix.refund),
        amount,
        charge: charge.id,
        payment_intent: charge.payment_intent,
        currency: charge.currency,
        created: now,
        livemode: scope.livemode,
        metadata,
        reason: params.reason ?? null,
        status: "pending",
        failure_reason: null
      }
      const stored: StoredRefund = { account: scope.account, version: 1, processor: "unknown", asked_at: now, refund }
      // a released hold counts as fully refunded: nothing may be reserved against it
      const captured = charge.captured ? charge.amount_captured : 0
      const reservation = yield* repo.reserve(stored, captured, [])
      if (reservation._tag === "Exceeds") {
        return yield* reservation.refunded >= captured
          ? alreadyRefunded(charge, params.amount === undefined ? null : "amount")
          : tooLarge(charge, amount, reservation.refunded)
      }
      return yield* Effect.uninterruptible(Effect.gen(function*() {
        const answer = yield* Effect.interruptible(processor.refund(requestOf(scope.account, refund, now))).pipe(
          Effect.timeoutOrElse({ duration: yield* processorTimeout, orElse: () => Effect.succeed(null) })
        )
        if (answer === null) return refund
        return (yield* recordAnswer(scope, refund.id, answer)).refund
      }))
    })

    /** A refund of the scope. */
    const loadRefund = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(Effect.flatMap((found) =>
        Option.isSome(found) && found.value.account === scope.account && found.value.refund.livemode === scope.livemode
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "refund", id, param }))
      ))

    /** A refund of the scope, as it stands. */
    const retrieveRefund = Effect.fn("Charges.retrieveRefund")(function*(scope: Scope, id: string) {
      return (yield* loadRefund(scope, id)).refund
    })

    /** Changes a refund's metadata (merged), with `refund.updated` when something changed. */
    const updateRefund = Effect.fn("Charges.updateRefund")(function*(scope: Scope, id: string, params: UpdateRefundParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadRefund(scope, id)
        if (params.metadata === undefined) return stored.refund
        const metadata = mergeMetadata(stored.refund.metadata, params.metadata)
        const problem = checkMetadata(metadata)
        if (problem !== undefined) return yield* new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" })
        if (JSON.stringify(metadata) === JSON.stringify(stored.refund.metadata)) return stored.refund
        const refund = { ...stored.refund, metadata }
        const events = yield* eventsOf(scope, [{ type: "refund.updated", object: refund, previous: stored.refund }], yield* nowSeconds)
        yield* repo.update({ ...stored, version: stored.version + 1, refund }, events)
        return refund
      }))
    })

    /**
     * Cancels a refund, which Stripe allows only while it `requires_action`; card refunds never do,
     * so every refund Till makes answers a 400 saying so.
     */
    const cancelRefund = Effect.fn("Charges.cancelRefund")(function*(scope: Scope, id: string) {
      const stored = yield* loadRefund(scope, id)
      return yield* new ValidationError({
        code: "refund_cannot_be_canceled",
        message: `Only a refund with a status of requires_action can be canceled; this refund's status is ${stored.refund.status}.`,
        param: null
      })
    })

    /** Refunds of the scope, newest first, by charge, payment intent and creation time. */
    const listRefunds = Effect.fn("Charges.listRefunds")(function*(scope: Scope, params: ListRefundsParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : Effect.map(loadRefund(s, id, param), ({ refund }) => ({ created: refund.created, id: refund.id })))
      const filter: RefundFilter = {
        ...(params.charge === undefined ? {} : { charge: params.charge }),
        ...(params.payment_intent === undefined ? {} : { payment_intent: params.payment_intent }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.list(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.refund) } satisfies Page<Refund>
    })

    /** A charge of the scope. */
    const retrieveCharge = Effect.fn("Charges.retrieveCharge")(function*(scope: Scope, id: string) {
      return (yield* loadCharge(scope, id)).charge
    })

    /** The charge of one of the scope's payment intents, or null when it has none (Stripe's `latest_charge`). */
    const chargeOfIntent = Effect.fn("Charges.chargeOfIntent")(function*(scope: Scope, paymentIntent: string) {
      const found = yield* sessions.findByPaymentIntent(paymentIntent)
      if (Option.isNone(found) || !inScope(found.value, scope)) return null
      return (yield* chargeOfState(found.value))?.charge ?? null
    })

    /** The charge of a session, or null when it has none (the hosted page's refunded state). */
    const chargeOfSession = Effect.fn("Charges.chargeOfSession")(function*(state: SessionState) {
      return (yield* chargeOfState(state))?.charge ?? null
    })

    /** Changes a charge's `description` and `metadata` (merged), with `charge.updated` when something changed. */
    const updateCharge = Effect.fn("Charges.updateCharge")(function*(scope: Scope, id: string, params: UpdateChargeParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const { charge, record } = yield* loadCharge(scope, id)
        const metadata = params.metadata === undefined ? charge.metadata : mergeMetadata(charge.metadata, params.metadata)
        const problem = checkMetadata(metadata)
        if (problem !== undefined) return yield* new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" })
        const description = params.description === undefined ? charge.description : params.description === "" ? null : params.description
        if (description === charge.description && JSON.stringify(metadata) === JSON.stringify(charge.metadata)) return charge
        const next: Charge = { ...charge, description, metadata }
        const events = yield* eventsOf(scope, [{ type: "charge.updated", object: next, previous: charge }], yield* nowSeconds)
        yield* repo.saveCharge({
          id,
          account: scope.account,
          livemode: scope.livemode,
          payment_intent: charge.payment_intent,
          version: (record?.version ?? 0) + 1,
          details: { description, metadata }
        }, events)
        return next
      }))
    })

    /**
     * Charges of the scope, newest first by their session (a session has at most one charge, made
     * when it completed), by payment intent or customer.
     */
    const listCharges = Effect.fn("Charges.listCharges")(function*(scope: Scope, params: ListChargesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined
          ? Effect.succeed(undefined)
          : Effect.map(loadCharge(s, id, param), ({ state }) => ({ created: state.session.created, id: state.session.id })))
      const now = yield* nowSeconds
      const result = yield* sessions.list(scope, {
        status: "complete",
        ...(params.payment_intent === undefined ? {} : { payment_intent: params.payment_intent }),
        ...(params.customer === undefined ? {} : { customer: params.customer })
      }, page, now)
      const chargeIds = result.data.flatMap((s) => s.payment_intent === null ? [] : [chargeIdOf(s.payment_intent.id)])
      const refunds = yield* repo.listByCharges(chargeIds)
      const data: Array<Charge> = []
      for (const state of result.data) {
        const id = state.payment_intent === null ? "" : chargeIdOf(state.payment_intent.id)
        const record = Option.getOrNull(yield* repo.findCharge(id))
        const charge = chargeOf(state, refunds.filter((s) => s.refund.charge === id).map((s) => s.refund), record?.details ?? null)
        if (charge !== null) data.push(charge)
      }
      return { has_more: result.has_more, data } satisfies Page<Charge>
    })

    /** Asks the processor about one refund whose outcome is unknown or may still change, and records the answer. */
    const reconcileRefund = Effect.fnUntraced(function*(stored: StoredRefund) {
      const scope: Scope = { account: stored.account, livemode: stored.refund.livemode }
      const asked = yield* processor.retrieveRefund({
        refund_id: stored.refund.id,
        livemode: stored.refund.livemode,
        account: stored.account,
        payment_intent: stored.refund.payment_intent
      })
      // never received: send it now, under the same id, so it is made once whoever sent it first
      const answer = asked._tag === "NotFound" ? yield* processor.refund(requestOf(stored.account, stored.refund, yield* nowSeconds)) : asked
      return yield* recordAnswer(scope, stored.refund.id, answer)
    })

    /**
     * Reconciles up to `limit` refunds whose processor side was last asked more than AttemptTimeout
     * ago and is not final; answers how many it asked about. The worker runs it with the payments'.
     */
    const reconcileRefunds = Effect.fn("Charges.reconcileRefunds")(function*(limit = 100) {
      const askedBy = (yield* nowSeconds) - (yield* AttemptTimeout)
      const due = yield* repo.listUnsettled(askedBy, limit)
      for (const stored of due) {
        // one refund the processor cannot answer for now must not hold up the others
        yield* reconcileRefund(stored).pipe(
          Effect.catchCause((cause) => Effect.logWarning(`reconciling refund ${stored.refund.id} failed; retrying next round`, cause))
        )
      }
      return due.length
    })

    /**
     * Records where the processor says a refund stands, as its notification told it (a verified
     * asynchronous outcome): the same write as a reconciled answer, so a repeated or late notification
     * changes nothing a later answer already settled. A refund Till does not know (another system's) is ignored.
     */
    const recordRefundNotification = Effect.fn("Charges.recordRefundNotification")(function*(
      scope: Scope,
      refundId: string,
      outcome: RefundOutcome
    ) {
      const found = yield* repo.findById(refundId)
      if (Option.isNone(found) || found.value.account !== scope.account || found.value.refund.livemode !== scope.livemode) {
        return Option.none()
      }
      return Option.some((yield* recordAnswer(scope, refundId, outcome)).refund)
    })

    return {
      recordRefundNotification,
      createRefund,
      retrieveRefund,
      updateRefund,
      cancelRefund,
      listRefunds,
      retrieveCharge,
      updateCharge,
      listCharges,
      chargeOfIntent,
      chargeOfSession,
      reconcileRefunds
    } as const
  })
}) {
  /** The use cases over whatever repositories, processor, id generator and event snapshots are provided. */
  static readonly layer = Layer.effect(Charges, Charges.make)
}
