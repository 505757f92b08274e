/**
 * The PaymentProcessor the server runs: each call goes to the connector the account's processor
 * settings name for its mode (ProcessorConfigs), and to the test processor when there are none (in
 * live mode it refuses payments with `livemode_unsupported`, as before connectors existed) or when
 * they name `test`. A call without an account (only old tests make one) goes to the test processor.
 */
import { Context, Effect, Layer, Option } from "effect"
import * as TestPaymentProcessor from "./TestPaymentProcessor.ts"
import { type AuthorizeOutcome, PaymentProcessor } from "./ports/PaymentProcessor.ts"
import { type ConnectorConfig, type ProcessorConnector, ProcessorConfigs, ProcessorConnectors } from "./ports/ProcessorConnector.ts"
import type { TestProcessorLedger } from "./ports/TestProcessorLedger.ts"

/** The name settings use for the test processor. */
export const TEST_PROCESSOR = "test"

/** What a payment answers when the account names a processor this server has no connector for. */
export const unavailable = (processor: string): AuthorizeOutcome => ({
  _tag: "Rejected",
  param: "payment_method",
  code: "processor_unavailable",
  message: `This server has no connector for the processor '${processor}' the account is configured with.`
})

/** ProcessorConfigs that name no processor for anyone: every call goes to the test processor. */
export const noConfigs: Layer.Layer<ProcessorConfigs> = Layer.succeed(ProcessorConfigs, ProcessorConfigs.of({ find: () => Effect.succeed(Option.none()) }))

/** The router over the test processor (and its ledger), the registered connectors and the account settings. */
export const layer: Layer.Layer<PaymentProcessor, never, TestProcessorLedger | ProcessorConfigs> = Layer.effect(
  PaymentProcessor,
  Effect.gen(function*() {
    const test = yield* Layer.build(TestPaymentProcessor.layer).pipe(Effect.map(Context.get(PaymentProcessor)))
    const configs = yield* ProcessorConfigs
    const connectors = yield* ProcessorConnectors

    type Route = { readonly _tag: "Test" } | { readonly _tag: "Connector"; readonly connector: ProcessorConnector; readonly config: ConnectorConfig } | {
      readonly _tag: "Missing"
      readonly processor: string
    }
    const routeOf = (account: string | undefined, livemode: boolean): Effect.Effect<Route> =>
      account === undefined ? Effect.succeed({ _tag: "Test" }) : Effect.map(configs.find({ account, livemode }), (found): Route => {
        if (Option.isNone(found) || found.value.processor === TEST_PROCESSOR) return { _tag: "Test" }
        const connector = connectors.find((c) => c.name === found.value.processor)
        return connector === undefined ? { _tag: "Missing", processor: found.value.processor } : { _tag: "Connector", connector, config: found.value }
      })
    // Anything but a payment cannot be refused for want of a connector: it concerns money already
    // moved, so it fails as a defect (the caller retries, reconciliation asks again) until one is back.
    const missing = (processor: string) => Effect.die(new Error(`no connector for processor '${processor}'`))

    return PaymentProcessor.of({
      authorize: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route) =>
          route._tag === "Test"
            ? test.authorize(request)
            : route._tag === "Missing"
            ? Effect.succeed(unavailable(route.processor))
            : route.connector.authorize(route.config, request)),
      retrieve: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route) =>
          route._tag === "Test" ? test.retrieve(request) : route._tag === "Missing" ? missing(route.processor) : route.connector.retrieve(route.config, request)),
      completeAction: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route): Effect.Effect<AuthorizeOutcome> =>
          route._tag === "Test"
            ? Effect.succeed({ _tag: "Rejected", param: "payment_intent", code: "payment_intent_unexpected_state", message: "This payment has no action to complete." })
            : route._tag === "Missing"
            ? missing(route.processor)
            : route.connector.completeAction(route.config, request)),
      settle: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route) =>
          route._tag === "Test" ? test.settle(request) : route._tag === "Missing" ? missing(route.processor) : route.connector.settle(route.config, request)),
      refund: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route) =>
          route._tag === "Test" ? test.refund(request) : route._tag === "Missing" ? missing(route.processor) : route.connector.refund(route.config, request)),
      retrieveRefund: (request) =>
        Effect.flatMap(routeOf(request.account, request.livemode), (route) =>
          route._tag === "Test"
            ? test.retrieveRefund(request)
            : route._tag === "Missing"
            ? missing(route.processor)
            : route.connector.retrieveRefund(route.config, request)),
      clientComponent: (scope) =>
        Effect.map(routeOf(scope.account, scope.livemode), (route) => route._tag === "Connector" ? route.connector.clientComponent(route.config) : null)
    })
  })
)
