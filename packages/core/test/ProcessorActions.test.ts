/**
 * Attempts that wait for the shopper (3-D Secure) through the ProcessorRouter and a connector: the
 * intent shows the action and the attempt stays open; reconciliation leaves it be until
 * ActionTimeout, then asks for an end (the connector voids it); the shopper's return or the
 * processor's verified notification completes it, exactly once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import type { Scope } from "../src/CheckoutSession.ts"
import { ActionTimeout, AttemptTimeout, CheckoutSessions } from "../src/CheckoutSessions.ts"
import { chargeIdOf } from "../src/Charge.ts"
import { Charges } from "../src/Charges.ts"
import { EventLog } from "../src/EventLog.ts"
import type { AuthorizeOutcome, RetrieveRequest } from "../src/ports/PaymentProcessor.ts"
import { type ProcessorConnector, ProcessorConfigs, ProcessorConnectors } from "../src/ports/ProcessorConnector.ts"
import { ProcessorNotifications } from "../src/ProcessorNotifications.ts"
import * as ProcessorRouter from "../src/ProcessorRouter.ts"
import { RequestContext } from "../src/RequestContext.ts"
import { PaymentProcessor } from "../src/ports/PaymentProcessor.ts"
import * as Testing from "../src/testing/index.ts"
import { basicParams, params, T0 } from "./fixtures.ts"

const scope: Scope = { account: "acct_live", livemode: true }
const card = { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null }
const action: AuthorizeOutcome = {
  _tag: "RequiresAction",
  payment_method: "pm_1",
  next_action: { type: "redirect_to_url", redirect_to_url: { url: "https://acs.example/3ds", return_url: "https://till.example/c/pay/x/action_return" } }
}

/** A connector whose every attempt asks for 3-D Secure, and that remembers what it was asked. */
const waitingConnector = () => {
  const asked: Array<RetrieveRequest> = []
  let completed: AuthorizeOutcome = { _tag: "Succeeded", payment_method: "pm_1", card }
  const connector = {
    name: "acs",
    credentialNames: [],
    requiredOptions: [],
    authorize: () => Effect.succeed(action),
    retrieve: (_config, request) => {
      asked.push(request)
      return Effect.succeed(request.final === false ? action : { _tag: "NotFound" as const })
    },
    completeAction: () => Effect.sync(() => completed),
    settle: () => Effect.die("unused"),
    refund: () => Effect.succeed({ _tag: "Refund" as const, status: "pending" as const, failure_reason: null, final: false }),
    retrieveRefund: () => Effect.die("unused"),
    parseNotification: (_config, request) =>
      request.headers.signature === "good"
        ? Effect.succeed({ notifications: [JSON.parse(request.body)], reply: { contentType: "text/plain", body: "[accepted]" } })
        : Effect.die("unused"),
    clientComponent: () => null
  } satisfies ProcessorConnector
  return { connector, asked, completeWith: (outcome: AuthorizeOutcome) => (completed = outcome) }
}

const stackWith = (connector: ProcessorConnector) => {
  const configs = Layer.succeed(ProcessorConfigs, ProcessorConfigs.of({
    find: (s) => Effect.succeed(s.livemode ? Option.some({ processor: "acs", account: s.account, livemode: true, credentials: { k: Redacted.make("x") }, options: {} }) : Option.none())
  }))
  const core = Charges.layer.pipe(
    Layer.provideMerge(Layer.mergeAll(CheckoutSessions.layer, EventLog.layer)),
    Layer.provideMerge(Layer.mergeAll(
      Testing.InMemoryRepository.layer,
      ProcessorRouter.layer.pipe(Layer.provide(Testing.InMemoryProcessorLedger.layer)),
      Testing.SequentialIds.layer,
      Testing.PlainSnapshots.layer
    )),
    Layer.provideMerge(configs)
  )
  return ProcessorNotifications.layer.pipe(
    Layer.provideMerge(core),
    Layer.provide(Layer.succeed(ProcessorConnectors, [connector]))
  )
}

const run = <A, E, R>(connector: ProcessorConnector, body: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(T0 * 1000)
    return yield* body
  }).pipe(
    Effect.provide(stackWith(connector) as Layer.Layer<never>),
    Effect.provideService(RequestContext, { id: null, idempotency_key: null })
  ) as Effect.Effect<A, E>

const completions = (sessionId: string) =>
  EventLog.use((log) => log.list(scope, { limit: 100 })).pipe(
    Effect.map((page) => page.data.filter((e) => e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === sessionId).length)
  )

