/**
 * Use cases of payment links: a reusable template that mints a fresh session for each customer.
 */
import { Context, Effect, Layer, Option, Result } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { CheckoutSessions, nowSeconds, pageRequest } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { PaymentLinkUnavailable, ResourceMissing, ValidationError } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import type { CreatePaymentLinkParams, PaymentLink, UpdatePaymentLinkParams } from "./PaymentLink.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { PaymentLinkRepository } from "./ports/PaymentLinkRepository.ts"
import * as Machine from "./SessionMachine.ts"
import type { CreateSessionParams, ListPageParams } from "./SessionParams.ts"

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

    /** Creates a link. Its template is checked now, as a session would be, so minting cannot fail on it later. */
    const create = Effect.fn("PaymentLinks.create")(function*(scope: Scope, params: CreatePaymentLinkParams) {
      const { expires_at, metadata, ...template } = params
      const catalog = yield* sessions.resolveCatalog(scope, template)
      const now = yield* nowSeconds
      // A dry run of session creation gives the same errors, with the same params, as a session would.
      const trial = Machine.create({
        account: scope.account, livemode: scope.livemode, params: template, id: "cs_trial", client_secret: "trial",
        payment_link: null, now, ...(catalog === undefined ? {} : { catalog })
      })
      if (Result.isFailure(trial)) return yield* trial.failure
      if (expires_at !== undefined && expires_at <= now) {
        return yield* new ValidationError({ code: "parameter_invalid", message: "The `expires_at` timestamp must be in the future.", param: "expires_at" })
      }
      const token = yield* ids.secret("")
      const link: PaymentLink = {
        id: yield* ids.make(Prefix.paymentLink),
        active: true,
        livemode: scope.livemode,
        created: now,
        token,
        currency: trial.success.state.session.currency,
        amount_total: trial.success.state.session.amount_total,
        metadata: metadata === undefined || metadata === "" ? {} : metadata,
        session_params: template as Record<string, unknown>,
        expires_at: expires_at ?? null
      }
      yield* repo.insert({ account: scope.account, version: 1, link })
      return link
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

    return { create, retrieve, list, update, mint } as const
  })
}) {
  /** The use cases over whatever repository, id generator and session use cases are provided. */
  static readonly layer = Layer.effect(PaymentLinks, PaymentLinks.make)
}
