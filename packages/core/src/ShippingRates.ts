/**
 * Use cases of shipping rates: create, read, change (`active`, `metadata`, tax behavior, amounts in
 * other currencies) and list them. Stripe has no shipping-rate events, so none are made.
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import * as Money from "./Money.ts"
import { Bool } from "./Params.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { type ShippingRateFilter, ShippingRateRepository } from "./ports/ShippingRateRepository.ts"
import { mergeMetadata } from "./SessionMachine.ts"
import { PageParams, RangeParams } from "./SessionParams.ts"
import { applyShippingRateUpdate, type CreateShippingRateParams, newShippingRate, type UpdateShippingRateParams } from "./ShippingRate.ts"

/** Parameters of `GET /v1/shipping_rates`. */
export const ListShippingRatesParams = Schema.Struct({
  ...PageParams,
  active: Schema.optionalKey(Bool),
  currency: Schema.optionalKey(Money.Currency),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListShippingRatesParams}. */
export type ListShippingRatesParams = typeof ListShippingRatesParams.Type

/** Use cases of shipping rates. */
export class ShippingRates extends Context.Service<ShippingRates>()("till/ShippingRates", {
  make: Effect.gen(function*() {
    const repo = yield* ShippingRateRepository
    const ids = yield* IdGenerator

    /** A shipping rate of the scope, or ResourceMissing naming `param`. */
    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(scope, id).pipe(Effect.flatMap(Option.match({
        onNone: () => Effect.fail(new ResourceMissing({ object: "shipping_rate", id, param })),
        onSome: Effect.succeed
      })))

    /** Creates a shipping rate. */
    const create = Effect.fn("ShippingRates.create")(function*(scope: Scope, params: CreateShippingRateParams) {
      const rate = newShippingRate(params, { id: yield* ids.make(Prefix.shippingRate), livemode: scope.livemode, created: yield* nowSeconds })
      if (rate instanceof ValidationError) return yield* rate
      yield* repo.insert({ account: scope.account, version: 1, shipping_rate: rate })
      return rate
    })

    /** A shipping rate of the scope. */
    const retrieve = Effect.fn("ShippingRates.retrieve")(function*(scope: Scope, id: string) {
      return (yield* load(scope, id)).shipping_rate
    })

    /** Changes a shipping rate; a change that changes nothing writes nothing. */
    const update = Effect.fn("ShippingRates.update")(function*(scope: Scope, id: string, params: UpdateShippingRateParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        const rate = applyShippingRateUpdate(stored.shipping_rate, params, mergeMetadata)
        if (rate instanceof ValidationError) return yield* rate
        if (JSON.stringify(rate) === JSON.stringify(stored.shipping_rate)) return rate
        yield* repo.update({ ...stored, version: stored.version + 1, shipping_rate: rate })
        return rate
      }))
    })

    /** Shipping rates of the scope, newest first, filtered by `active`, `currency` and creation time. */
    const list = Effect.fn("ShippingRates.list")(function*(scope: Scope, params: ListShippingRatesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined
          ? Effect.succeed(undefined)
          : load(s, id, param).pipe(Effect.map(({ shipping_rate }) => ({ created: shipping_rate.created, id: shipping_rate.id }))))
      const filter: ShippingRateFilter = {
        ...(params.active === undefined ? {} : { active: params.active }),
        ...(params.currency === undefined ? {} : { currency: params.currency }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.list(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.shipping_rate) }
    })

    return { create, retrieve, update, list } as const
  })
}) {
  /** The use cases over whatever repository and id generator are provided. */
  static readonly layer = Layer.effect(ShippingRates, ShippingRates.make)
}
