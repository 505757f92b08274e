/**
 * The use cases of checkout sessions, written against the ports. Every call acts for one scope
 * (account and mode); another scope's session is missing, never visible.
 */
import { Clock, Context, Duration, Effect, Layer, Option, Redacted, Result, Schedule } from "effect"
import { inScope, type Scope, type SessionState } from "./CheckoutSession.ts"
import {
  type ConcurrentModification,
  InvalidClientSecret,
  KeyTaken,
  PaymentFailed,
  type PaymentInProgress,
  PaymentIntentUnexpectedState,
  PaymentOutcomeUnknown,
  RecoveryUnavailable,
  ResourceMissing,
  type SessionNotOpen,
  isStoreUnavailable,
  type StoreUnavailable,
  ValidationError
} from "./Errors.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { type Collected, collect, NOTHING } from "./CollectedDetails.ts"
import { eventMaker } from "./EventMaker.ts"
import type { EventDraft } from "./Events.ts"
import { clientSecretFor, discountIdFor, Prefix, recoveryTokenFor, secretsEqual, sessionIdOfRecoveryToken } from "./Ids.ts"
import * as InstallmentQuote from "./InstallmentQuote.ts"
import type { IntentInstallments, PaymentIntent } from "./PaymentIntent.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import type { IdempotencyKey, StoredResponse } from "./ports/IdempotencyStore.ts"
import { type AuthorizeOutcome, type PaymentMethodInput, PaymentProcessor, type RetrieveOutcome, type SettleAction } from "./ports/PaymentProcessor.ts"
import * as IntentMachine from "./PaymentIntentMachine.ts"
import type { CancelPaymentIntentParams, CapturePaymentIntentParams } from "./PaymentIntentParams.ts"
import { type Cursor, type Page, type PageRequest, type SessionFilter, SessionRepository } from "./ports/SessionRepository.ts"
import { CustomerRepository } from "./ports/CustomerRepository.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { CatalogRepository } from "./ports/CatalogRepository.ts"
import { TaxRateRepository } from "./ports/TaxRateRepository.ts"
import { ShippingRateRepository } from "./ports/ShippingRateRepository.ts"
import { PromotionRepository } from "./ports/PromotionRepository.ts"
import { discountFor } from "./Promotions.ts"
import { type Resolved, withCatalog } from "./SessionLineItems.ts"
import * as Machine from "./SessionMachine.ts"
import * as Recovery from "./SessionRecovery.ts"
import type {
  CreateSessionParams,
  LineItemParams,
  ListPageParams,
  ListSessionsParams,
  PaymentParams,
  RangeParams,
  UpdateSessionParams
} from "./SessionParams.ts"

/** The current time in Unix seconds, from Effect's Clock (so tests can use TestClock). */
export const nowSeconds = Effect.map(Clock.currentTimeMillis, (ms) => Math.floor(ms / 1000))

/**
 * How long a payment attempt may stay unresolved before the processor is asked about it (seconds).
 * The server sets it from configuration; the default is `SessionMachine.ATTEMPT_TIMEOUT_SECONDS`.
 */
export const AttemptTimeout = Context.Reference<number>("till/AttemptTimeout", {
  defaultValue: () => Machine.ATTEMPT_TIMEOUT_SECONDS
})

/**
 * How long an attempt may wait for the shopper's action (3-D Secure, a redirect) before
 * reconciliation voids it (seconds): until then the processor is asked without `final`, so the
 * shopper still has time; past it the processor must answer an end. The default is 15 minutes.
 */
export const ActionTimeout = Context.Reference<number>("till/ActionTimeout", { defaultValue: () => 15 * 60 })

/**
 * How the write of a processor's outcome is retried while the store is unreachable: five tries over
 * about three seconds. Past them the request fails, the attempt stays unresolved, and reconciliation
 * records the outcome once the store is back.
 */
export const OUTCOME_WRITE_RETRIES = 5
/** The backoff between those tries. */
export const OUTCOME_WRITE_BACKOFF = Schedule.exponential("100 millis")

/**
 * How long the processor may take to answer an attempt: half the attempt timeout, so an attempt given
 * up on is never reconciled while its call might still be running.
 */
export const processorTimeout = Effect.map(AttemptTimeout, (seconds) => Duration.seconds(Math.max(1, seconds / 2)))

/**
 * A processor call whose outcome is unknown: it did not answer within `processorTimeout`, or its
 * connector could not tell (a timeout of its own, a 5xx, a lost connection: a defect). Either way
 * the attempt stays as it was recorded, and the caller gets PaymentOutcomeUnknown (503): the answer
 * comes later, from reconciliation or the processor's notification.
 */
const unknownOutcome = <A, E, R>(self: Effect.Effect<A, E, R>, paymentIntent: string) =>
  Effect.flatMap(processorTimeout, (duration) =>
    self.pipe(
      Effect.timeoutOrElse({ duration, orElse: () => Effect.fail(new PaymentOutcomeUnknown({ payment_intent: paymentIntent })) }),
      Effect.catchDefect((defect) =>
        Effect.logWarning(`processor outcome unknown for ${paymentIntent}; left for reconciliation`, defect).pipe(
          Effect.andThen(Effect.fail(new PaymentOutcomeUnknown({ payment_intent: paymentIntent })))
        ))
    ))

/** Lets a StoreUnavailable defect be retried as a failure; any other defect stays one. */
export const unavailableAsFailure = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreUnavailable, R> =>
  Effect.catchDefect(self, (defect) => isStoreUnavailable(defect) ? Effect.fail(defect) : Effect.die(defect))

/** The command that records what the processor said of an attempt. */
const commandFor = (
  attemptId: string,
  outcome: AuthorizeOutcome | RetrieveOutcome,
  collected: Collected
): Machine.Command => {
  switch (outcome._tag) {
    case "Succeeded":
      return {
        _tag: "PaymentSucceeded",
        attempt_id: attemptId,
        payment_method: outcome.payment_method,
        card: outcome.card,
        customer_name: collected.name,
        customer_email: collected.email,
        customer_phone: collected.phone,
        customer_address: collected.address,
        shipping_details: collected.shipping
      }
    case "Failed":
      return { _tag: "PaymentFailed", attempt_id: attemptId, error: outcome.error, payment_method: outcome.payment_method }
    case "Rejected":
    case "NotFound":
      return { _tag: "AbandonAttempt", attempt_id: attemptId }
    case "RequiresAction":
      return { _tag: "PaymentRequiresAction", attempt_id: attemptId, next_action: outcome.next_action, payment_method: outcome.payment_method }
  }
}

