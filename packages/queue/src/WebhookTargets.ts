/**
 * Where a mode's webhooks may go (SPEC section 7): public addresses only, unless the operator allows
 * the others (`TILL_WEBHOOK_ALLOW_PRIVATE`). A URL is checked when an endpoint is created or its `url`
 * changed, through the core's `WebhookUrlGuard` port, and again at every delivery, on the very address
 * the socket connects to, since what a name resolves to can change in between.
 */
import { WebhookUrlGuard, WebhookUrlNotAllowed } from "@till/core"
import { Context, Effect, Layer } from "effect"
import { isIP } from "node:net"
import type { Dispatcher } from "undici"
import { isPublic } from "./AddressRange.ts"
import * as GuardedAgent from "./GuardedAgent.ts"
import * as QueueSettings from "./QueueSettings.ts"
import { Resolver } from "./Resolver.ts"

/** The variable an operator sets to allow non-public addresses; refusals name it. */
export const ALLOW_PRIVATE_VARIABLE = "TILL_WEBHOOK_ALLOW_PRIVATE"

/** How long creating an endpoint waits for its host name to resolve. */
export const RESOLVE_TIMEOUT_MS = 5_000

/** Where webhooks may go: the check made when a URL is set, and the agents deliveries go through. */
export class WebhookTargets extends Context.Service<WebhookTargets, {
  /** Refuses a URL an endpoint of this mode may not target: a non-public IP host, or a name resolving to one. */
  readonly check: (url: string, livemode: boolean) => Effect.Effect<void, WebhookUrlNotAllowed>
  /** The agent a mode's deliveries go through: it refuses, when connecting, an address the mode may not reach. */
  readonly agent: (livemode: boolean) => Dispatcher
}>()("till/queue/WebhookTargets") {}

/** The URL's host, without the brackets of an IPv6 literal. */
const hostOf = (url: string): string => {
  const host = URL.parse(url)?.hostname ?? ""
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host
}

const refusal = (host: string, literal: boolean) =>
  new WebhookUrlNotAllowed({
    reason: "address",
    message: `Invalid URL: ${host.slice(0, 100)} ${literal ? "is" : "resolves to"} a loopback, private, link-local or other ` +
      `non-public address, where this mode's webhooks may not go. The server's operator can allow them with ${ALLOW_PRIVATE_VARIABLE}=true.`
  })

/**
 * Webhook targets under `allowPrivate`, resolving names with the `Resolver` in context (the system's by
 * default). Also provides the core's `WebhookUrlGuard`, backed by `check`.
 */
export const layer = (allowPrivate: QueueSettings.PrivateAddresses): Layer.Layer<WebhookTargets | WebhookUrlGuard> =>
  Layer.effectContext(Effect.gen(function*() {
    const resolve = yield* Resolver
    const allowed = (livemode: boolean) => (livemode ? allowPrivate.live : allowPrivate.test)
    const make = (open: boolean) =>
      Effect.acquireRelease(Effect.sync(() => GuardedAgent.make(resolve, open)), (agent) => Effect.promise(() => agent.close()))
    const guarded = yield* make(false)
    const open = yield* make(true)

    const check = (url: string, livemode: boolean): Effect.Effect<void, WebhookUrlNotAllowed> =>
      Effect.gen(function*() {
        if (allowed(livemode)) return
        const host = hostOf(url)
        if (isIP(host) !== 0) {
          if (!isPublic(host)) return yield* refusal(host, true)
          return
        }
        // a name that does not resolve (yet) is accepted: every delivery checks the address it connects to
        const addresses = yield* Effect.tryPromise(() => resolve(host)).pipe(
          Effect.timeout(RESOLVE_TIMEOUT_MS),
          Effect.orElseSucceed(() => [])
        )
        if (addresses.some((a) => !isPublic(a.address))) return yield* refusal(host, false)
      })

    const targets = WebhookTargets.of({ check, agent: (livemode) => (allowed(livemode) ? open : guarded) })
    return Context.make(WebhookTargets, targets).pipe(Context.add(WebhookUrlGuard, WebhookUrlGuard.of({ check })))
  }))

