/**
 * Use cases of payment links: a reusable template that mints a fresh session for each customer.
 */
import { Context, Effect, Layer, Option, Result } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { CheckoutSessions, nowSeconds, pageRequest, paginateInOrder } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { PaymentLinkUnavailable, ResourceMissing, ValidationError } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import {
  type AdjustableQuantity,
  type AfterCompletion,
  type CreatePaymentLinkParams,
  DEFAULT_AFTER_COMPLETION,
  type LinkLineItemParams,
  type PaymentLink,
  type UpdatePaymentLinkParams
} from "./PaymentLink.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { PaymentLinkRepository } from "./ports/PaymentLinkRepository.ts"
import * as Machine from "./SessionMachine.ts"
import type { CreateSessionParams, ListPageParams } from "./SessionParams.ts"

const invalid = (param: string, message: string, code = "parameter_invalid") => Effect.fail(new ValidationError({ code, message, param }))

/** `after_completion` as kept: a redirect needs its URL, which becomes the minted sessions' `success_url` (Till's own `success_url` is the alternative, not both). */
const afterCompletionOf = (params: CreatePaymentLinkParams["after_completion"], successUrl: string | undefined): Effect.Effect<AfterCompletion, ValidationError> => {
  if (params === undefined) return Effect.succeed(DEFAULT_AFTER_COMPLETION)
  if (params.type === "hosted_confirmation") {
    return Effect.succeed({ type: "hosted_confirmation", redirect: null, hosted_confirmation: { custom_message: params.hosted_confirmation?.custom_message ?? null } })
  }
  if (params.redirect === undefined) return invalid("after_completion[redirect][url]", "Missing required param: after_completion[redirect][url].", "parameter_missing")
  if (successUrl !== undefined) return invalid("success_url", "Pass either `after_completion[redirect][url]` or `success_url` (*ext*), not both.")
  return Effect.succeed({ type: "redirect", redirect: { url: params.redirect.url }, hosted_confirmation: null })
}

/** Stripe's bounds of an adjustable quantity (0 to 99 unless given), which the line item's quantity must lie within. */
const adjustableOf = (li: LinkLineItemParams, i: number): Effect.Effect<AdjustableQuantity | null, ValidationError> => {
  const a = li.adjustable_quantity
  if (a === undefined) return Effect.succeed(null)
  if (!a.enabled) return Effect.succeed({ enabled: false, minimum: null, maximum: null })
  const minimum = a.minimum ?? 0
  const maximum = a.maximum ?? 99
  const at = `line_items[${i}]`
  if (maximum < minimum) return invalid(`${at}[adjustable_quantity][maximum]`, "The maximum must be at least the minimum.")
  if (li.quantity < minimum || li.quantity > maximum) {
    return invalid(`${at}[quantity]`, `The quantity must lie between the adjustable minimum (${minimum}) and maximum (${maximum}).`)
  }
  return Effect.succeed({ enabled: true, minimum, maximum })
}

