/**
 * Embedded checkout (*ext* settings, see docs/embedded.md): a session made with
 * `ui_mode=embedded_page` is paid on Till's page inside an iframe of the merchant's own page. Which
 * pages may frame it is the account's setting, per mode: a list of origins, which the page's
 * `frame-ancestors` allows and nothing else. No origin set, no page may frame it.
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { Scope, UiMode } from "./CheckoutSession.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ValidationError } from "./Errors.ts"
import { Text } from "./Params.ts"
import { EmbedSettingsRepository } from "./ports/EmbedSettingsRepository.ts"
import { SessionRepository } from "./ports/SessionRepository.ts"

/** Most origins one account and mode may allow. */
export const MAX_ALLOWED_ORIGINS = 20

/** The settings of embedded checkout in one account and mode. */
export const EmbedSettings = Schema.Struct({
  livemode: Schema.Boolean,
  /** Origins (`https://shop.example`, scheme, host and port only) whose pages may frame embedded sessions. */
  allowed_origins: Schema.Array(Schema.String),
  /** When they last changed; null when never set. */
  updated: Schema.NullOr(Schema.Int)
})
/** See {@link EmbedSettings}. */
export type EmbedSettings = typeof EmbedSettings.Type

/** Settings as stored, with the version their writes are conditional on (1 when first set). */
export interface StoredEmbedSettings {
  readonly version: number
  readonly settings: EmbedSettings
}

/** Parameters of `POST /v1/embed_settings`: the whole list (`""` clears it). */
export const UpdateEmbedSettingsParams = Schema.Struct({
  allowed_origins: Schema.optionalKey(Schema.Union([
    Schema.Array(Text(1, 300)).pipe(Schema.check(Schema.isMaxLength(MAX_ALLOWED_ORIGINS))),
    Schema.Literal("")
  ]))
})
/** See {@link UpdateEmbedSettingsParams}. */
export type UpdateEmbedSettingsParams = typeof UpdateEmbedSettingsParams.Type

/**
 * An origin as a page's `frame-ancestors` and `postMessage` compare it (`https://shop.example`,
 * lowercase, no default port), or why `given` is not one: a scheme, a host and maybe a port, nothing
 * more (a trailing `/` is forgiven). Live mode takes https only; test mode also http, for pages on a
 * developer's machine.
 */
export const originOf = (given: string, livemode: boolean): { readonly origin: string } | { readonly problem: string } => {
  let url: URL
  try {
    url = new URL(given.trim())
  } catch {
    return { problem: `Expected an origin such as https://shop.example, got ${JSON.stringify(given.slice(0, 100))}` }
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: `An origin must be http or https, got ${JSON.stringify(given.slice(0, 100))}` }
  if (livemode && url.protocol !== "https:") return { problem: `A live-mode origin must be https, got ${JSON.stringify(given.slice(0, 100))}` }
  if (url.username !== "" || url.password !== "" || url.pathname !== "/" || url.search !== "" || url.hash !== "" || /[?#]/.test(given)) {
    return { problem: `An origin is a scheme, a host and a port only (no path, query or credentials), got ${JSON.stringify(given.slice(0, 100))}` }
  }
  // what CSP takes as a host-source: letters, digits, dots, hyphens, or an IPv6 literal
  if (!/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?$/.test(url.origin)) {
    return { problem: `Expected an origin such as https://shop.example, got ${JSON.stringify(given.slice(0, 100))}` }
  }
  return { origin: url.origin }
}

/** The settings of a scope where none were ever set. */
const defaults = (scope: Scope): EmbedSettings => ({ livemode: scope.livemode, allowed_origins: [], updated: null })

/** What the embedded page of a session needs to know before it is served: how the session is shown, and who may frame it. */
export interface FramePolicy {
  readonly ui_mode: UiMode
  /** The origins allowed to frame it (empty: none; always empty for a hosted session). */
  readonly frame_ancestors: ReadonlyArray<string>
}

/** Use cases of embedded checkout. */
export class EmbeddedCheckout extends Context.Service<EmbeddedCheckout>()("till/EmbeddedCheckout", {
  make: Effect.gen(function*() {
    const repo = yield* EmbedSettingsRepository
    const sessions = yield* SessionRepository

    /** The settings of a scope (empty ones when never set). */
    const settings = Effect.fn("EmbeddedCheckout.settings")(function*(scope: Scope) {
      return Option.match(yield* repo.find(scope), { onNone: () => defaults(scope), onSome: (stored) => stored.settings })
    })

    /** Replaces the allowed origins (each checked and normalized, duplicates once); nothing given changes nothing. */
    const update = Effect.fn("EmbeddedCheckout.update")(function*(scope: Scope, params: UpdateEmbedSettingsParams) {
      const given = params.allowed_origins
      if (given === undefined) return yield* settings(scope)
      const origins: Array<string> = []
      for (const [i, raw] of (given === "" ? [] : given).entries()) {
        const checked = originOf(raw, scope.livemode)
        if ("problem" in checked) return yield* new ValidationError({ code: "parameter_invalid", message: checked.problem, param: `allowed_origins[${i}]` })
        if (!origins.includes(checked.origin)) origins.push(checked.origin)
      }
      return yield* retryOnConflict(Effect.gen(function*() {
        const found = yield* repo.find(scope)
        const next: EmbedSettings = { livemode: scope.livemode, allowed_origins: origins, updated: yield* nowSeconds }
        yield* repo.put(scope, { version: Option.match(found, { onNone: () => 1, onSome: (s) => s.version + 1 }), settings: next })
        return next
      }))
    })

    /**
     * How session `id` may be framed, whatever its account (the page has no credential yet: the
     * client secret rides in its fragment): none for an unknown id, else its UI mode and, for an
     * embedded one, its account's allowed origins in its mode.
     */
    const framePolicy = (id: string) =>
      Effect.gen(function*() {
        const found = yield* sessions.findById(id)
        if (Option.isNone(found)) return Option.none<FramePolicy>()
        const { account, session } = found.value
        if (session.ui_mode !== "embedded_page") return Option.some<FramePolicy>({ ui_mode: session.ui_mode, frame_ancestors: [] })
        const { allowed_origins } = yield* settings({ account, livemode: session.livemode })
        return Option.some<FramePolicy>({ ui_mode: session.ui_mode, frame_ancestors: allowed_origins })
      })

    return { settings, update, framePolicy } as const
  })
}) {
  /** The use cases over whatever repositories are provided. */
  static readonly layer = Layer.effect(EmbeddedCheckout, EmbeddedCheckout.make)
}
