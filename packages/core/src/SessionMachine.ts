/**
 * The session state machine (SPEC section 3) as pure functions: a state and a command in,
 * the next state and the events it causes out, or a typed error. The time is an argument.
 */
import { Result } from "effect"
import { collect, type Collected, consentCollectionOf, customFieldsOf, customTextOf, requiresTerms } from "./CheckoutFields.ts"
import { type AfterExpiration, type CheckoutSession, NO_COLLECTION, type PendingDetails, type RedirectOnCompletion, type SessionState, type ShippingDetails, type ShippingOption, type UiMode } from "./CheckoutSession.ts"
import { type Address, type Customer, invoicePrefixFor, newCustomer } from "./Customer.ts"
import { NotYetExpired, PaymentInProgress, SessionNotOpen, UnknownAttempt, ValidationError } from "./Errors.ts"
import type { EventDraft } from "./Events.ts"
import { customerIdForSession, Prefix } from "./Ids.ts"
import * as Money from "./Money.ts"
import { checkMetadata } from "./Params.ts"
import type { CardDetails, IntentInstallments, NextAction, PaymentError, PaymentIntent } from "./PaymentIntent.ts"
import { lineItemsOf, type Resolved } from "./SessionLineItems.ts"
import { amountsOf, type ChosenShipping } from "./SessionTotals.ts"
import { amountIn, newShippingRate, type ShippingRate } from "./ShippingRate.ts"
import type { Redemption, SessionDiscount } from "./Coupon.ts"
import type { DiscountInput } from "./Totals.ts"
import { capturesManually, fromParams as paymentIntentDataOf } from "./PaymentIntentData.ts"
import type { CreateSessionParams } from "./SessionParams.ts"

/** How far ahead `expires_at` may be set, in seconds after creation (SPEC section 3). */
export const EXPIRY_WINDOW = { min: 30 * 60, max: 24 * 60 * 60, default: 24 * 60 * 60 } as const

/** How long a recovery link works once its session expired (`after_expiration[recovery]`): 30 days, as Stripe's. */
export const RECOVERY_WINDOW_SECONDS = 30 * 24 * 60 * 60

/**
 * How long an attempt may stay unresolved before it is reconciled: past it, its caller is taken to be
 * gone (crashed, lost its database connection), and the processor is asked what became of the attempt.
 * Only the processor's answer resolves it; the timer merely says when to ask.
 */
export const ATTEMPT_TIMEOUT_SECONDS = 120

// ---------------------------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------------------------

/** The session is `open`. */
export const isOpen = (s: SessionState): boolean => s.session.status === "open"

/** The session is `complete` or `expired`; it will never change again. */
export const isTerminal = (s: SessionState): boolean => !isOpen(s)

/**
 * A payment attempt has started and its outcome is not recorded yet. However old, it may have taken
 * the money, so it blocks other attempts and expiry until it is resolved (by its caller or by
 * reconciliation with the processor).
 */
export const hasUnresolvedAttempt = (s: SessionState): boolean => s.attempt !== null

/** An unresolved attempt started `timeout` seconds ago or earlier: time to ask the processor about it. */
export const isAttemptStale = (s: SessionState, now: number, timeout: number = ATTEMPT_TIMEOUT_SECONDS): boolean =>
  s.attempt !== null && now >= s.attempt.started_at + timeout

/** The session's payment waits for the merchant's capture (`payment_intent_data[capture_method]=manual`). */
export const isManualCapture = (s: SessionState): boolean => capturesManually(s.session.payment_intent_data)

/** The clock has reached `expires_at`. */
export const isPastExpiry = (s: SessionState, now: number): boolean => now >= s.session.expires_at