/**
 * With dynamic tax rates, the address a payment collects decides the tax country, as on Stripe (the
 * shipping address's country, else the billing address's): the session must have been priced for it
 * (the hosted page records it as the customer picks the country), so nobody pays one country's tax
 * while shipping to another.
 */
const taxCountryMismatch = (state: SessionState, collected: Collected): ValidationError | undefined => {
  const countries = new Set(state.line_items.flatMap((item) => (item.dynamic_tax_rates ?? []).flatMap((rate) => rate.country ?? [])))
  const param = collected.shipping !== null ? "shipping_details[address][country]" : "billing_details[address][country]"
  const country = collected.shipping?.address.country ?? collected.address?.country ?? null
  if (countries.size === 0 || country === null) return undefined
  const expected = countries.has(country) ? country : null
  if (state.session.country === expected) return undefined
  return new ValidationError({
    code: "parameter_invalid",
    message: `The address is in ${country}, but the session is priced for ${state.session.country ?? "no tax country"}: record the country first (the hosted page does), then pay.`,
    param
  })
}

/** Where an approved payment with manual capture may stand once recorded. */
const HELD_OR_SETTLED: ReadonlyArray<string> = ["requires_capture", "succeeded", "canceled"]

/** Default page size of every list. */
export const DEFAULT_LIMIT = 10

/** Errors a command on an existing session can end in. */
export type CommandError = ResourceMissing | SessionNotOpen | PaymentInProgress | ValidationError | ConcurrentModification

/** `created[...]` (or an exact `created`) as bounds. */
export const rangeOf = (r: RangeParams): { gt?: number; gte?: number; lt?: number; lte?: number } =>
  typeof r === "number" ? { gte: r, lte: r } : r

/** The processor's view of how the customer pays, or which parameter is missing. */
const paymentMethodOf = (params: PaymentParams): Result.Result<PaymentMethodInput, ValidationError> => {
  const given = [params.payment_method, params.payment_method_data, params.processor_token].filter((p) => p !== undefined).length
  if (given > 1) {
    return Result.fail(new ValidationError({
      code: "parameter_invalid",
      message: "Pass only one of `payment_method`, `payment_method_data` and `processor_token`.",
      param: params.processor_token !== undefined ? "processor_token" : "payment_method_data"
    }))
  }
  if (params.payment_method !== undefined) return Result.succeed({ type: "token", token: params.payment_method })
  if (params.processor_token !== undefined) {
    return Result.succeed({ type: "processor_token", processor: params.processor_token.processor, data: Redacted.make(params.processor_token.data) })
  }
  const data = params.payment_method_data
  if (data === undefined) {
    return Result.fail(new ValidationError({ code: "parameter_missing", message: "Missing required param: payment_method.", param: "payment_method" }))
  }
  return Result.succeed({
    type: "card",
    number: data.card.number,
    exp_month: data.card.exp_month,
    exp_year: data.card.exp_year,
    cvc: data.card.cvc ?? null
  })
}

/**
 * Filters of the session list beyond the API's (the dashboard's): a currency, and bounds on
 * `amount_total` in that currency's minor units. `GET /v1/checkout/sessions` passes none.
 */
export interface SessionListOptions {
  readonly currency?: string | undefined
  readonly amount_total?: { readonly gte?: number | undefined; readonly lte?: number | undefined } | undefined
}

/** The largest amount a bound may name (Stripe's own ceiling for an amount, in minor units). */
const MAX_AMOUNT = 99_999_999_999

/** Checks the list's extra filters: a three-letter currency, whole non-negative bounds, and no amount without a currency. */
export const checkListOptions = (options: SessionListOptions): Effect.Effect<Pick<SessionFilter, "currency" | "amount_total">, ValidationError> => {
  const invalid = (param: string, message: string) => Effect.fail(new ValidationError({ code: "parameter_invalid", message, param }))
  const currency = options.currency?.toLowerCase()
  if (currency !== undefined && !/^[a-z]{3}$/.test(currency)) return invalid("currency", "Invalid currency: use a three-letter ISO code, e.g. usd.")
  const range: { gte?: number; lte?: number } = {}
  for (const bound of ["gte", "lte"] as const) {
    const value = options.amount_total?.[bound]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT) return invalid(`amount_total[${bound}]`, `Invalid amount_total[${bound}]: a whole number of minor units from 0 to ${MAX_AMOUNT}.`)
    range[bound] = value
  }
  const bounded = range.gte !== undefined || range.lte !== undefined
  if (bounded && currency === undefined) return invalid("currency", "Filtering by amount needs a currency: amounts in different currencies do not compare.")
  return Effect.succeed({ ...(currency === undefined ? {} : { currency }), ...(bounded ? { amount_total: range } : {}) })
}

/** Checks and resolves the pagination parameters of a list into a page request. */
export const pageRequest = Effect.fnUntraced(function*<E>(
  scope: Scope,
  params: ListPageParams,
  resolve: (scope: Scope, id: string | undefined, param: string) => Effect.Effect<Cursor | undefined, E>
) {
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    return yield* new ValidationError({
      code: "parameter_invalid",
      message: "Pass at most one of `starting_after` and `ending_before`.",
      param: "ending_before"
    })
  }
  const after = yield* resolve(scope, params.starting_after, "starting_after")
  const before = yield* resolve(scope, params.ending_before, "ending_before")
  const page: PageRequest = {
    limit: params.limit ?? DEFAULT_LIMIT,
    ...(after === undefined ? {} : { after }),
    ...(before === undefined ? {} : { before })
  }
  return page
})

/**
 * How a create with an idempotency key is answered in its own write: the response is made from the new
 * session before it is stored, and stored with it under `key` (SessionRepository.insertAnswered).
 */
export interface KeyedAnswer {
  readonly key: IdempotencyKey
  readonly fingerprint: string
  /** The response the request will send, made from the session about to be written. */
  readonly respond: (state: SessionState) => Effect.Effect<StoredResponse>
}

