import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import type { SessionState } from "../src/CheckoutSession.ts"
import { CheckoutSessions } from "../src/CheckoutSessions.ts"
import { EventLog } from "../src/EventLog.ts"
import type { EventDraft } from "../src/Events.ts"
import * as Money from "../src/Money.ts"
import { type Command, isTerminal, transition } from "../src/SessionMachine.ts"
import * as Testing from "../src/testing/index.ts"
import { cmd, openSession, params, T0 } from "./fixtures.ts"


/** Hundreds of runs each: a fraction of a second idle, a few seconds on a loaded 2-core machine. */
const BUDGET = 60_000

const lineItems = fc.array(
  fc.record({
    price_data: fc.record({
      currency: fc.constant("usd"),
      unit_amount: fc.integer({ min: 0, max: 10_000 }),
      product_data: fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }) })
    }),
    quantity: fc.integer({ min: 1, max: 100 })
  }),
  { minLength: 1, maxLength: 10 }
).filter((items) => items.some((i) => i.price_data.unit_amount > 0))

const attemptId = fc.constantFrom("pa_1", "pa_2", "pa_3")

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(attemptId, fc.constantFrom("pi_1", "pi_2")).map(([a, p]) => cmd.start(a, p)),
  attemptId.map(cmd.succeed),
  attemptId.map(cmd.fail),
  attemptId.map(cmd.abandon),
  fc.constant(cmd.expire),
  fc.constant(cmd.expireByClock),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 4 }).map(cmd.metadata),
  fc.constant(cmd.rotate())
)

/** A command with how many seconds pass before it. */
const step = fc.tuple(command, fc.integer({ min: 0, max: 20 * 3600 }))

const TERMINAL = new Set(["checkout.session.completed", "checkout.session.expired"])

describe("SessionMachine properties", () => {
  it("random command sequences: terminal is forever, one terminal event at most, totals hold", () => {
    fc.assert(
      fc.property(lineItems, fc.array(step, { maxLength: 40 }), (items, steps) => {
        let state: SessionState = openSession({ line_items: items })
        let now = T0
        const expectedTotal = Money.subtotal(items.map((i) => ({ unit_amount: i.price_data.unit_amount, quantity: i.quantity })))
        const events: Array<EventDraft> = []
        let terminalAt: SessionState | null = null
        for (const [c, dt] of steps) {
          now += dt
          const result = transition(state, c, now)
          if (Result.isSuccess(result)) {
            assert.isNull(terminalAt, "a terminal session changed")
            assert.strictEqual(result.success.state.version, state.version + 1)
            state = result.success.state
            events.push(...result.success.events)
          } else if (terminalAt !== null) {
            assert.strictEqual(result.failure._tag, "SessionNotOpen")
          }
          if (isTerminal(state) && terminalAt === null) terminalAt = state
          if (terminalAt !== null) assert.deepStrictEqual(state, terminalAt)
          assert.strictEqual(state.session.amount_total, expectedTotal)
          assert.strictEqual(state.session.amount_subtotal, expectedTotal)
          assert.strictEqual(
            state.line_items.reduce((sum, li) => sum + li.price.unit_amount * li.quantity, 0),
            state.session.amount_total
          )
        }
        const terminalEvents = events.filter((e) => TERMINAL.has(e.type))
        assert.isAtMost(terminalEvents.length, 1)
        assert.isAtMost(events.filter((e) => e.type === "payment_intent.succeeded").length, 1)
        if (terminalEvents.length === 1) {
          assert.strictEqual(terminalEvents[0]!.type, state.session.status === "complete" ? "checkout.session.completed" : "checkout.session.expired")
        } else {
          assert.strictEqual(state.session.status, "open")
        }
        assert.strictEqual(state.session.payment_status === "paid", state.session.status === "complete")
      }),
      { numRuns: 500 }
    )
  }, BUDGET)
})

type Op =
  | { readonly op: "pay"; readonly method: string }
  | { readonly op: "expire" }
  | { readonly op: "metadata" }
  | { readonly op: "rotate" }
  | { readonly op: "sweep" }
  | { readonly op: "wait"; readonly hours: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom("pm_card_visa", "pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds", "pm_card_bogus").map((method) => ({ op: "pay" as const, method })),
  fc.constant({ op: "expire" as const }),
  fc.constant({ op: "metadata" as const }),
  fc.constant({ op: "rotate" as const }),
  fc.constant({ op: "sweep" as const }),
  fc.integer({ min: 1, max: 12 }).map((hours) => ({ op: "wait" as const, hours }))
)

describe("CheckoutSessions properties", () => {
  it.effect("random use-case sequences leave at most one terminal event per session and consistent reads", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), op), { maxLength: 30 }), (ops) =>
          Effect.runPromise(Effect.gen(function*() {
            yield* TestClock.setTime(T0 * 1000)
            const sessions = yield* CheckoutSessions
            const log = yield* EventLog
            const scope = { account: "acct_1", livemode: false }
            const ids: Array<string> = []
            for (let i = 0; i < 3; i++) ids.push((yield* sessions.create(scope, params({ amount: 100 + i, currency: "usd" }))).session.id)
            for (const [target, o] of ops) {
              const id = ids[target]!
              const attempt = o.op === "pay"
                ? sessions.pay(scope, id, { payment_method: o.method })
                : o.op === "expire"
                ? sessions.expire(scope, id)
                : o.op === "metadata"
                ? sessions.update(scope, id, { metadata: { k: String(target) } })
                : o.op === "rotate"
                ? sessions.rotateClientSecret(scope, id)
                : o.op === "sweep"
                ? sessions.sweepExpired()
                : TestClock.adjust(`${o.hours} hours`)
              yield* Effect.result(attempt as Effect.Effect<unknown, unknown>)
            }
            const events = (yield* log.list(scope, { limit: 100 })).data
            for (const id of ids) {
              const s = yield* sessions.retrieve(scope, id)
              const terminal = events.filter((e) => TERMINAL.has(e.type) && (e.data.object as { id: string }).id === id)
              assert.isAtMost(terminal.length, 1)
              if (s.session.status === "complete") assert.deepStrictEqual(terminal.map((e) => e.type), ["checkout.session.completed"])
              // an expired read may still be waiting for the sweep to write its event
              if (s.session.status === "open") assert.lengthOf(terminal, 0)
              assert.strictEqual(s.session.amount_total, s.line_items[0]!.amount_total)
            }
          }).pipe(Effect.provide(Testing.layer), Effect.provide(TestClock.layer())))
        ),
        { numRuns: 100 }
      )
    ), BUDGET)
})
