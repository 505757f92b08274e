/**
 * Use cases of webhook endpoints: the merchant registers where events go.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError, WebhookUrlNotAllowed } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { WebhookEndpointRepository } from "./ports/WebhookEndpointRepository.ts"
import { WebhookUrlGuard } from "./ports/WebhookUrlGuard.ts"
import type { ListPageParams } from "./SessionParams.ts"
import { mergeMetadata } from "./SessionMachine.ts"
import type { CreateWebhookEndpointParams, StoredWebhookEndpoint, UpdateWebhookEndpointParams, WebhookEndpoint } from "./WebhookEndpoint.ts"

/** `whsec_` and the base64 of 32 random bytes (SPEC section 1). */
export const webhookSecret = (bytes: Uint8Array): string => `whsec_${btoa(String.fromCharCode(...bytes))}`

/** The longest an old signing secret keeps signing after a roll: 24 hours, as with Stripe. */
export const MAX_SECRET_GRACE = 86_400

/** Whether a URL carries a user name or password (`https://user:pass@host/`). */
export const hasCredentials = (url: string): boolean => {
  const parsed = URL.parse(url)
  return parsed !== null && (parsed.username !== "" || parsed.password !== "")
}

/** Use cases of webhook endpoints. */
export class WebhookEndpoints extends Context.Service<WebhookEndpoints>()("till/WebhookEndpoints", {
  make: Effect.gen(function*() {
    const repo = yield* WebhookEndpointRepository
    const ids = yield* IdGenerator
    const guard = yield* WebhookUrlGuard

    // credentials in a URL would be sent to, and logged by, whatever is on the way; the signature authenticates
    const checkUrl = (url: string, livemode: boolean) =>
      hasCredentials(url)
        ? Effect.fail(new WebhookUrlNotAllowed({
          reason: "credentials",
          message: "Invalid URL: a webhook URL cannot contain a user name or password. Receivers authenticate deliveries by their signature."
        }))
        : guard.check(url, livemode)

    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(id).pipe(Effect.flatMap((found) =>
        Option.isSome(found) && found.value.account === scope.account && found.value.endpoint.livemode === scope.livemode
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "webhook_endpoint", id, param }))
      ))

    /** Registers an endpoint, if its URL may be used; the answer carries its signing secret, the only time it is shown. */
    const create = Effect.fn("WebhookEndpoints.create")(function*(scope: Scope, params: CreateWebhookEndpointParams) {
      yield* checkUrl(params.url, scope.livemode)
      const endpoint: WebhookEndpoint = {
        id: yield* ids.make(Prefix.webhookEndpoint),
        url: params.url,
        enabled_events: params.enabled_events,
        status: "enabled",
        description: params.description ?? null,
        metadata: params.metadata === undefined || params.metadata === "" ? {} : params.metadata,
        api_version: params.api_version ?? null,
        livemode: scope.livemode,
        created: yield* nowSeconds
      }
      const secret = webhookSecret(yield* ids.bytes(32))
      yield* repo.insert({ account: scope.account, version: 1, endpoint, secret })
      return { endpoint, secret }
    })

    /** One endpoint of the scope (without its secret). */
    const retrieve = Effect.fn("WebhookEndpoints.retrieve")(function*(scope: Scope, id: string) {
      return (yield* load(scope, id)).endpoint
    })

    /** Endpoints of the scope, newest first. */
    const list = Effect.fn("WebhookEndpoints.list")(function*(scope: Scope, params: ListPageParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : load(s, id, param).pipe(Effect.map(({ endpoint }) => ({ created: endpoint.created, id: endpoint.id }))))
      const result = yield* repo.list(scope, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.endpoint) }
    })

    /**
     * Changes an endpoint; `disabled` pauses or resumes its deliveries. A new `url` is checked as on
     * create. The write is conditional on the version read and made again on a fresh read when it
     * lost a race, so an endpoint deleted meanwhile answers as missing and stays deleted.
     */
    const update = Effect.fn("WebhookEndpoints.update")(function*(scope: Scope, id: string, params: UpdateWebhookEndpointParams) {
      if (params.url !== undefined) {
        // checked once, outside the retries (it may resolve a host name); an unknown endpoint answers as missing first
        yield* load(scope, id)
        yield* checkUrl(params.url, scope.livemode)
      }
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        const e = stored.endpoint
        const endpoint: WebhookEndpoint = {
          ...e,
          url: params.url ?? e.url,
          enabled_events: params.enabled_events ?? e.enabled_events,
          description: params.description === undefined ? e.description : params.description === "" ? null : params.description,
          metadata: params.metadata === undefined ? e.metadata : mergeMetadata(e.metadata, params.metadata),
          status: params.disabled === undefined ? e.status : params.disabled ? "disabled" : "enabled"
        }
        const next: StoredWebhookEndpoint = { ...stored, version: stored.version + 1, endpoint }
        yield* repo.update(next)
        return endpoint
      }))
    })

    /**
     * Gives an endpoint a new signing secret (*ext*; Stripe rolls from its dashboard only), answered
     * once. The old secret stops signing at once, or keeps signing beside the new one for
     * `previousExpiresIn` seconds more (at most {@link MAX_SECRET_GRACE}), so receivers can change
     * theirs meanwhile: deliveries then carry a signature by each. A roll replaces any older grace.
     */
    const rollSecret = Effect.fn("WebhookEndpoints.rollSecret")(function*(scope: Scope, id: string, previousExpiresIn = 0) {
      if (!Number.isInteger(previousExpiresIn) || previousExpiresIn < 0 || previousExpiresIn > MAX_SECRET_GRACE) {
        return yield* new ValidationError({
          code: "parameter_invalid",
          message: `Invalid previous_secret_expires_in: the old secret may keep signing from 0 to ${MAX_SECRET_GRACE} seconds (24 hours).`,
          param: "previous_secret_expires_in"
        })
      }
      const secret = webhookSecret(yield* ids.bytes(32))
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        const now = yield* nowSeconds
        const { previous_secret: _older, ...rest } = stored
        const next: StoredWebhookEndpoint = previousExpiresIn === 0
          ? { ...rest, version: stored.version + 1, secret }
          : { ...rest, version: stored.version + 1, secret, previous_secret: { secret: stored.secret, expires_at: now + previousExpiresIn } }
        yield* repo.update(next)
        return { endpoint: stored.endpoint, secret, previous_secret_expires_at: next.previous_secret?.expires_at ?? null }
      }))
    })

    /** Deletes an endpoint, whatever changed it meanwhile; no further deliveries go to it. Answers the endpoint as it was. */
    const remove = Effect.fn("WebhookEndpoints.delete")(function*(scope: Scope, id: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        yield* repo.delete(id, stored.version)
        return stored.endpoint
      }))
    })

    return { create, retrieve, list, update, rollSecret, delete: remove } as const
  })
}) {
  /** The use cases over whatever repository, id generator and URL guard are provided. */
  static readonly layer = Layer.effect(WebhookEndpoints, WebhookEndpoints.make)
}
