/**
 * In-memory WebhookEndpointRepository and PaymentLinkRepository, for tests and demos.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "../CheckoutSession.ts"
import { ConcurrentModification } from "../Errors.ts"
import type { StoredPaymentLink } from "../PaymentLink.ts"
import { PaymentLinkRepository } from "../ports/PaymentLinkRepository.ts"
import { WebhookEndpointRepository } from "../ports/WebhookEndpointRepository.ts"
import type { StoredWebhookEndpoint } from "../WebhookEndpoint.ts"
import { keysetPage } from "./InMemoryRepository.ts"

type Keyed = { readonly id: string; readonly created: number; readonly livemode: boolean }

const newestFirst = <A>(items: Iterable<A>, key: (a: A) => Keyed, scope: Scope, account: (a: A) => string) =>
  [...items]
    .filter((a) => account(a) === scope.account && key(a).livemode === scope.livemode)
    .sort((a, b) => key(b).created - key(a).created || (key(a).id < key(b).id ? 1 : -1))

/**
 * Writes `next` under `id` if what is stored there is at `expected`, as the database adapters'
 * conditional writes do; a missing entry is a conflict too, so an update never creates one.
 */
const writeIf = <A extends { readonly version: number }>(map: Map<string, A>, id: string, expected: number, next: A | null) =>
  Effect.suspend(() => {
    if (map.get(id)?.version !== expected) return Effect.fail(new ConcurrentModification({ id }))
    if (next === null) map.delete(id)
    else map.set(id, next)
    return Effect.void
  })

/** Makes fresh, empty stores. */
export const make = Effect.sync(() => {
  const endpoints = new Map<string, StoredWebhookEndpoint>()
  const links = new Map<string, StoredPaymentLink>()

  const webhookEndpointRepository = WebhookEndpointRepository.of({
    insert: (stored) => Effect.sync(() => void endpoints.set(stored.endpoint.id, stored)),
    update: (stored) => writeIf(endpoints, stored.endpoint.id, stored.version - 1, stored),
    delete: (id, version) => writeIf(endpoints, id, version, null),
    findById: (id) => Effect.sync(() => Option.fromNullishOr(endpoints.get(id))),
    findByIds: (ids) => Effect.sync(() => ids.flatMap((id) => endpoints.get(id) ?? [])),
    list: (scope, page) =>
      Effect.sync(() => keysetPage(newestFirst(endpoints.values(), (s) => s.endpoint, scope, (s) => s.account), (s) => s.endpoint, page))
  })

  const paymentLinkRepository = PaymentLinkRepository.of({
    insert: (stored) => Effect.sync(() => void links.set(stored.link.id, stored)),
    update: (stored) => writeIf(links, stored.link.id, stored.version - 1, stored),
    findById: (id) => Effect.sync(() => Option.fromNullishOr(links.get(id))),
    findByToken: (token) => Effect.sync(() => Option.fromNullishOr([...links.values()].find((s) => s.link.token === token))),
    list: (scope, page) =>
      Effect.sync(() => keysetPage(newestFirst(links.values(), (s) => s.link, scope, (s) => s.account), (s) => s.link, page))
  })

  return { webhookEndpointRepository, paymentLinkRepository }
})

/** Both stores, fresh and empty. */
export const layer = Layer.effectContext(
  Effect.map(make, ({ paymentLinkRepository, webhookEndpointRepository }) =>
    Context.make(WebhookEndpointRepository, webhookEndpointRepository).pipe(Context.add(PaymentLinkRepository, paymentLinkRepository))
  )
)
