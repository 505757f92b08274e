/**
 * Use cases of tax rates: create, read, change (all but the rate itself) and list them, each change
 * with its event (`tax_rate.created`, `tax_rate.updated`).
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { eventMaker } from "./EventMaker.ts"
import { Prefix } from "./Ids.ts"
import { checkMetadata } from "./Params.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { type TaxRateFilter, TaxRateRepository } from "./ports/TaxRateRepository.ts"
import { mergeMetadata } from "./SessionMachine.ts"
import type { CreateTaxRateParams, ListTaxRatesParams, TaxRate, UpdateTaxRateParams } from "./TaxRate.ts"

/** `""` (Stripe's "unset") as null; anything else as it is. */
const unset = <A extends string>(value: A | "" | undefined, current: A | null): A | null =>
  value === undefined ? current : value === "" ? null : value

/** The tax rate with the describing parameters applied: a given field replaces, `""` unsets, metadata merges. */
export const applyTaxRateParams = (rate: TaxRate, params: CreateTaxRateParams | UpdateTaxRateParams): TaxRate | ValidationError => {
  const metadata = params.metadata === undefined ? rate.metadata : mergeMetadata(rate.metadata, params.metadata)
  const problem = checkMetadata(metadata)
  if (problem !== undefined) return new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" })
  return {
    ...rate,
    active: params.active ?? rate.active,
    country: unset(params.country, rate.country),
    description: unset(params.description, rate.description),
    display_name: params.display_name ?? rate.display_name,
    jurisdiction: unset(params.jurisdiction, rate.jurisdiction),
    metadata,
    state: unset(params.state, rate.state),
    tax_type: unset(params.tax_type, rate.tax_type)
  }
}

/** Use cases of tax rates. */
export class TaxRates extends Context.Service<TaxRates>()("till/TaxRates", {
  make: Effect.gen(function*() {
    const repo = yield* TaxRateRepository
    const ids = yield* IdGenerator
    const eventsOf = eventMaker(ids, yield* EventSnapshots)

    /** A tax rate of the scope, or ResourceMissing naming `param`. */
    const load = (scope: Scope, id: string, param: string | null = null) =>
      repo.findById(scope, id).pipe(Effect.flatMap(Option.match({
        onNone: () => Effect.fail(new ResourceMissing({ object: "tax_rate", id, param })),
        onSome: Effect.succeed
      })))

    /** Creates a tax rate, with its `tax_rate.created` event. */
    const create = Effect.fn("TaxRates.create")(function*(scope: Scope, params: CreateTaxRateParams) {
      const now = yield* nowSeconds
      const blank: TaxRate = {
        id: yield* ids.make(Prefix.taxRate),
        livemode: scope.livemode,
        created: now,
        active: true,
        country: null,
        description: null,
        display_name: params.display_name,
        inclusive: params.inclusive,
        jurisdiction: null,
        metadata: {},
        percentage: params.percentage,
        state: null,
        tax_type: null
      }
      const rate = applyTaxRateParams(blank, params)
      if (rate instanceof ValidationError) return yield* rate
      yield* repo.insert({ account: scope.account, version: 1, tax_rate: rate }, yield* eventsOf(scope, [{ type: "tax_rate.created", object: rate }], now))
      return rate
    })

    /** A tax rate of the scope. */
    const retrieve = Effect.fn("TaxRates.retrieve")(function*(scope: Scope, id: string) {
      return (yield* load(scope, id)).tax_rate
    })

    /** Changes a tax rate's description; a change that changes nothing writes nothing and causes no event. */
    const update = Effect.fn("TaxRates.update")(function*(scope: Scope, id: string, params: UpdateTaxRateParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* load(scope, id)
        const rate = applyTaxRateParams(stored.tax_rate, params)
        if (rate instanceof ValidationError) return yield* rate
        if (JSON.stringify(rate) === JSON.stringify(stored.tax_rate)) return rate
        const events = yield* eventsOf(scope, [{ type: "tax_rate.updated", object: rate, previous: stored.tax_rate }], yield* nowSeconds)
        yield* repo.update({ ...stored, version: stored.version + 1, tax_rate: rate }, events)
        return rate
      }))
    })

    /** Tax rates of the scope, newest first, filtered by `active`, `inclusive` and creation time. */
    const list = Effect.fn("TaxRates.list")(function*(scope: Scope, params: ListTaxRatesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined
          ? Effect.succeed(undefined)
          : load(s, id, param).pipe(Effect.map(({ tax_rate }) => ({ created: tax_rate.created, id: tax_rate.id }))))
      const filter: TaxRateFilter = {
        ...(params.active === undefined ? {} : { active: params.active }),
        ...(params.inclusive === undefined ? {} : { inclusive: params.inclusive }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.list(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.tax_rate) }
    })

    /**
     * The tax rates `ids` name, in order, each of the scope; one missing is named by `param(i)`. Used by
     * sessions and payment links, which keep the rates as they are now.
     */
    const resolve = Effect.fnUntraced(function*(scope: Scope, ids: ReadonlyArray<string>, param: (i: number) => string) {
      const found: Array<TaxRate> = []
      for (const [i, id] of ids.entries()) found.push((yield* load(scope, id, param(i))).tax_rate)
      return found
    })

    return { create, retrieve, update, list, resolve } as const
  })
}) {
  /** The use cases over whatever repository, id generator and event snapshots are provided. */
  static readonly layer = Layer.effect(TaxRates, TaxRates.make)
}
