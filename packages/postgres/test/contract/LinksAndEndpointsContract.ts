/**
 * The contracts of PaymentLinkRepository and WebhookEndpointRepository.
 */
import { assert, type Vitest } from "@effect/vitest"
import {
  Ids,
  type PageRequest,
  type PaymentLink,
  PaymentLinkRepository,
  type Scope,
  type StoredPaymentLink,
  type StoredWebhookEndpoint,
  templateLineItems,
  WebhookEndpointRepository
} from "@till/core"
import { InMemoryRepository } from "@till/core/testing"
import { Effect, Option } from "effect"
import { newestFirst, newScope } from "../support/Fixtures.ts"

const T = 1_820_000_000

const newLink = (scope: Scope, created: number): StoredPaymentLink => {
  const token = Ids.randomBase62()
  const link: PaymentLink = {
    id: `plink_${Ids.randomBase62()}`,
    active: true,
    livemode: scope.livemode,
    created,
    token,
    currency: "usd",
    amount_total: 2500,
    metadata: { z: "1", a: "2" },
    session_params: { line_items: [{ price_data: { currency: "usd", unit_amount: 2500, product_data: { name: "Ticket" } }, quantity: 1 }] },
    expires_at: null,
    after_completion: { type: "redirect", redirect: { url: "https://shop.example/thanks" }, hosted_confirmation: null },
    line_items: []
  }
  const [item] = templateLineItems(link)
  return { account: scope.account, version: 1, link: { ...link, line_items: [{ ...item!, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } }] } }
}

const newEndpoint = (scope: Scope, created: number): StoredWebhookEndpoint => ({
  account: scope.account,
  version: 1,
  secret: `whsec_${Ids.randomBase62(32)}`,
  endpoint: {
    id: `we_${Ids.randomBase62()}`,
    url: "https://shop.example/hooks",
    enabled_events: ["checkout.session.completed"],
    status: "enabled",
    description: null,
    metadata: {},
    api_version: "2026-11-01.till",
    livemode: scope.livemode,
    created
  }
})

/** Checks every keyset page of a list against the core's keysetPage over `expected`. */
export const checkPages = <A>(
  list: (page: PageRequest) => Effect.Effect<{ readonly data: ReadonlyArray<A>; readonly has_more: boolean }>,
  expected: ReadonlyArray<A>,
  key: (a: A) => { created: number; id: string }
) =>
  Effect.gen(function*() {
    const sorted = [...expected].sort((a, b) => newestFirst(key(a), key(b)))
    const requests: Array<PageRequest> = [{ limit: 100 }, { limit: 2 }]
    for (const a of sorted) requests.push({ limit: 2, after: key(a) }, { limit: 2, before: key(a) })
    for (const request of requests) {
      const actual = yield* list(request)
      const want = InMemoryRepository.keysetPage(sorted, key, request)
      assert.deepStrictEqual(actual.data.map((a) => key(a).id), want.data.map((a) => key(a).id), JSON.stringify(request))
      assert.strictEqual(actual.has_more, want.has_more, JSON.stringify(request))
    }
  })

/** Registers the contract's tests. */
export const paymentLinkRepositoryContract = (it: Vitest.MethodsNonLive<PaymentLinkRepository>) => {
  it.effect("links read back by id and token; an update replaces the version it read; lists are newest first, one scope only", () =>
    Effect.gen(function*() {
      const repo = yield* PaymentLinkRepository
      const scope = newScope()
      const links = Array.from({ length: 7 }, (_, i) => newLink(scope, T + Math.floor(i / 2)))
      for (const l of links) yield* repo.insert(l)
      yield* repo.insert(newLink({ account: scope.account, livemode: true }, T))
      yield* repo.insert(newLink(newScope(), T))

      const first = links[0]!
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.link.id)), first)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findByToken(first.link.token)), first)
      assert.deepStrictEqual(Object.keys(Option.getOrThrow(yield* repo.findById(first.link.id)).link.metadata), ["z", "a"])
      assert.isTrue(Option.isNone(yield* repo.findById("plink_missing")))
      assert.isTrue(Option.isNone(yield* repo.findByToken("missing")))

      const updated: StoredPaymentLink = { ...first, version: 2, link: { ...first.link, active: false, metadata: { b: "3" } } }
      yield* repo.update(updated)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.link.id)), updated)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findByToken(first.link.token)), updated)

      yield* checkPages((page) => repo.list(scope, page), [updated, ...links.slice(1)], (s) => s.link)
    }))

  it.effect("of two updates made from one read, the second fails and changes nothing; an update never creates a link", () =>
    Effect.gen(function*() {
      const repo = yield* PaymentLinkRepository
      const scope = newScope()
      const read = newLink(scope, T)
      yield* repo.insert(read)
      const mine: StoredPaymentLink = { ...read, version: 2, link: { ...read.link, metadata: { ...read.link.metadata, mine: "1" } } }
      const theirs: StoredPaymentLink = { ...read, version: 2, link: { ...read.link, metadata: { ...read.link.metadata, theirs: "1" } } }
      yield* repo.update(mine)
      const lost = yield* Effect.flip(repo.update(theirs))
      assert.deepStrictEqual([lost._tag, lost.id], ["ConcurrentModification", read.link.id])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.link.id)), mine)
      // made again from a fresh read, it lands
      const again: StoredPaymentLink = { ...mine, version: 3, link: { ...mine.link, metadata: { ...mine.link.metadata, theirs: "1" } } }
      yield* repo.update(again)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.link.id)).link.metadata, { z: "1", a: "2", mine: "1", theirs: "1" })

      const never = newLink(scope, T)
      assert.strictEqual((yield* Effect.flip(repo.update({ ...never, version: 2 })))._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(never.link.id)))
      assert.isTrue(Option.isNone(yield* repo.findByToken(never.link.token)))
    }))
}