/** Open, past `expires_at`, and no attempt that could still have succeeded: the clock may expire it. */
export const isDueForExpiry = (s: SessionState, now: number): boolean =>
  isOpen(s) && isPastExpiry(s, now) && !hasUnresolvedAttempt(s)

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Commands that move an existing session. */
export type Command =
  | {
    readonly _tag: "StartPayment"
    readonly attempt_id: string
    readonly payment_intent_id: string
    readonly payment_intent_client_secret: string
    /** What the payment collected, kept until it resolves (see CheckoutSession's `pending_details`). */
    readonly collected?: PendingDetails
    /** What the customer filled in (custom fields, consent): checked against the session, recorded on it. */
    readonly filled?: Collected
    /** The installment plan this attempt pays in, quoted (InstallmentQuote); absent or null to pay in full. Its total is what the intent charges. */
    readonly installments?: IntentInstallments | null
    /** The new intent's receipt secret (see PaymentIntent); an intent that has one keeps it. */
    readonly receipt_secret?: string
  }
  | {
    readonly _tag: "PaymentSucceeded"
    readonly attempt_id: string
    readonly payment_method: string
    readonly card: CardDetails
    readonly customer_name: string | null
    /** The e-mail address the payment carried (its billing details), if any. */
    readonly customer_email?: string | null
    /** The phone number (E.164) and billing address the payment carried, if any (see CollectedDetails). */
    readonly customer_phone?: string | null
    readonly customer_address?: Address | null
    /** The shipping address the payment carried, with `shipping_address_collection`. */
    readonly shipping_details?: ShippingDetails | null
  }
  | {
    readonly _tag: "PaymentFailed"
    readonly attempt_id: string
    readonly error: PaymentError
    readonly payment_method: string | null
  }
  | { readonly _tag: "AbandonAttempt"; readonly attempt_id: string }
  /** The processor waits for the shopper (3-D Secure, a redirect): the intent shows the action, the attempt stays unresolved. */
  | {
    readonly _tag: "PaymentRequiresAction"
    readonly attempt_id: string
    readonly next_action: NextAction
    readonly payment_method: string | null
  }
  | { readonly _tag: "Expire" }
  | { readonly _tag: "ExpireByClock" }
  | { readonly _tag: "UpdateMetadata"; readonly metadata: Readonly<Record<string, string>> | "" }
  | { readonly _tag: "RotateClientSecret"; readonly client_secret: string }

/** The errors a command can end in. */
export type TransitionError = SessionNotOpen | PaymentInProgress | NotYetExpired | ValidationError | UnknownAttempt

/** The next state and the events it causes. */
export interface Transition {
  readonly state: SessionState
  readonly events: ReadonlyArray<EventDraft>
  /** The customer the change creates, to be stored with it (a completion with `customer_creation=always`). */
  readonly new_customer?: Customer
}

const notOpen = (s: SessionState) => new SessionNotOpen({ id: s.session.id, status: s.session.status === "complete" ? "complete" : "expired" })