/** Use cases of checkout sessions. */
export class CheckoutSessions extends Context.Service<CheckoutSessions>()("till/CheckoutSessions", {
  make: Effect.gen(function*() {
    const repo = yield* SessionRepository
    const customers = yield* CustomerRepository
    const processor = yield* PaymentProcessor
    const ids = yield* IdGenerator
    const snapshots = yield* EventSnapshots
    const catalogRepo = yield* CatalogRepository
    const taxRateRepo = yield* TaxRateRepository
    const shippingRateRepo = yield* ShippingRateRepository
    const discountOf = discountFor(yield* PromotionRepository)

    const eventsOf = eventMaker(ids, snapshots)
    const toEvents = (state: SessionState, drafts: ReadonlyArray<EventDraft>, now: number) =>
      eventsOf({ account: state.account, livemode: state.session.livemode }, drafts, now)

    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(
        Effect.flatMap(Option.match({
          onNone: () => Effect.fail(new ResourceMissing({ object: "checkout.session", id, param })),
          onSome: (state) =>
            inScope(state, scope) ? Effect.succeed(state) : Effect.fail(new ResourceMissing({ object: "checkout.session", id, param }))
        }))
      )

    /** Loads, decides and writes; a write that lost a race is retried on a fresh read. */
    const run = <E>(
      loadState: Effect.Effect<SessionState, E>,
      command: (state: SessionState) => Machine.Command
    ) =>
      Effect.gen(function*() {
        const state = yield* loadState
        const now = yield* nowSeconds
        const result = Machine.transition(state, command(state), now)
        if (Result.isFailure(result)) return yield* Effect.fail(result.failure)
        const { events, new_customer, state: nextState } = result.success
        const customers = new_customer === undefined ? [] : [{ account: nextState.account, version: 1, deleted: false, customer: new_customer }]
        yield* repo.update(nextState, yield* toEvents(nextState, events, now), customers, Machine.redemptionsOf(state, nextState)).pipe(
          // the discount was used up by other payments meanwhile: this one does not start, nothing is charged
          Effect.catchTag("RedemptionLimitReached", (e) =>
            Effect.fail(new ValidationError({ code: "coupon_expired", message: `${e.message} Remove it to pay without it.`, param: "discounts" })))
        )
        return nextState
      }).pipe(retryOnConflict)

    const apply = (scope: Scope, id: string, command: (state: SessionState) => Machine.Command) => run(load(scope, id), command)

    /** A session by id whatever its scope (for the worker, which acts for every account). */
    const loadAny = (id: string) =>
      repo.findById(id).pipe(
        Effect.flatMap(Option.match({
          onNone: () => Effect.fail(new ResourceMissing({ object: "checkout.session", id, param: null })),
          onSome: Effect.succeed
        }))
      )

    /**
     * Records a processor's outcome, retrying while the store is unreachable: the money has moved (or
     * not) whatever happens to this write, so it is worth a few seconds. A retry may find that its
     * earlier try did land before the connection dropped (or that reconciliation got there first):
     * then the session is terminal, and the state as stored is the answer.
     */
    const settle = (loadState: Effect.Effect<SessionState, ResourceMissing>, command: Machine.Command) =>
      run(loadState, () => command).pipe(
        unavailableAsFailure,
        Effect.retry({ schedule: OUTCOME_WRITE_BACKOFF, times: OUTCOME_WRITE_RETRIES, while: (e) => e._tag === "StoreUnavailable" }),
        Effect.catchTags({
          StoreUnavailable: (e) => Effect.die(e),
          SessionNotOpen: () => loadState
        })
      )

    /**
     * Asks the processor what became of a session's unresolved attempt, and records the answer: an
     * approval completes the session (with its events, once), a decline or an attempt the processor
     * never took frees it for another attempt (or for expiry, if it is due).
     */
    const reconcile = Effect.fnUntraced(function*(state: SessionState) {
      const attempt = state.attempt
      if (attempt === null || Machine.isTerminal(state)) return state
      // An attempt waiting for the shopper keeps its chance until ActionTimeout: its return or the
      // processor's notification resolves it, and asking before then would only repeat the question
      // every sweep. Past it, the processor is asked for an end (it voids an action still pending).
      const waiting = state.payment_intent?.status === "requires_action"
      if (waiting && (yield* nowSeconds) < attempt.started_at + (yield* ActionTimeout)) return state
      const outcome = yield* processor.retrieve({ attempt_id: attempt.id, account: state.account, livemode: state.session.livemode, final: true })
      return yield* settle(loadAny(state.session.id), commandFor(attempt.id, outcome, state.session.pending_details ?? NOTHING))
    })

    /** Reconciles the session's attempt first if it has been unresolved for longer than AttemptTimeout. */
    const reconcileIfStale = Effect.fnUntraced(function*(state: SessionState) {
      const timeout = yield* AttemptTimeout
      return Machine.isAttemptStale(state, yield* nowSeconds, timeout) ? yield* reconcile(state) : state
    })

    /**
     * The customer `params.customer` names, which must be one of the scope's and not deleted (Stripe's
     * 400 `resource_missing` on `customer` otherwise); null when none is named. The rules on the other
     * customer parameters come first, as Stripe checks them before looking anything up.
     */
    const customerFor = Effect.fnUntraced(function*(scope: Scope, params: CreateSessionParams) {
      if (params.customer === undefined) return null
      const rule = Machine.checkCustomerParams(params)
      if (rule !== undefined) return yield* rule
      const found = yield* customers.findById(params.customer)
      if (Option.isNone(found) || found.value.deleted || found.value.account !== scope.account || found.value.customer.livemode !== scope.livemode) {
        return yield* new ValidationError({ code: "resource_missing", message: `No such customer: '${params.customer}'`, param: "customer" })
      }
      return { email: found.value.customer.email, name: found.value.customer.name }
    })

    // The calls every request makes (create, retrieve, a client secret's check) are untraced: a named
    // Effect.fn makes a span and captures a call-site stack on each call, which costs more than the
    // rest of the use case's own work. The rarer calls keep their names.

    /**
     * Looks up the catalog objects the line items name: each `price` with its product, each
     * `price_data[product]`. One of another scope is missing, and named by its parameter.
     */
    const resolveCatalog = Effect.fnUntraced(function*(scope: Scope, params: CreateSessionParams) {
      const items = params.line_items
      const names = (li: LineItemParams) =>
        li.price !== undefined || li.price_data?.product !== undefined || li.tax_rates !== undefined || li.dynamic_tax_rates !== undefined
      if (items === undefined || !items.some(names)) return undefined
      const find = <A>(found: Effect.Effect<Option.Option<A>>, object: string, id: string, param: string) =>
        Effect.flatMap(found, Option.match({ onNone: () => Effect.fail(new ResourceMissing({ object, id, param })), onSome: Effect.succeed }))
      const ratesOf = (ids: ReadonlyArray<string> | undefined, param: string) =>
        Effect.forEach(ids ?? [], (id, j) => Effect.map(find(taxRateRepo.findById(scope, id), "tax_rate", id, `${param}[${j}]`), (s) => s.tax_rate))
      const resolved: Array<Resolved | undefined> = []
      for (const [i, li] of items.entries()) {
        if (!names(li)) {
          resolved.push(undefined)
          continue
        }
        const rates = {
          tax_rates: yield* ratesOf(li.tax_rates, `line_items[${i}][tax_rates]`),
          dynamic_tax_rates: yield* ratesOf(li.dynamic_tax_rates, `line_items[${i}][dynamic_tax_rates]`)
        }
        if (li.price !== undefined) {
          const { price } = yield* find(catalogRepo.findPrice(scope, li.price), "price", li.price, `line_items[${i}][price]`)
          const { product } = yield* find(catalogRepo.findProduct(scope, price.product), "product", price.product, `line_items[${i}][price]`)
          resolved.push({ price, product, ...rates })
        } else if (li.price_data?.product !== undefined) {
          const id = li.price_data.product
          const { product } = yield* find(catalogRepo.findProduct(scope, id), "product", id, `line_items[${i}][price_data][product]`)
          resolved.push({ product, ...rates })
        } else resolved.push(rates)
      }
      return resolved
    })

    /**
     * Looks up the shipping rates `shipping_options[i][shipping_rate]` name, one entry per option
     * (undefined for `shipping_rate_data`); one of another scope is missing, named by its parameter.
     */
    const resolveShippingRates = Effect.fnUntraced(function*(scope: Scope, params: CreateSessionParams) {
      const options = params.shipping_options
      if (options === undefined || options === "" || !options.some((o) => o.shipping_rate !== undefined)) return undefined
      return yield* Effect.forEach(options, (o, i) =>
        o.shipping_rate === undefined
          ? Effect.succeed(undefined)
          : shippingRateRepo.findById(scope, o.shipping_rate).pipe(Effect.flatMap(Option.match({
            onNone: () => Effect.fail(new ResourceMissing({ object: "shipping_rate", id: o.shipping_rate!, param: `shipping_options[${i}][shipping_rate]` })),
            onSome: (stored) => Effect.succeed(stored.shipping_rate)
          }))))
    })

    /** Whether a customer has paid before, for `restrictions[first_time_transaction]`. */
    const hasPaid = (scope: Scope, customer: string | null, now: number) =>
      customer === null
        ? Effect.succeed(false)
        : Effect.map(repo.list(scope, { customer, status: "complete" }, { limit: 1 }, now), (page) => page.data.length > 0)

    /** A new open session and its events, not yet stored. `payment_link` is set when a payment link mints it. */
    const prepare = Effect.fnUntraced(function*(
      scope: Scope,
      params: CreateSessionParams,
      options: { readonly payment_link?: string } = {}
    ) {
      const catalog = yield* resolveCatalog(scope, params)
      const shippingRates = yield* resolveShippingRates(scope, params)
      const customer = yield* customerFor(scope, params)
      const now = yield* nowSeconds
      const id = yield* ids.make(scope.livemode ? Prefix.session.live : Prefix.session.test)
      const secret = clientSecretFor(id, yield* ids.secret(""))
      const recovery = params.after_expiration?.recovery?.enabled === true ? recoveryTokenFor(id, yield* ids.secret("")) : undefined
      const input: Machine.CreateInput = {
        account: scope.account,
        livemode: scope.livemode,
        params,
        id,
        client_secret: secret,
        payment_link: options.payment_link ?? null,
        now,
        ...(catalog === undefined ? {} : { catalog }),
        ...(shippingRates === undefined ? {} : { shipping_rates: shippingRates }),
        customer,
        ...(recovery === undefined ? {} : { recovery_token: recovery })
      }
      let result = Machine.create(input)
      const asked = params.discounts === undefined || params.discounts === "" ? [] : params.discounts
      if (Result.isSuccess(result) && asked.length > 0) {
        // the discount's restrictions look at the session as it would be without it
        const { session } = result.success.state
        const context = { currency: session.currency, amount_subtotal: session.amount_subtotal, customer: session.customer, customerHasPaid: yield* hasPaid(scope, session.customer, now) }
        const discounts = yield* Effect.forEach(asked, (given, i) =>
          Effect.map(discountOf(scope, given, context, `discounts[${i}]`), (d) => ({ ...d, id: discountIdFor(id, i) })))
        result = Machine.create({ ...input, discounts })
      }
      if (Result.isFailure(result)) return yield* result.failure
      const { state } = result.success
      return { state, events: yield* toEvents(state, result.success.events, now), now }
    })

    /** Creates an open session. `payment_link` is set when a payment link mints it. */
    const create = Effect.fnUntraced(function*(scope: Scope, params: CreateSessionParams, options: { readonly payment_link?: string } = {}) {
      const { events, state } = yield* prepare(scope, params, options)
      yield* repo.insert(state, events)
      return state
    })

    /**
     * Creates an open session as the first request with an idempotency key: the session is stored together
     * with the key and the response `answer.respond` makes of it, in one commit. When the key is live (its
     * first request completed or still runs) nothing is written and it fails with KeyTaken.
     */
    const createAnswered = Effect.fnUntraced(function*(scope: Scope, params: CreateSessionParams, answer: KeyedAnswer) {
      const { events, now, state } = yield* prepare(scope, params)
      const response = yield* answer.respond(state)
      const written = yield* repo.insertAnswered(state, events, { key: answer.key, fingerprint: answer.fingerprint, now, response })
      if (!written) return yield* new KeyTaken({ key: answer.key.key })
      return state
    })

    /** A session as it reads now (past `expires_at` it reads as expired). */
    const retrieve = Effect.fnUntraced(function*(scope: Scope, id: string) {
      const state = yield* load(scope, id)
      return Machine.view(state, yield* nowSeconds)
    })

    /**
     * What a session's page needs before the shopper's client secret reaches it (the secret rides in the
     * fragment): the locale it asks for, the scope it lives in (whose processor's component the page
     * may load) and whether it is still open; None when there is no such session. Grants nothing.
     */
    const pageOf = Effect.fnUntraced(function*(id: string) {
      const found = yield* repo.findById(id)
      if (Option.isNone(found)) return Option.none<{ readonly locale: string | null; readonly scope: Scope; readonly open: boolean }>()
      const state = Machine.view(found.value, yield* nowSeconds)
      return Option.some({
        locale: state.session.locale,
        scope: { account: state.account, livemode: state.session.livemode } satisfies Scope,
        open: state.session.status === "open"
      })
    })

    /** The scope a client secret grants: its own session only, and only while it is the current secret. */
    const authorizeClient = Effect.fnUntraced(function*(id: string, clientSecret: string) {
      const found = yield* repo.findById(id)
      if (Option.isNone(found)) return yield* new ResourceMissing({ object: "checkout.session", id, param: null })
      const state = found.value
      if (state.session.client_secret === null || !secretsEqual(state.session.client_secret, clientSecret)) {
        return yield* new InvalidClientSecret()
      }
      return { account: state.account, livemode: state.session.livemode } satisfies Scope
    })

    /** Resolves a pagination cursor id to its position; an unknown id is a missing resource. */
    const cursorOf = (scope: Scope, id: string | undefined, param: string) =>
      id === undefined ? Effect.succeed(undefined) : load(scope, id, param).pipe(Effect.map((s): Cursor => ({ created: s.session.created, id: s.session.id })))

    /** Sessions of the scope, newest first, filtered and keyset-paginated. */
    const list = Effect.fn("CheckoutSessions.list")(function*(scope: Scope, params: ListSessionsParams, options: SessionListOptions = {}) {
      const extra = yield* checkListOptions(options)
      const page = yield* pageRequest(scope, params, cursorOf)
      const filter: SessionFilter = {
        ...(params.status === undefined ? {} : { status: params.status }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) }),
        ...(params.customer === undefined ? {} : { customer: params.customer }),
        ...(params.customer_details === undefined ? {} : { customer_email: params.customer_details.email }),
        ...(params.payment_intent === undefined ? {} : { payment_intent: params.payment_intent }),
        ...(params.payment_link === undefined ? {} : { payment_link: params.payment_link }),
        ...(params.client_reference_id === undefined ? {} : { client_reference_id: params.client_reference_id }),
        ...extra
      }
      const now = yield* nowSeconds
      const result = yield* repo.list(scope, filter, page, now)
      return { ...result, data: result.data.map((s) => Machine.view(s, now)) } satisfies Page<SessionState>
    })

    /** The line items of a session, in order, paginated by item id. */
    const listLineItems = Effect.fn("CheckoutSessions.listLineItems")(function*(scope: Scope, id: string, params: ListPageParams) {
      const state = yield* load(scope, id)
      const page = yield* paginateInOrder(state.line_items.map((item) => withCatalog(item, state.session)), params)
      // the session too: its discounts are what the items' `discounts` name
      return { ...page, session: state.session }
    })

    /** Updates metadata (merged) while the session is open. */
    const update = Effect.fn("CheckoutSessions.update")(function*(scope: Scope, id: string, params: UpdateSessionParams) {
      if (params.metadata === undefined) return yield* retrieve(scope, id)
      const metadata = params.metadata
      return yield* apply(scope, id, () => ({ _tag: "UpdateMetadata", metadata }))
    })

    /** Expires an open session on the merchant's request. */
    const expire = Effect.fn("CheckoutSessions.expire")(function*(scope: Scope, id: string) {
      return yield* run(Effect.flatMap(load(scope, id), reconcileIfStale), () => ({ _tag: "Expire" }))
    })

    /** Replaces the client secret; the old one stops working at once. */
    const rotateClientSecret = Effect.fn("CheckoutSessions.rotateClientSecret")(function*(scope: Scope, id: string) {
      const secret = clientSecretFor(id, yield* ids.secret(""))
      return yield* apply(scope, id, () => ({ _tag: "RotateClientSecret", client_secret: secret }))
    })

    /**
     * Submits a payment. At most one attempt runs at a time, and an attempt is recorded before the
     * processor is called, with its id as the processor's idempotency key. A decline leaves the session
     * open and fails with PaymentFailed. Once the processor is called, the attempt is seen through even
     * if the caller goes away, and its outcome's write is retried; an attempt whose outcome could not be
     * recorded stays unresolved (blocking other attempts and expiry) until reconciliation asks the
     * processor, which this call does first when it finds such an attempt past AttemptTimeout.
     */
    const pay = Effect.fn("CheckoutSessions.pay")(function*(scope: Scope, id: string, params: PaymentParams) {
      const method = paymentMethodOf(params)
      if (Result.isFailure(method)) return yield* method.failure
      const current = Machine.view(yield* reconcileIfStale(yield* load(scope, id)), yield* nowSeconds)
      const count = params.installments?.count ?? null
      // the plan's quote is what the page showed and what is charged (InstallmentQuote)
      let plan: IntentInstallments | null = null
      if (count !== null && count > 1) {
        const offer = current.session.payment_method_options.card.installments
        const offered = offer.enabled ? offer.plans.find((p) => p.count === count) : undefined
        if (offered === undefined) {
          return yield* new ValidationError({
            code: "parameter_invalid",
            message: `This Checkout Session does not offer ${count} installments.`,
            param: "installments[count]"
          })
        }
        const q = InstallmentQuote.quote(current.session.amount_total, offered)
        if (!InstallmentQuote.chargeable(q)) {
          return yield* new ValidationError({
            code: "amount_too_large",
            message: `With its interest, ${count} installments would charge ${q.total}, more than a payment may take.`,
            param: "installments[count]"
          })
        }
        plan = { count, rate: offered.rate, total: q.total, installment_amount: q.installment_amount, last_installment_amount: q.last_installment_amount }
      }
      // what the session collects is checked before any attempt starts: a mistake charges nothing
      const collected = collect(current.session, params)
      if (Result.isFailure(collected)) return yield* collected.failure
      const mismatch = taxCountryMismatch(current, collected.success)
      if (mismatch !== undefined) return yield* mismatch
      const attemptId = yield* ids.make(Prefix.attempt)
      const newIntentId = yield* ids.make(Prefix.paymentIntent)
      const intentSecret = clientSecretFor(newIntentId, yield* ids.secret(""))
      const receiptSecret = yield* ids.secret("")
      const filled = {
        ...(params.custom_fields === undefined ? {} : { custom_fields: params.custom_fields }),
        ...(params.consent === undefined ? {} : { consent: params.consent })
      }
      const started = yield* apply(scope, id, () => ({
        _tag: "StartPayment",
        attempt_id: attemptId,
        payment_intent_id: newIntentId,
        payment_intent_client_secret: intentSecret,
        collected: collected.success,
        filled,
        installments: plan,
        receipt_secret: receiptSecret
      }))
      const intent = started.payment_intent!

      return yield* Effect.uninterruptible(Effect.gen(function*() {
        const request = {
          attempt_id: attemptId,
          account: started.account,
          return_url: params.return_url ?? null,
          payment_intent: intent.id,
          // the intent's amount: the session's total, or the plan's with its interest
          amount: intent.amount,
          currency: started.session.currency,
          livemode: started.session.livemode,
          method: method.success,
          installments: plan?.count ?? null,
          capture: Machine.isManualCapture(started) ? "manual" as const : "automatic" as const,
          now: yield* nowSeconds
        }
        // a call that does not answer is given up on; the attempt stays unresolved for reconciliation
        const outcome = yield* unknownOutcome(Effect.interruptible(processor.authorize(request)), intent.id)
        const after = yield* settle(load(scope, id), commandFor(attemptId, outcome, collected.success))
        // Every outcome below belongs to the attempt started above, so an UnknownAttempt here is a bug.
        switch (outcome._tag) {
          case "Succeeded": {
            const recorded = after.payment_intent
            // a held payment may even be settled by the merchant before this answer is read
            if (recorded === null || !(Machine.isManualCapture(after) ? HELD_OR_SETTLED : ["succeeded"]).includes(recorded.status)) {
              return yield* Effect.die(new Error(`approved attempt ${attemptId} is not recorded as succeeded on ${id}`))
            }
            return recorded
          }
          case "Failed":
            return yield* new PaymentFailed({ ...outcome.error, payment_intent: intent.id })
          case "Rejected":
            return yield* new ValidationError({ code: outcome.code, message: outcome.message, param: outcome.param })
          // the shopper must act (3-D Secure, a redirect): the intent shows where to send them
          case "RequiresAction":
            return after.payment_intent!
        }
      }).pipe(Effect.catchTag("UnknownAttempt", (e) => Effect.die(e))))
    })

    /**
     * Completes the action an attempt waits on, once the shopper is back from it: the processor says
     * what became of the attempt (Adyen's /payments/details, Stripe's intent), and the answer is
     * recorded as `pay` records one. Safe to call again or after a notification got there first: an
     * attempt no longer waiting is answered as it stands. Answers the payment intent as recorded.
     */
    const completeAction = Effect.fn("CheckoutSessions.completeAction")(function*(
      scope: Scope,
      paymentIntentId: string,
      params: Readonly<Record<string, string>>
    ) {
      const state = yield* loadByIntent(scope, paymentIntentId)
      const attempt = state.attempt
      if (attempt === null || state.payment_intent?.status !== "requires_action") return state.payment_intent!
      if (processor.completeAction === undefined) {
        return yield* new ValidationError({ code: "payment_intent_unexpected_state", message: "This payment has no action to complete.", param: null })
      }
      const outcome = yield* processor.completeAction({
        attempt_id: attempt.id,
        account: state.account,
        livemode: state.session.livemode,
        payment_intent: paymentIntentId,
        params,
        now: yield* nowSeconds
      }).pipe((call) => unknownOutcome(call, paymentIntentId))
      // a refusal of the completion (not of the payment) leaves the attempt for reconciliation
      if (outcome._tag === "Rejected") return yield* new ValidationError({ code: outcome.code, message: outcome.message, param: outcome.param })
      const after = yield* settle(loadAny(state.session.id), commandFor(attempt.id, outcome, state.session.pending_details ?? NOTHING)).pipe(
        Effect.catchTag("UnknownAttempt", (e) => Effect.die(e))
      )
      return after.payment_intent!
    })

    /**
     * Completes the action of a session's attempt when the shopper's browser comes back to the return
     * URL (no credential: it only asks the processor what became of the attempt, and records that).
     * Answers the session as it then stands.
     */
    const completeSessionAction = Effect.fn("CheckoutSessions.completeSessionAction")(function*(
      id: string,
      params: Readonly<Record<string, string>>
    ) {
      const state = yield* loadAny(id)
      if (state.payment_intent === null || state.attempt === null || state.payment_intent.status !== "requires_action") return state
      const scope: Scope = { account: state.account, livemode: state.session.livemode }
      yield* completeAction(scope, state.payment_intent.id, params)
      return yield* loadAny(id)
    })

    /**
     * Records an outcome the processor reported on its own (a verified notification: see
     * ProcessorNotifications), through the same write as `pay` and reconciliation: an approval
     * completes the session once, however many reports arrive and in whatever order; a report about
     * an attempt already resolved changes nothing. Answers the session as it then stands, or none
     * when the intent is not the scope's (another system's payment on the same processor account).
     */
    const recordProcessorOutcome = Effect.fn("CheckoutSessions.recordProcessorOutcome")(function*(
      scope: Scope,
      paymentIntentId: string,
      attemptId: string,
      outcome: AuthorizeOutcome
    ) {
      const found = yield* repo.findByPaymentIntent(paymentIntentId)
      if (Option.isNone(found) || !inScope(found.value, scope)) return Option.none<SessionState>()
      const state = found.value
      const command = commandFor(attemptId, outcome, state.session.pending_details ?? NOTHING)
      const after = yield* settle(loadAny(state.session.id), command).pipe(
        Effect.catchTag("UnknownAttempt", (e) => Effect.die(e)),
        // an approval reaching a session that the clock has closed meanwhile is still recorded by the
        // machine (money was taken); other refusals (an attempt in progress) leave the state as it is
        Effect.catchTag("PaymentInProgress", () => loadAny(state.session.id)),
        Effect.catchTag("ValidationError", () => loadAny(state.session.id))
      )
      return Option.some(after)
    })

    /** The payment intent of one of the scope's sessions. */
    const retrievePaymentIntent = Effect.fn("CheckoutSessions.retrievePaymentIntent")(function*(scope: Scope, id: string) {
      const found = yield* repo.findByPaymentIntent(id)
      if (Option.isNone(found) || !inScope(found.value, scope) || found.value.payment_intent === null) {
        return yield* new ResourceMissing({ object: "payment_intent", id, param: null })
      }
      return Machine.view(found.value, yield* nowSeconds).payment_intent as PaymentIntent
    })

    /** A session by its payment intent's id, if it is the scope's. */
    const loadByIntent = (scope: Scope, id: string) =>
      repo.findByPaymentIntent(id).pipe(
        Effect.flatMap((found) =>
          Option.isNone(found) || !inScope(found.value, scope) || found.value.payment_intent === null
            ? Effect.fail(new ResourceMissing({ object: "payment_intent", id, param: null }))
            : Effect.succeed(found.value)
        )
      )

    /**
     * Captures or cancels a held authorization (manual capture). The intent's state must allow the
     * command before the processor is asked; the processor then settles the authorization once, for
     * whichever request reaches it first, and that settlement is what is recorded (with retries while
     * the store is unreachable, as for payments). A request that lost to another (a capture racing a
     * cancel) records the winner's settlement if nobody has yet, and fails as the intent now reads.
     * One whose write never landed leaves the intent awaiting capture: the next capture or cancel asks
     * the processor again and records what it settled.
     */
    const settleIntent = Effect.fnUntraced(function*(scope: Scope, id: string, command: IntentMachine.Command) {
      const state = yield* loadByIntent(scope, id)
      const now = yield* nowSeconds
      const check = IntentMachine.transition(state, command, now)
      if (Result.isFailure(check)) return yield* check.failure
      const action: SettleAction = command._tag === "Capture"
        ? { _tag: "Capture", amount: command.amount }
        : { _tag: "Release", reason: command.reason }
      const reference = yield* ids.make(Prefix.attempt)
      // a processor that does not answer leaves the hold as it was for Till; the next capture or cancel asks again
      const outcome = yield* processor.settle({ reference, account: state.account, payment_intent: id, livemode: state.session.livemode, action, now }).pipe(
        Effect.timeoutOrElse({ duration: yield* processorTimeout, orElse: () => Effect.fail(new PaymentOutcomeUnknown({ payment_intent: id })) })
      )
      // The processor's settlement is the winner's, whoever records it: a loser records the winner's
      // settlement when it gets there first, and a winner whose write an earlier try already made still won.
      const ours = outcome.reference === reference
      // the winner's own details (metadata, descriptors) go with it; a loser records only the settlement
      const recorded: IntentMachine.Command = outcome._tag === "Captured"
        ? { ...(ours && command._tag === "Capture" ? command : {}), _tag: "Capture", amount: outcome.amount }
        : { _tag: "Cancel", reason: outcome.reason }
      const write = Effect.gen(function*() {
        const fresh = yield* loadByIntent(scope, id)
        const at = yield* nowSeconds
        const result = IntentMachine.transition(fresh, recorded, at)
        // already recorded, by a racing request (or by an earlier try of this one whose answer was lost)
        if (Result.isFailure(result)) return fresh
        // a capture or cancel redeems nothing, so a redemption refusal cannot happen here
        yield* repo.update(result.success.state, yield* toEvents(result.success.state, result.success.events, at)).pipe(
          Effect.catchTag("RedemptionLimitReached", Effect.die)
        )
        return result.success.state
      }).pipe(retryOnConflict)
      const after = yield* Effect.uninterruptible(write.pipe(
        unavailableAsFailure,
        Effect.retry({ schedule: OUTCOME_WRITE_BACKOFF, times: OUTCOME_WRITE_RETRIES, while: (e) => e._tag === "StoreUnavailable" }),
        Effect.catchTag("StoreUnavailable", (e) => Effect.die(e))
      ))
      const intent = after.payment_intent!
      if (!ours) {
        return yield* new PaymentIntentUnexpectedState({
          id,
          action: command._tag === "Capture" ? "capture" : "cancel",
          status: intent.status,
          session_open: false
        })
      }
      return intent
    })

    /** Captures `amount_to_capture` (all of it by default) of a held authorization; the rest is released. */
    const capturePaymentIntent = Effect.fn("CheckoutSessions.capturePaymentIntent")(function*(
      scope: Scope,
      id: string,
      params: CapturePaymentIntentParams
    ) {
      const state = yield* loadByIntent(scope, id)
      const { amount_to_capture, ...details } = params
      return yield* settleIntent(scope, id, { ...details, _tag: "Capture", amount: amount_to_capture ?? state.payment_intent!.amount_capturable })
    })

    /** Cancels a payment intent awaiting capture, releasing the held funds. */
    const cancelPaymentIntent = Effect.fn("CheckoutSessions.cancelPaymentIntent")(function*(
      scope: Scope,
      id: string,
      params: CancelPaymentIntentParams
    ) {
      return yield* settleIntent(scope, id, { _tag: "Cancel", reason: params.cancellation_reason ?? null })
    })

    /**
     * Reconciles up to `limit` attempts left unresolved for longer than AttemptTimeout (their caller
     * crashed or lost its database); answers how many it resolved. The worker runs it periodically.
     */
    const reconcileStale = Effect.fn("CheckoutSessions.reconcileStale")(function*(limit = 100) {
      const startedBy = (yield* nowSeconds) - (yield* AttemptTimeout)
      const stale = yield* repo.listStaleAttempts(startedBy, limit)
      let resolved = 0
      for (const state of stale) {
        // one attempt the processor cannot answer for now must not hold up the others
        const after = yield* reconcile(state).pipe(
          Effect.catchCause((cause) =>
            Effect.logWarning(`reconciling attempt ${state.attempt?.id} of ${state.session.id} failed; retrying next round`, cause).pipe(
              Effect.as(state)
            )
          )
        )
        if (after.attempt?.id !== state.attempt?.id) resolved++
      }
      return resolved
    })

    /**
     * Expires up to `limit` sessions past their time, in one batch the repository claims and writes at
     * once; answers how many it expired. Sweeps running side by side share the due sessions: each takes
     * those no other holds. A claimed session's transition cannot fail (the claim is what
     * `ExpireByClock` requires), but one that did would be left for the next round.
     */
    const sweepExpired = Effect.fn("CheckoutSessions.sweepExpired")(function*(limit = 100) {
      const now = yield* nowSeconds
      return yield* repo.expireDue(now, limit, (due) =>
        Effect.forEach(due, (state) => {
          const result = Machine.transition(state, { _tag: "ExpireByClock" }, now)
          return Result.isFailure(result)
            ? Effect.succeed([])
            : Effect.map(toEvents(result.success.state, result.success.events, now), (events) => [{ state: result.success.state, events }])
        }).pipe(Effect.map((changes) => changes.flat())))
    })

    /**
     * Applies the promotion code a customer typed on the hosted page (`code`), or removes the session's
     * discount (`code` empty): checked as at creation, the amounts computed again, written conditionally.
     */
    const applyPromotionCode = Effect.fn("CheckoutSessions.applyPromotionCode")(function*(scope: Scope, id: string, code: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const state = yield* load(scope, id)
        const now = yield* nowSeconds
        const { session } = state
        const discounts = code === ""
          ? []
          : [{
            ...(yield* discountOf(scope, { code }, {
              currency: session.currency,
              amount_subtotal: session.amount_subtotal,
              customer: session.customer,
              customerHasPaid: yield* hasPaid(scope, session.customer, now)
            }, "promotion_code")),
            id: discountIdFor(id, 0)
          }]
        return yield* write(Machine.reprice(state, { discounts }, now))
      }))
    })

    /** Records the customer's country chosen on the hosted page, which picks the line items' dynamic tax rates. */
    const chooseCountry = Effect.fn("CheckoutSessions.chooseCountry")(function*(scope: Scope, id: string, country: string | null) {
      return yield* retryOnConflict(Effect.gen(function*() {
        return yield* write(Machine.reprice(yield* load(scope, id), { country }, yield* nowSeconds))
      }))
    })

    /**
     * What a recovery link (`after_expiration[recovery]`, see SessionRecovery) opens: the session it
     * opened before while that one is still open (so a link opened twice, or fetched by a mail
     * scanner first, leads to one session), else a new copy of the expired session, which names it in
     * `recovered_from`. A link whose cart was paid through it, or whose 30 days are over, opens
     * nothing (RecoveryUnavailable); one that names no recovery is missing. `created` says whether
     * this call made the session. Two first opens at the same instant may make two sessions.
     */
    const recover = Effect.fn("CheckoutSessions.recover")(function*(token: string) {
      const now = yield* nowSeconds
      const id = sessionIdOfRecoveryToken(token)
      const found = id === "" ? Option.none<SessionState>() : yield* repo.findById(id)
      if (Option.isNone(found)) return yield* new ResourceMissing({ object: "recovery link", id: "", param: null })
      const original = Machine.view(found.value, now)
      const checked = Recovery.checkLink(original, token, now)
      if (Result.isFailure(checked)) return yield* checked.failure
      const scope: Scope = { account: original.account, livemode: original.session.livemode }
      const paid = yield* repo.list(scope, { recovered_from: id, status: "complete" }, { limit: 1 }, now)
      if (paid.data.length > 0) return yield* new RecoveryUnavailable({ id, reason: "completed" })
      const open = yield* repo.list(scope, { recovered_from: id, status: "open" }, { limit: 1 }, now)
      if (open.data.length > 0) return { state: open.data[0]!, created: false }

      const s = original.session
      // the customer, if it is still there, and the discount, if it still applies to it: else the copy goes without
      const kept = s.customer === null ? Option.none() : yield* customers.findById(s.customer)
      const customer = Option.isSome(kept) && !kept.value.deleted && kept.value.account === scope.account ? s.customer : null
      const applied = s.discounts[0]
      const discounts = applied === undefined ? [] : yield* discountOf(
        scope,
        applied.promotion_code === null ? { coupon: applied.coupon.id } : { promotion_code: applied.promotion_code.id },
        { currency: s.currency, amount_subtotal: s.amount_subtotal, customer, customerHasPaid: yield* hasPaid(scope, customer, now) },
        "discounts[0]"
      ).pipe(Effect.map((d) => [d]), Effect.orElseSucceed(() => []))
      const newId = yield* ids.make(scope.livemode ? Prefix.session.live : Prefix.session.test)
      const made = Recovery.recoveredState(original, checked.success, {
        id: newId,
        client_secret: clientSecretFor(newId, yield* ids.secret("")),
        now,
        discounts,
        customer
      })
      if (Result.isFailure(made)) return yield* made.failure
      yield* repo.insert(made.success, [])
      return { state: made.success, created: true }
    })

    /** Records the shipping option the customer chose on the hosted page (one of the session's), pricing the session again. */
    const chooseShippingRate = Effect.fn("CheckoutSessions.chooseShippingRate")(function*(scope: Scope, id: string, shippingRate: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        return yield* write(Machine.reprice(yield* load(scope, id), { shipping_rate: shippingRate }, yield* nowSeconds))
      }))
    })

    /** Stores a repriced session, its line items included; repricing redeems nothing, so no redemption refusal can come back. */
    const write = (next: ReturnType<typeof Machine.reprice>) =>
      Result.isFailure(next)
        ? Effect.fail(next.failure)
        : Effect.as(repo.update(next.success, [], [], [], true).pipe(Effect.catchTag("RedemptionLimitReached", Effect.die)), next.success)

    return {
      applyPromotionCode,
      chooseCountry,
      chooseShippingRate,
      create,
      createAnswered,
      recover,
      retrieve,
      authorizeClient,
      pageOf,
      list,
      listLineItems,
      update,
      expire,
      rotateClientSecret,
      pay,
      completeAction,
      completeSessionAction,
      recordProcessorOutcome,
      retrievePaymentIntent,
      capturePaymentIntent,
      cancelPaymentIntent,
      sweepExpired,
      reconcileStale,
      resolveCatalog,
      resolveShippingRates
    } as const
  })
}) {
  /** The use cases over whatever repository, processor and id generator are provided. */
  static readonly layer = Layer.effect(CheckoutSessions, CheckoutSessions.make)
}

/** Pages through items kept in a fixed order (line items), by item id. */
export const paginateInOrder = <A extends { readonly id: string }>(items: ReadonlyArray<A>, params: ListPageParams) =>
  Effect.gen(function*() {
    const limit = params.limit ?? DEFAULT_LIMIT
    const indexOf = (id: string, param: string) => {
      const i = items.findIndex((item) => item.id === id)
      return i < 0 ? Effect.fail(new ResourceMissing({ object: "item", id, param })) : Effect.succeed(i)
    }
    if (params.ending_before !== undefined) {
      const end = yield* indexOf(params.ending_before, "ending_before")
      const start = Math.max(0, end - limit)
      return { data: items.slice(start, end), has_more: start > 0 } satisfies Page<A>
    }
    const start = params.starting_after === undefined ? 0 : (yield* indexOf(params.starting_after, "starting_after")) + 1
    return { data: items.slice(start, start + limit), has_more: start + limit < items.length } satisfies Page<A>
  })