/** Registers the contract's tests. */
export const webhookEndpointRepositoryContract = (it: Vitest.MethodsNonLive<WebhookEndpointRepository>) => {
  it.effect("endpoints read back with their secret; an update replaces the version it read; a delete removes it; lists", () =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      const scope = newScope(true)
      const endpoints = Array.from({ length: 6 }, (_, i) => newEndpoint(scope, T + Math.floor(i / 3)))
        // pinned to a version, or not (null)
        .map((e, i) => (i % 2 === 0 ? e : { ...e, endpoint: { ...e.endpoint, api_version: null } }))
      for (const e of endpoints) yield* repo.insert(e)
      yield* repo.insert(newEndpoint({ account: scope.account, livemode: false }, T))
      yield* repo.insert(newEndpoint(newScope(true), T))

      const first = endpoints[0]!
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.endpoint.id)), first)
      assert.isTrue(Option.isNone(yield* repo.findById("we_missing")))
      assert.sameDeepMembers([...yield* repo.findByIds([first.endpoint.id, endpoints[1]!.endpoint.id, "we_missing"])], [first, endpoints[1]!])

      const updated: StoredWebhookEndpoint = { ...first, version: 2, endpoint: { ...first.endpoint, status: "disabled", enabled_events: ["*"] } }
      yield* repo.update(updated)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(first.endpoint.id)), updated)

      const gone = endpoints[1]!
      yield* repo.delete(gone.endpoint.id, 1)
      assert.isTrue(Option.isNone(yield* repo.findById(gone.endpoint.id)))
      assert.strictEqual((yield* Effect.flip(repo.delete(gone.endpoint.id, 1)))._tag, "ConcurrentModification")

      yield* checkPages((page) => repo.list(scope, page), [updated, ...endpoints.slice(2)], (s) => s.endpoint)
    }))

  it.effect("a rolled secret that still signs reads back with its expiry, and a later update can drop it", () =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      const read = newEndpoint(newScope(), T)
      yield* repo.insert(read)
      const rolled: StoredWebhookEndpoint = { ...read, version: 2, secret: "whsec_new", previous_secret: { secret: read.secret, expires_at: T + 3600 } }
      yield* repo.update(rolled)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.endpoint.id)), rolled)
      assert.deepStrictEqual([...yield* repo.findByIds([read.endpoint.id])], [rolled])
      const { previous_secret: _previous, ...rest } = rolled
      const again: StoredWebhookEndpoint = { ...rest, version: 3, secret: "whsec_newer" }
      yield* repo.update(again)
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.endpoint.id)), again)
    }))

  it.effect("a stale update fails and changes nothing", () =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      const read = newEndpoint(newScope(), T)
      yield* repo.insert(read)
      const disabled: StoredWebhookEndpoint = { ...read, version: 2, endpoint: { ...read.endpoint, status: "disabled" } }
      yield* repo.update(disabled)
      const stale = yield* Effect.flip(repo.update({ ...read, version: 2, endpoint: { ...read.endpoint, description: "stale" } }))
      assert.deepStrictEqual([stale._tag, stale.id], ["ConcurrentModification", read.endpoint.id])
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.endpoint.id)), disabled)
    }))

  it.effect("delete versus update: an update after the delete fails and never writes the endpoint (or its secret) back", () =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      const scope = newScope()
      const read = newEndpoint(scope, T)
      yield* repo.insert(read)
      yield* repo.delete(read.endpoint.id, read.version)
      const late = yield* Effect.flip(repo.update({ ...read, version: 2, endpoint: { ...read.endpoint, description: "late" } }))
      assert.strictEqual(late._tag, "ConcurrentModification")
      assert.isTrue(Option.isNone(yield* repo.findById(read.endpoint.id)))
      assert.lengthOf((yield* repo.list(scope, { limit: 10 })).data, 0)
    }))

  it.effect("update versus delete: a delete of the version before the update fails and the endpoint stays as updated", () =>
    Effect.gen(function*() {
      const repo = yield* WebhookEndpointRepository
      const read = newEndpoint(newScope(), T)
      yield* repo.insert(read)
      const updated: StoredWebhookEndpoint = { ...read, version: 2, endpoint: { ...read.endpoint, enabled_events: ["*"] } }
      yield* repo.update(updated)
      assert.strictEqual((yield* Effect.flip(repo.delete(read.endpoint.id, read.version)))._tag, "ConcurrentModification")
      assert.deepStrictEqual(Option.getOrThrow(yield* repo.findById(read.endpoint.id)), updated)
      // deleting the version now stored works
      yield* repo.delete(read.endpoint.id, updated.version)
      assert.isTrue(Option.isNone(yield* repo.findById(read.endpoint.id)))
    }))
}