describe("attempts that wait for the shopper", () => {
  it.effect("stay open with the action; reconciliation waits until ActionTimeout, then the connector voids them", () => {
    const { asked, connector } = waitingConnector()
    return run(connector, Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { session } = yield* sessions.create(scope, params(basicParams))
      const intent = yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa", return_url: "https://till.example/c/pay/x/action_return" })
      assert.strictEqual(intent.status, "requires_action")
      assert.deepStrictEqual(intent.next_action, action._tag === "RequiresAction" ? action.next_action : null)
      assert.strictEqual((yield* Effect.flip(sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })))._tag, "PaymentInProgress")

      yield* TestClock.adjust("3 minutes")
      assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 120)), 0)
      // not asked at all yet: the return or the notification will tell
      assert.deepStrictEqual(asked.map((r) => r.final), [])
      assert.strictEqual((yield* sessions.retrievePaymentIntent(scope, intent.id)).status, "requires_action")

      yield* TestClock.adjust("15 minutes")
      assert.strictEqual(yield* sessions.reconcileStale().pipe(Effect.provideService(AttemptTimeout, 120), Effect.provideService(ActionTimeout, 900)), 1)
      assert.deepStrictEqual(asked.map((r) => r.final), [true])
      const freed = yield* sessions.retrievePaymentIntent(scope, intent.id)
      assert.strictEqual(freed.status, "requires_payment_method")
      assert.isNull(freed.next_action)
    }))
  })

  it.effect("the shopper's return completes the attempt; a notification of the same approval afterwards changes nothing", () => {
    const { connector } = waitingConnector()
    return run(connector, Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const notifications = yield* ProcessorNotifications
      const { session } = yield* sessions.create(scope, params(basicParams))
      const intent = yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })
      const after = yield* sessions.completeSessionAction(session.id, { redirectResult: "abc" })
      assert.strictEqual(after.session.status, "complete")
      assert.strictEqual(after.payment_intent?.status, "succeeded")
      const reply = yield* notifications.receive(scope, "acs", {
        headers: { signature: "good" },
        body: JSON.stringify({ _tag: "Attempt", attempt_id: "pa_whatever", payment_intent: intent.id, outcome: { _tag: "Succeeded", payment_method: "pm_1", card } })
      })
      assert.strictEqual(reply.body, "[accepted]")
      assert.strictEqual(yield* completions(session.id), 1)
      // a notification for another account's scope, or another processor, is refused
      const wrong = yield* Effect.flip(notifications.receive(scope, "stripe", { headers: { signature: "good" }, body: "{}" }))
      assert.strictEqual(wrong._tag, "NotificationRejected")
    }))
  })

  it.effect("a refund the processor left pending is settled by its notification", () => {
    const { connector } = waitingConnector()
    return run(connector, Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const charges = yield* Charges
      const notifications = yield* ProcessorNotifications
      const { session } = yield* sessions.create(scope, params(basicParams))
      const intent = yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })
      yield* sessions.completeSessionAction(session.id, {})
      const refund = yield* charges.createRefund(scope, { charge: chargeIdOf(intent.id) })
      assert.strictEqual(refund.status, "pending")
      yield* notifications.receive(scope, "acs", {
        headers: { signature: "good" },
        body: JSON.stringify({ _tag: "Refund", refund_id: refund.id, outcome: { _tag: "Refund", status: "succeeded", failure_reason: null, final: true } })
      })
      assert.strictEqual((yield* charges.retrieveRefund(scope, refund.id)).status, "succeeded")
      // a refund Till does not know (another system's on the same processor account) is ignored
      yield* notifications.receive(scope, "acs", {
        headers: { signature: "good" },
        body: JSON.stringify({ _tag: "Refund", refund_id: "re_unknown", outcome: { _tag: "Refund", status: "failed", failure_reason: "x", final: true } })
      })
    }))
  })

  it.effect("a decline on return frees the session for another attempt", () => {
    const { completeWith, connector } = waitingConnector()
    return run(connector, Effect.gen(function*() {
      const sessions = yield* CheckoutSessions
      const { session } = yield* sessions.create(scope, params(basicParams))
      yield* sessions.pay(scope, session.id, { payment_method: "pm_card_visa" })
      completeWith({ _tag: "Failed", payment_method: "pm_1", error: { type: "card_error", code: "authentication_required", decline_code: "authentication_required", message: "3-D Secure failed." } })
      const after = yield* sessions.completeSessionAction(session.id, {})
      assert.strictEqual(after.session.status, "open")
      assert.isNull(after.attempt)
      assert.strictEqual(after.payment_intent?.last_payment_error?.code, "authentication_required")
      // the processor is used through the router: the test processor never sees live payments here
      const processor = yield* PaymentProcessor
      assert.isDefined(processor.completeAction)
    }))
  })
})
