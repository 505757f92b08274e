/**
 * The contract of the test processor's ledger: the first entry for an attempt wins and every caller
 * is told which one that is, so a charge and a void racing for one attempt agree.
 */
import { assert, type Vitest } from "@effect/vitest"
import { Ids, type LedgerEntry, settlementKey, TestProcessorLedger } from "@till/core"
import { Effect, Option } from "effect"

const approved = (attempt_id: string, payment_intent: string, created: number): LedgerEntry => ({
  attempt_id,
  payment_intent,
  amount: 4200,
  currency: "usd",
  outcome: {
    _tag: "Succeeded",
    payment_method: "pm_card_visa",
    card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null }
  },
  created
})

const voided = (attempt_id: string, created: number): LedgerEntry => ({
  attempt_id,
  payment_intent: null,
  amount: 0,
  currency: null,
  outcome: { _tag: "Voided" },
  created
})

/** Registers the ledger's contract. */
export const testProcessorLedgerContract = (it: Vitest.MethodsNonLive<TestProcessorLedger>) => {
  it.effect("record keeps the first entry for an attempt and answers it to every later caller", () =>
    Effect.gen(function*() {
      const ledger = yield* TestProcessorLedger
      const attempt = `pa_${Ids.randomBase62(12)}`
      const first = approved(attempt, `pi_${Ids.randomBase62(12)}`, 100)
      assert.deepStrictEqual(yield* ledger.record(first), first)
      assert.deepStrictEqual(yield* ledger.record(voided(attempt, 200)), first)
      assert.deepStrictEqual(yield* ledger.find(attempt), Option.some(first))
      assert.isTrue(Option.isNone(yield* ledger.find(`pa_${Ids.randomBase62(12)}`)))
    }))

  it.effect("a charge and a void racing for one attempt: one winner, and both are told the same", () =>
    Effect.gen(function*() {
      const ledger = yield* TestProcessorLedger
      for (let i = 0; i < 20; i++) {
        const attempt = `pa_${Ids.randomBase62(12)}`
        const [a, b] = yield* Effect.all([ledger.record(approved(attempt, "pi_race", 1)), ledger.record(voided(attempt, 1))], {
          concurrency: 2
        })
        assert.deepStrictEqual(a, b)
        assert.deepStrictEqual(yield* ledger.find(attempt), Option.some(a))
      }
    }))

  it.effect("a capture and a release racing for one intent's settlement: one winner, and both are told the same", () =>
    Effect.gen(function*() {
      const ledger = yield* TestProcessorLedger
      for (let i = 0; i < 10; i++) {
        const intent = `pi_${Ids.randomBase62(12)}`
        const settlement = (outcome: LedgerEntry["outcome"]): LedgerEntry => ({
          attempt_id: settlementKey(intent),
          payment_intent: intent,
          amount: 0,
          currency: null,
          outcome,
          created: 1
        })
        const [a, b] = yield* Effect.all([
          ledger.record(settlement({ _tag: "Captured", reference: "pa_a", amount: 700 })),
          ledger.record(settlement({ _tag: "Released", reference: "pa_b", reason: "duplicate" }))
        ], { concurrency: 2 })
        assert.deepStrictEqual(a, b)
        assert.include(["Captured", "Released"], a.outcome._tag)
        assert.deepStrictEqual(yield* ledger.find(settlementKey(intent)), Option.some(a))
      }
    }))

  it.effect("listByPaymentIntent answers a payment intent's entries, oldest first", () =>
    Effect.gen(function*() {
      const ledger = yield* TestProcessorLedger
      const intent = `pi_${Ids.randomBase62(12)}`
      const second = approved(`pa_${Ids.randomBase62(12)}`, intent, 20)
      const first = approved(`pa_${Ids.randomBase62(12)}`, intent, 10)
      yield* ledger.record(second)
      yield* ledger.record(first)
      yield* ledger.record(approved(`pa_${Ids.randomBase62(12)}`, `pi_${Ids.randomBase62(12)}`, 5))
      assert.deepStrictEqual(yield* ledger.listByPaymentIntent(intent), [first, second])
    }))
}