/** Applies a command to a session at time `now` (Unix seconds). Terminal states never change. */
export const transition = (state: SessionState, command: Command, now: number): Result.Result<Transition, TransitionError> => {
  if (isTerminal(state)) return Result.fail(notOpen(state))
  switch (command._tag) {
    case "StartPayment": {
      if (hasUnresolvedAttempt(state)) return Result.fail(new PaymentInProgress({ id: state.session.id }))
      if (isPastExpiry(state, now)) return Result.fail(new SessionNotOpen({ id: state.session.id, status: "expired" }))
      // the custom fields and the terms of service stop the payment before anything is charged
      const filled = collect(state.session, command.filled ?? {})
      if (Result.isFailure(filled)) return Result.fail(filled.failure)
      // each attempt charges what its plan says: the session's total, or the plan's with its interest
      const installments = command.installments ?? null
      const charged = { amount: installments?.total ?? state.session.amount_total, installments }
      const intent: PaymentIntent = state.payment_intent === null
        ? { ...newPaymentIntent(state.session, command.payment_intent_id, command.payment_intent_client_secret, now), ...charged, receipt_secret: command.receipt_secret ?? null }
        : { ...state.payment_intent, ...charged, status: "processing", next_action: null }
      return Result.succeed({
        state: next(state, {
          session: { ...state.session, ...filled.success, payment_intent: intent.id, pending_details: command.collected ?? null },
          payment_intent: intent,
          attempt: { id: command.attempt_id, started_at: now }
        }),
        events: []
      })
    }
    case "PaymentSucceeded": {
      if (state.payment_intent === null) return Result.fail(new UnknownAttempt({ id: state.session.id, attempt_id: command.attempt_id }))
      // Money was taken (or, with manual capture, held), so an open session records it whichever of its attempts did it.
      const manual = isManualCapture(state)
      const intent: PaymentIntent = {
        ...state.payment_intent,
        status: manual ? "requires_capture" : "succeeded",
        amount_received: manual ? 0 : state.payment_intent.amount,
        amount_capturable: manual ? state.payment_intent.amount : 0,
        payment_method: command.payment_method,
        payment_method_details: { type: "card", card: command.card },
        last_payment_error: null,
        next_action: null
      }
      // an address given before (the customer's, or `customer_email`) is the one Checkout shows, not editable
      const known = state.session.customer_details
      const details = {
        email: known?.email ?? command.customer_email ?? null,
        name: command.customer_name ?? known?.name ?? null,
        phone: command.customer_phone ?? known?.phone ?? null,
        address: command.customer_address ?? known?.address ?? null
      }
      const shipping = command.shipping_details ?? state.session.shipping_details
      const created = createsCustomer(state.session) ? customerOfSession(state.session, details, shipping, now) : null
      const session: CheckoutSession = {
        ...state.session,
        status: "complete",
        // Stripe completes a manually captured session unpaid: the funds are only held until the capture
        payment_status: manual ? "unpaid" : "paid",
        customer: created?.id ?? state.session.customer,
        customer_details: details,
        shipping_details: shipping
      }
      const events: ReadonlyArray<EventDraft> = [
        { type: manual ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded", object: intent },
        { type: "checkout.session.completed", object: session }
      ]
      return Result.succeed({
        state: next(state, { session, payment_intent: intent, attempt: null }),
        ...(created === null ? { events } : { events: [{ type: "customer.created", object: created }, ...events], new_customer: created })
      })
    }
    case "PaymentFailed": {
      if (state.payment_intent === null) return Result.fail(new UnknownAttempt({ id: state.session.id, attempt_id: command.attempt_id }))
      // Already resolved (its caller and reconciliation both report it): the first report counts.
      if (state.attempt?.id !== command.attempt_id) return Result.succeed({ state: next(state, {}), events: [] })
      const failed: PaymentIntent = {
        ...state.payment_intent,
        status: "requires_payment_method",
        payment_method: command.payment_method,
        last_payment_error: command.error,
        next_action: null
      }
      return Result.succeed(expireIfDue(next(state, { payment_intent: failed, attempt: null }), now, [
        { type: "payment_intent.payment_failed", object: failed }
      ]))
    }
    case "AbandonAttempt": {
      // The processor never took the attempt (it refused the request, or reconciliation found no
      // trace of it): nothing happened, so no event. Every success bumps the version, even one that
      // changes nothing, so the write stays conditional.
      if (state.attempt?.id !== command.attempt_id) return Result.succeed({ state: next(state, {}), events: [] })
      const intent = state.payment_intent === null ? null : { ...state.payment_intent, status: "requires_payment_method" as const, next_action: null }
      return Result.succeed(expireIfDue(next(state, { payment_intent: intent, attempt: null }), now, []))
    }
    case "PaymentRequiresAction": {
      if (state.payment_intent === null) return Result.fail(new UnknownAttempt({ id: state.session.id, attempt_id: command.attempt_id }))
      // a report about an attempt already resolved (or another one) changes nothing
      if (state.attempt?.id !== command.attempt_id) return Result.succeed({ state: next(state, {}), events: [] })
      // the attempt stays open: it may still take the money once the shopper completes the action
      const waiting: PaymentIntent = {
        ...state.payment_intent,
        status: "requires_action",
        payment_method: command.payment_method ?? state.payment_intent.payment_method,
        next_action: command.next_action
      }
      const changed = state.payment_intent.status !== "requires_action"
      return Result.succeed({
        state: next(state, { payment_intent: waiting }),
        events: changed ? [{ type: "payment_intent.requires_action", object: waiting }] : []
      })
    }
    case "Expire": {
      if (hasUnresolvedAttempt(state)) return Result.fail(new PaymentInProgress({ id: state.session.id }))
      // one already past its time expired then, whatever the sweep has written
      return Result.succeed(expire(next(state, {}), Math.min(now, state.session.expires_at)))
    }
    case "ExpireByClock": {
      if (hasUnresolvedAttempt(state)) return Result.fail(new PaymentInProgress({ id: state.session.id }))
      if (!isPastExpiry(state, now)) {
        return Result.fail(new NotYetExpired({ id: state.session.id, expires_at: state.session.expires_at }))
      }
      return Result.succeed(expire(next(state, {}), state.session.expires_at))
    }
    case "UpdateMetadata": {
      if (isDueForExpiry(state, now)) return Result.fail(new SessionNotOpen({ id: state.session.id, status: "expired" }))
      const metadata = mergeMetadata(state.session.metadata, command.metadata)
      const problem = checkMetadata(metadata)
      if (problem !== undefined) return Result.fail(new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" }))
      return Result.succeed({ state: next(state, { session: { ...state.session, metadata } }), events: [] })
    }
    case "RotateClientSecret": {
      if (isDueForExpiry(state, now)) return Result.fail(new SessionNotOpen({ id: state.session.id, status: "expired" }))
      return Result.succeed({ state: next(state, { session: { ...state.session, client_secret: command.client_secret } }), events: [] })
    }
  }
}

/** Completing the session creates a customer: asked for (`customer_creation=always`) and none given. */
export const createsCustomer = (session: CheckoutSession): boolean => session.customer === null && session.customer_creation === "always"

/** The customer a completing session creates, from what the payment collected; its id is the session's (see Ids). */
const customerOfSession = (
  session: CheckoutSession,
  details: NonNullable<CheckoutSession["customer_details"]>,
  shipping: ShippingDetails | null,
  now: number
): Customer => {
  const id = customerIdForSession(session.id)
  return {
    ...newCustomer({ id, livemode: session.livemode, created: now, email: details.email, name: details.name, invoice_prefix: invoicePrefixFor(id) }),
    phone: details.phone,
    address: details.address,
    shipping: shipping === null ? null : { name: shipping.name, address: shipping.address, phone: details.phone }
  }
}

/**
 * How a session reads at time `now`: one past `expires_at` reads as expired before the sweep writes it
 * (expired at its `expires_at`, as the sweep will record it, so its recovery link reads the same).
 */
export const view = (state: SessionState, now: number): SessionState =>
  isDueForExpiry(state, now) ? expire(state, state.session.expires_at).state : state

const next = (state: SessionState, changes: Partial<Omit<SessionState, "version" | "account">>): SessionState => ({
  ...state,
  ...changes,
  version: state.version + 1
})

/** A resolved attempt's state and events, plus the expiry the clock held off while the attempt was unresolved. */
const expireIfDue = (after: SessionState, now: number, events: ReadonlyArray<EventDraft>): Transition => {
  if (!isDueForExpiry(after, now)) return { state: after, events }
  const expired = expire(after, after.session.expires_at)
  return { state: expired.state, events: [...events, ...expired.events] }
}

/**
 * The session expired at `at` (its `expires_at` when the clock expires it, the moment of the request
 * when the merchant does): a recovery it asked for starts its 30 days then.
 */
const expire = (state: SessionState, at: number): Transition => {
  const recovery = state.session.after_expiration?.recovery ?? null
  const after_expiration: AfterExpiration | null = recovery !== null && recovery.enabled && recovery.expires_at === null
    ? { recovery: { ...recovery, expires_at: at + RECOVERY_WINDOW_SECONDS } }
    : state.session.after_expiration
  const session: CheckoutSession = { ...state.session, status: "expired", after_expiration }
  const intent: PaymentIntent | null = state.payment_intent === null ? null : { ...state.payment_intent, status: "canceled" }
  return {
    state: { ...state, session, payment_intent: intent, attempt: null },
    events: [{ type: "checkout.session.expired", object: session }]
  }
}

const newPaymentIntent = (session: CheckoutSession, id: string, clientSecret: string, now: number): PaymentIntent => {
  const data = session.payment_intent_data
  return {
    id,
    amount: session.amount_total,
    amount_received: 0,
    currency: session.currency,
    status: "processing",
    livemode: session.livemode,
    created: now,
    description: data.description ?? session.payment_description,
    metadata: data.metadata,
    payment_method_types: session.payment_method_types,
    payment_method: null,
    payment_method_details: null,
    last_payment_error: null,
    next_action: null,
    checkout_session: session.id,
    client_secret: clientSecret,
    amount_capturable: 0,
    capture_method: data.capture_method,
    statement_descriptor: data.statement_descriptor,
    statement_descriptor_suffix: data.statement_descriptor_suffix,
    receipt_email: data.receipt_email,
    canceled_at: null,
    cancellation_reason: null,
    receipt_secret: null,
    installments: null
  }
}

/** Stripe's merge rule: given keys replace, an empty value removes its key, `""` for the whole record clears it. */
export const mergeMetadata = (
  current: Readonly<Record<string, string>>,
  update: Readonly<Record<string, string>> | ""
): Record<string, string> => {
  if (update === "") return {}
  const merged: Record<string, string> = { ...current }
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete merged[k]
    else merged[k] = v
  }
  return merged
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

/** What creating a session needs besides its parameters. */
export interface CreateInput {
  readonly account: string
  readonly livemode: boolean
  readonly params: CreateSessionParams
  /** The new session's id, from `IdGenerator`. */
  readonly id: string
  /** The new client secret, from `IdGenerator`. */
  readonly client_secret: string
  readonly payment_link: string | null
  readonly now: number
  /** The catalog objects the line items name, one entry per item (see SessionLineItems); absent when none does. */
  readonly catalog?: ReadonlyArray<Resolved | undefined>
  /** The discount `params.discounts` names, as looked up and checked (see CheckoutSessions.discountFor). */
  readonly discounts?: ReadonlyArray<SessionDiscount>
  /** The customer `params.customer` names, as looked up (its contact facts prefill the session). */
  readonly customer?: { readonly email: string | null; readonly name: string | null } | null
  /** The recovery link's secret, from `IdGenerator` (see Ids.recoveryTokenFor), when `after_expiration[recovery][enabled]` asks for one. */
  readonly recovery_token?: string
  /** The shipping rates `params.shipping_options[i][shipping_rate]` name, by option (undefined for `shipping_rate_data`). */
  readonly shipping_rates?: ReadonlyArray<ShippingRate | undefined>
}

/**
 * The session's shipping options from its parameters: each a rate of the account (looked up
 * beforehand, `input.shipping_rates`) or one made for the session from `shipping_rate_data` (an id of
 * its own, derived from the session's, not stored with the account's rates), active, priced in the
 * session's currency, each rate once.
 */
const shippingOptionsOf = (input: CreateInput, currency: string): Result.Result<ReadonlyArray<ShippingOption>, ValidationError> => {
  const given = input.params.shipping_options
  const options: Array<ShippingOption> = []
  const suffix = input.id.slice(input.id.lastIndexOf("_") + 1)
  for (const [i, o] of (given === undefined || given === "" ? [] : given).entries()) {
    const at = `shipping_options[${i}]`
    if (o.shipping_rate !== undefined && o.shipping_rate_data !== undefined) {
      return invalid(`${at}[shipping_rate_data]`, "You may only specify one of these parameters: shipping_rate, shipping_rate_data.")
    }
    let rate: ShippingRate
    let param: string
    if (o.shipping_rate_data !== undefined) {
      param = `${at}[shipping_rate_data][fixed_amount][currency]`
      const made = newShippingRate(o.shipping_rate_data, { id: `${Prefix.shippingRate}${suffix}${i.toString(36)}`, livemode: input.livemode, created: input.now }, (name) => `${at}[shipping_rate_data]${name.replace(/^([^[]+)/, "[$1]")}`)
      if (made instanceof ValidationError) return Result.fail(made)
      rate = made
    } else {
      param = `${at}[shipping_rate]`
      if (o.shipping_rate === undefined) return invalid(param, `Missing required param: ${param}.`, "parameter_missing")
      const found = input.shipping_rates?.[i]
      // CheckoutSessions looks up every rate before this runs; an unresolved one is a caller's bug
      if (found === undefined) throw new Error(`shipping option ${i}: rate ${o.shipping_rate} was not resolved`)
      if (!found.active) return invalid(param, `The shipping rate \`${found.id}\` is archived (not active), so it cannot be used in a Checkout Session.`)
      if (options.some((x) => x.shipping_rate.id === found.id)) return invalid(param, `The shipping rate \`${found.id}\` is already one of the shipping options.`)
      rate = found
    }
    const amount = amountIn(rate, currency)
    if (amount === undefined) {
      return invalid(param, `The shipping rate \`${rate.id}\` has no amount in ${currency.toUpperCase()}, the session's currency (set \`fixed_amount[currency]\` or \`fixed_amount[currency_options]\`).`)
    }
    options.push({ shipping_amount: amount, shipping_rate: rate })
  }
  return Result.succeed(options)
}

/** The shipping chosen among `options` (by rate id): undefined when none is. */
const chosen = (options: ReadonlyArray<ShippingOption>, rate: string | null | undefined): ChosenShipping | null => {
  const option = options.find((o) => o.shipping_rate.id === rate)
  return option === undefined ? null : { shipping_rate: option.shipping_rate.id, amount: option.shipping_amount }
}

const invalid = (param: string, message: string, code = "parameter_invalid") => Result.fail(new ValidationError({ code, message, param }))

/** Creates an open session, or says which parameter is wrong. Creation causes no event. */
export const create = (input: CreateInput): Result.Result<Transition, ValidationError> => {
  const { now, params } = input
  const items = lineItemsOf(input)
  if (Result.isFailure(items)) return Result.fail(items.failure)
  const currency = items.success[0]!.currency

  // each line's amount is already rounded (a decimal unit amount is rounded once per line, as Stripe does)
  const totalParam = params.line_items === undefined ? "amount" : "line_items"
  if (params.allow_promotion_codes === true && params.discounts !== undefined && params.discounts !== "" && params.discounts.length > 0) {
    return invalid("discounts", "You may only specify one of these parameters: allow_promotion_codes, discounts.")
  }
  const discounts = input.discounts ?? []
  const shippingOptions = shippingOptionsOf(input, currency)
  if (Result.isFailure(shippingOptions)) return Result.fail(shippingOptions.failure)
  // Stripe preselects the first option
  const shipping = chosen(shippingOptions.success, shippingOptions.success[0]?.shipping_rate.id)
  const amounts = amountsOf(items.success, discounts.map(discountInputOf), params.country ?? null, { total: totalParam, discount: "discounts" }, shipping)
  if (Result.isFailure(amounts)) return Result.fail(amounts.failure)
  const lineItems = amounts.success.line_items
  // whichever option the customer picks, the total stays within range
  const beforeShipping = amounts.success.amount_total - (shipping?.amount ?? 0)
  for (const [i, option] of shippingOptions.success.entries()) {
    const problem = Money.checkTotal(beforeShipping + option.shipping_amount)
    if (problem !== undefined) {
      return invalid(`shipping_options[${i}]`, `With this shipping option, the total would be ${beforeShipping + option.shipping_amount}: ${problem}.`, beforeShipping + option.shipping_amount < Money.MIN_TOTAL ? "amount_too_small" : "amount_too_large")
    }
  }

  const customFields = customFieldsOf(params.custom_fields)
  if (Result.isFailure(customFields)) return Result.fail(customFields.failure)
  const consentCollection = consentCollectionOf(params.consent_collection)
  const customText = customTextOf(params.custom_text)
  if (customText.terms_of_service_acceptance !== null && !requiresTerms(consentCollection)) {
    return invalid(
      "custom_text[terms_of_service_acceptance]",
      "`custom_text[terms_of_service_acceptance]` replaces the text of the terms-of-service checkbox, so it needs `consent_collection[terms_of_service]=required`."
    )
  }

  const expiresAt = params.expires_at ?? now + EXPIRY_WINDOW.default
  if (expiresAt < now + EXPIRY_WINDOW.min || expiresAt > now + EXPIRY_WINDOW.max) {
    return invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours after the session is created.")
  }

  const installments = installmentsOf(params)
  if (Result.isFailure(installments)) return Result.fail(installments.failure)

  const customerRule = checkCustomerParams(params)
  if (customerRule !== undefined) return Result.fail(customerRule)
  const known = input.customer ?? null

  const ui = uiOf(params)
  if (Result.isFailure(ui)) return Result.fail(ui.failure)

  const session: CheckoutSession = {
    id: input.id,
    livemode: input.livemode,
    mode: "payment",
    status: "open",
    payment_status: "unpaid",
    created: now,
    expires_at: expiresAt,
    amount_subtotal: amounts.success.amount_subtotal,
    amount_total: amounts.success.amount_total,
    amount_discount: amounts.success.amount_discount,
    amount_tax: amounts.success.amount_tax,
    shipping_options: shippingOptions.success,
    shipping_cost: amounts.success.shipping_cost,
    currency,
    success_url: params.success_url ?? null,
    cancel_url: params.cancel_url ?? null,
    return_url: params.return_url ?? null,
    metadata: params.metadata === undefined || params.metadata === "" ? {} : params.metadata,
    customer: params.customer ?? null,
    customer_creation: params.customer_creation ?? (params.customer === undefined ? "if_required" : null),
    customer_email: params.customer_email ?? null,
    customer_details: params.customer_email !== undefined
      ? { email: params.customer_email, name: null, phone: null, address: null }
      : known !== null && (known.email !== null || known.name !== null)
      ? { email: known.email, name: known.name, phone: null, address: null }
      : null,
    collection: {
      billing_address_collection: params.billing_address_collection ?? NO_COLLECTION.billing_address_collection,
      shipping_address_collection: params.shipping_address_collection === undefined
        ? null
        : { allowed_countries: [...new Set(params.shipping_address_collection.allowed_countries)] },
      phone_number_collection: { enabled: params.phone_number_collection?.enabled ?? false }
    },
    shipping_details: null,
    pending_details: null,
    client_reference_id: params.client_reference_id ?? null,
    locale: params.locale ?? null,
    payment_method_types: params.payment_method_types ?? ["card"],
    payment_method_options: { card: { installments: installments.success } },
    payment_description: params.payment_description ?? null,
    country: params.country ?? null,
    business_profile: params.business_profile === undefined
      ? null
      : { category: params.business_profile.category ?? null, tax_id: params.business_profile.tax_id ?? null },
    client_secret: input.client_secret,
    payment_intent: null,
    payment_link: input.payment_link,
    payment_intent_data: paymentIntentDataOf(params.payment_intent_data),
    discounts,
    allow_promotion_codes: params.allow_promotion_codes ?? false,
    ui_mode: ui.success.ui_mode,
    redirect_on_completion: ui.success.redirect_on_completion,
    after_expiration: afterExpirationOf(params, input.recovery_token ?? null),
    recovered_from: null,
    custom_fields: customFields.success,
    custom_text: customText,
    consent_collection: consentCollection,
    consent: null,
    submit_type: params.submit_type === undefined || params.submit_type === "subscribe" ? null : params.submit_type
  }
  return Result.succeed({
    state: { account: input.account, version: 1, session, line_items: lineItems, payment_intent: null, attempt: null },
    events: []
  })
}

/** `hosted` and `embedded`, the names Stripe used before 2026-03-25.dahlia, are today's `hosted_page` and `embedded_page`. */
export const uiModeOf = (given: CreateSessionParams["ui_mode"]): UiMode =>
  given === "embedded" || given === "embedded_page" ? "embedded_page" : "hosted_page"

/**
 * Stripe's rules on where an embedded session sends the customer: back to `return_url` (required
 * unless `redirect_on_completion=never`, and refused with it), never to `success_url` or `cancel_url`,
 * which belong to the hosted page. A hosted session takes `redirect_on_completion` only as `always`,
 * what it does anyway, and keeps none.
 */
const uiOf = (params: CreateSessionParams): Result.Result<{ readonly ui_mode: UiMode; readonly redirect_on_completion: RedirectOnCompletion | null }, ValidationError> => {
  const ui_mode = uiModeOf(params.ui_mode)
  if (ui_mode === "hosted_page") {
    if (params.redirect_on_completion !== undefined && params.redirect_on_completion !== "always") {
      return invalid("redirect_on_completion", "`redirect_on_completion` applies only when `ui_mode` is `embedded_page`: the hosted page always sends the customer to `success_url`.")
    }
    return Result.succeed({ ui_mode, redirect_on_completion: null })
  }
  for (const param of ["success_url", "cancel_url"] as const) {
    if (params[param] !== undefined) {
      return invalid(param, `\`${param}\` is not allowed when \`ui_mode\` is \`embedded_page\`: an embedded checkout returns the customer to \`return_url\`.`)
    }
  }
  const redirect = params.redirect_on_completion ?? "always"
  if (redirect === "never" && params.return_url !== undefined) {
    return invalid("return_url", "`return_url` is not allowed when `redirect_on_completion` is `never`.")
  }
  if (redirect !== "never" && params.return_url === undefined) {
    return invalid("return_url", "Missing required param: return_url (an embedded session needs it unless `redirect_on_completion` is `never`).", "parameter_missing")
  }
  return Result.succeed({ ui_mode, redirect_on_completion: redirect })
}

/** `after_expiration` as kept: a recovery asked for gets its link's secret now; its 30 days start when the session expires. */
const afterExpirationOf = (params: CreateSessionParams, token: string | null): AfterExpiration | null => {
  if (params.after_expiration === undefined) return null
  const recovery = params.after_expiration.recovery
  if (recovery === undefined) return { recovery: null }
  return {
    recovery: { enabled: recovery.enabled, allow_promotion_codes: recovery.allow_promotion_codes ?? false, expires_at: null, token: recovery.enabled ? token : null }
  }
}

/**
 * Stripe's rules on who the customer is: `customer` names an existing one, so it goes with neither
 * `customer_email` (the customer's own address is used) nor `customer_creation` (there is nothing to create).
 */
export const checkCustomerParams = (params: CreateSessionParams): ValidationError | undefined => {
  if (params.customer === undefined) return undefined
  for (const other of ["customer_email", "customer_creation"] as const) {
    if (params[other] !== undefined) {
      return new ValidationError({
        code: "parameter_invalid",
        message: `You may only specify one of these parameters: customer, ${other}.`,
        param: "customer"
      })
    }
  }
  return undefined
}

const installmentsOf = (params: CreateSessionParams): Result.Result<CheckoutSession["payment_method_options"]["card"]["installments"], ValidationError> => {
  const given = params.payment_method_options?.card?.installments
  const plans = (given?.plans ?? []).map((p) => ({ count: p.count, rate: p.rate ?? 0 }))
  const enabled = given?.enabled ?? plans.length > 0
  const param = "payment_method_options[card][installments][plans]"
  if (enabled && plans.length === 0) return invalid(param, "Installments are enabled but no plans were given.", "parameter_missing")
  const seen = new Set<number>()
  for (const [i, p] of plans.entries()) {
    if (seen.has(p.count)) return invalid(`${param}[${i}][count]`, `There is already a plan with ${p.count} installments.`)
    seen.add(p.count)
  }
  return Result.succeed({ enabled, plans: enabled ? plans : [] })
}

/** A session discount as Totals takes it. */
export const discountInputOf = (d: SessionDiscount): DiscountInput => ({
  id: d.id,
  percent_off: d.coupon.percent_off,
  amount_off: d.coupon.amount_off,
  currency: d.coupon.currency,
  applies_to: d.coupon.applies_to?.products ?? null
})

/**
 * The redemption counts a write from `before` to `after` changes: a payment attempt that starts
 * reserves the session's discount (+1), one that ends without payment gives it back (−1); a payment
 * that succeeds keeps it, so each completed session counts exactly once, and a payment can never
 * start on a code that is used up.
 */
export const redemptionsOf = (before: SessionState, after: SessionState): ReadonlyArray<Redemption> => {
  const paidAtOnce = before.attempt === null && after.attempt === null && before.session.payment_status !== "paid" && after.session.payment_status === "paid"
  const started = (before.attempt === null && after.attempt !== null) || paidAtOnce
  const endedUnpaid = before.attempt !== null && after.attempt === null && after.session.payment_status !== "paid"
  if (!started && !endedUnpaid) return []
  return before.session.discounts.map((d) => ({ coupon: d.coupon.id, promotion_code: d.promotion_code?.id ?? null, delta: started ? 1 : -1 }))
}

/**
 * The session priced again for what the customer chose on the hosted page: `discounts` in place of
 * its own (a promotion code typed in the field; only when it allows promotion codes), `country`, the
 * customer's, which picks the line items' dynamic tax rates, and `shipping_rate`, one of its shipping
 * options. Only while it is open with no payment in flight. The line items change with it, so the
 * write must store them too.
 */
export const reprice = (
  state: SessionState,
  choice: { readonly discounts?: ReadonlyArray<SessionDiscount>; readonly country?: string | null; readonly shipping_rate?: string },
  now: number
): Result.Result<SessionState, ValidationError | SessionNotOpen | PaymentInProgress> => {
  if (state.session.status !== "open") return Result.fail(notOpen(state))
  if (isPastExpiry(state, now)) return Result.fail(new SessionNotOpen({ id: state.session.id, status: "expired" }))
  if (state.attempt !== null) return Result.fail(new PaymentInProgress({ id: state.session.id }))
  if (choice.discounts !== undefined && !state.session.allow_promotion_codes) {
    return Result.fail(new ValidationError({ code: "parameter_invalid", message: "This Checkout Session does not allow promotion codes.", param: "promotion_code" }))
  }
  const discounts = choice.discounts ?? state.session.discounts
  const country = choice.country === undefined ? state.session.country : choice.country
  const param = choice.discounts !== undefined ? "promotion_code" : choice.shipping_rate !== undefined ? "shipping_rate" : "country"
  const shipping = chosen(state.session.shipping_options, choice.shipping_rate ?? state.session.shipping_cost?.shipping_rate)
  if (choice.shipping_rate !== undefined && shipping === null) {
    return Result.fail(new ValidationError({ code: "parameter_invalid", message: `\`${choice.shipping_rate.slice(0, 100)}\` is not one of this Checkout Session's shipping options.`, param: "shipping_rate" }))
  }
  const amounts = amountsOf(state.line_items, discounts.map(discountInputOf), country, { total: param, discount: param }, shipping)
  if (Result.isFailure(amounts)) return Result.fail(amounts.failure)
  const { line_items, ...totals } = amounts.success
  return Result.succeed({ ...state, version: state.version + 1, line_items, session: { ...state.session, ...totals, discounts, country } })
}