/** Use cases of payment links. */
export class PaymentLinks extends Context.Service<PaymentLinks>()("till/PaymentLinks", {
  make: Effect.gen(function*() {
    const repo = yield* PaymentLinkRepository
    const sessions = yield* CheckoutSessions
    const ids = yield* IdGenerator

    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(Effect.flatMap((found) =>
        Option.isSome(found) && found.value.account === scope.account && found.value.link.livemode === scope.livemode
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "payment_link", id, param }))
      ))

    /**
     * Creates a link. Its template is checked now, as a session would be, so minting cannot fail on it
     * later (unless a price it sells is archived meanwhile); its line items are kept as they are now.
     */
    const create = Effect.fn("PaymentLinks.create")(function*(scope: Scope, params: CreatePaymentLinkParams) {
      const { after_completion, expires_at, line_items, metadata, ...rest } = params
      const afterCompletion = yield* afterCompletionOf(after_completion, rest.success_url)
      const adjustable = yield* Effect.forEach(line_items ?? [], adjustableOf)
      // the sessions' template: Stripe's link parameters become a session's
      const template: CreateSessionParams = {
        ...rest,
        ...(line_items === undefined ? {} : { line_items: line_items.map(({ adjustable_quantity: _a, ...item }) => item) }),
        ...(afterCompletion.redirect === null ? {} : { success_url: afterCompletion.redirect.url })
      }
      const catalog = yield* sessions.resolveCatalog(scope, template)
      const shippingRates = yield* sessions.resolveShippingRates(scope, template)
      const now = yield* nowSeconds
      const id = yield* ids.make(Prefix.paymentLink)
      // A dry run of session creation gives the same errors, with the same params, as a session would.
      const trial = Machine.create({
        account: scope.account, livemode: scope.livemode, params: template, id, client_secret: "trial",
        payment_link: null, now, ...(catalog === undefined ? {} : { catalog }), ...(shippingRates === undefined ? {} : { shipping_rates: shippingRates })
      })
      if (Result.isFailure(trial)) return yield* trial.failure
      if (expires_at !== undefined && expires_at <= now) {
        return yield* new ValidationError({ code: "parameter_invalid", message: "The `expires_at` timestamp must be in the future.", param: "expires_at" })
      }
      const token = yield* ids.secret("")
      const link: PaymentLink = {
        id,
        active: true,
        livemode: scope.livemode,
        created: now,
        token,
        currency: trial.success.state.session.currency,
        amount_total: trial.success.state.session.amount_total,
        metadata: metadata === undefined || metadata === "" ? {} : metadata,
        session_params: template as Record<string, unknown>,
        expires_at: expires_at ?? null,
        after_completion: afterCompletion,
        line_items: trial.success.state.line_items.map((item, i) => ({ item, adjustable_quantity: adjustable[i] ?? null })),
        ...(trial.success.state.session.shipping_options.length === 0
          ? {}
          : { shipping_options: trial.success.state.session.shipping_options.map((o) => ({ shipping_amount: o.shipping_amount, shipping_rate: o.shipping_rate.id })) })
      }
      yield* repo.insert({ account: scope.account, version: 1, link })
      return link
    })

    /** The line items of a link, in order, paginated by item id. */
    const listLineItems = Effect.fn("PaymentLinks.listLineItems")(function*(scope: Scope, id: string, params: ListPageParams) {
      const { link } = yield* load(scope, id)
      const page = yield* paginateInOrder(link.line_items.map((l) => ({ ...l, id: l.item.id })), params)
      return { has_more: page.has_more, data: page.data.map(({ id: _id, ...l }) => l) }
    })

    /** One link of the scope. */
    const retrieve = Effect.fn("PaymentLinks.retrieve")(function*(scope: Scope, id: string) {
      return (yield* load(scope, id)).link
    })

    /** Links of the scope, newest first. */
    const list = Effect.fn("PaymentLinks.list")(function*(scope: Scope, params: ListPageParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : load(s, id, param).pipe(Effect.map(({ link }) => ({ created: link.created, id: link.id }))))
      const result = yield* repo.list(scope, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.link) }
    })

    /**
     * Activates or deactivates a link, or merges its metadata. The change is made to the version read
     * and written only if the link is still at it; otherwise it is made again on a fresh read, so two
     * concurrent merges both land.
     */
    const update = Effect.fn("PaymentLinks.update")(function*(scope: Scope, id: string, params: UpdatePaymentLinkParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        const link: PaymentLink = {
          ...stored.link,
          active: params.active ?? stored.link.active,
          metadata: params.metadata === undefined ? stored.link.metadata : Machine.mergeMetadata(stored.link.metadata, params.metadata)
        }
        yield* repo.update({ ...stored, version: stored.version + 1, link })
        return link
      }))
    })

    /** Mints a new open session from the link behind `token`; anyone holding the link may do this. */
    const mint = Effect.fn("PaymentLinks.mint")(function*(token: string) {
      const found = yield* repo.findByToken(token)
      if (Option.isNone(found)) return yield* new ResourceMissing({ object: "payment_link", id: token, param: null })
      const { account, link } = found.value
      if (!link.active) return yield* new PaymentLinkUnavailable({ id: link.id, reason: "inactive" })
      if (link.expires_at !== null && (yield* nowSeconds) >= link.expires_at) {
        return yield* new PaymentLinkUnavailable({ id: link.id, reason: "expired" })
      }
      const params = { ...link.session_params, metadata: link.metadata } as CreateSessionParams
      return yield* sessions.create({ account, livemode: link.livemode }, params, { payment_link: link.id })
    })

    return { create, retrieve, list, listLineItems, update, mint } as const
  })
}) {
  /** The use cases over whatever repository, id generator and session use cases are provided. */
  static readonly layer = Layer.effect(PaymentLinks, PaymentLinks.make)
}
