/**
 * Use cases of the catalog: products and their prices, as Stripe's `/v1/products` and `/v1/prices`
 * have them. Every change is written with its events (`product.*`, `price.*`), so webhooks hear of it.
 */
import { Context, Effect, Layer, Option } from "effect"
import type {
  CreatePriceParams,
  CreateProductParams,
  ListPricesParams,
  ListProductsParams,
  UpdatePriceParams,
  UpdateProductParams
} from "./CatalogParams.ts"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { eventMaker } from "./EventMaker.ts"
import type { EventDraft } from "./Events.ts"
import { Prefix } from "./Ids.ts"
import { amountOf, type Price, recurringOf, type StoredPrice } from "./Price.ts"
import type { Product } from "./Product.ts"
import { CatalogRepository, type PriceFilter, type ProductFilter } from "./ports/CatalogRepository.ts"
import { EventSnapshots } from "./ports/EventSnapshots.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { mergeMetadata } from "./SessionMachine.ts"

const invalid = (param: string | null, message: string, code = "parameter_invalid") => new ValidationError({ code, message, param })

const metadataOf = (m: Readonly<Record<string, string>> | "" | undefined): Record<string, string> => (m === undefined || m === "" ? {} : { ...m })

/** Use cases of products and prices. */
export class Catalog extends Context.Service<Catalog>()("till/Catalog", {
  make: Effect.gen(function*() {
    const repo = yield* CatalogRepository
    const ids = yield* IdGenerator
    const snapshots = yield* EventSnapshots

    const eventsOf = eventMaker(ids, snapshots)

    const loadProduct = (scope: Scope, id: string, param: string | null = null) =>
      repo.findProduct(scope, id).pipe(Effect.flatMap(Option.match({
        onNone: () => Effect.fail(new ResourceMissing({ object: "product", id, param })),
        onSome: Effect.succeed
      })))

    const loadPrice = (scope: Scope, id: string, param: string | null = null) =>
      repo.findPrice(scope, id).pipe(Effect.flatMap(Option.match({
        onNone: () => Effect.fail(new ResourceMissing({ object: "price", id, param })),
        onSome: Effect.succeed
      })))

    /** The price that holds `key` in the scope, if any. */
    const holderOf = (scope: Scope, key: string) =>
      Effect.map(repo.listPrices(scope, { lookup_keys: [key] }, { limit: 1 }), (page) => page.data[0])

    /**
     * What setting `key` on price `id` takes: nothing when no other price holds it; with
     * `transfer`, taking it from its holder (written first, so the key is never held twice).
     */
    const claimLookupKey = Effect.fnUntraced(function*(scope: Scope, key: string | null, id: string, transfer: boolean) {
      if (key === null) return [] as ReadonlyArray<StoredPrice>
      const holder = yield* holderOf(scope, key)
      if (holder === undefined || holder.price.id === id) return []
      if (!transfer) {
        return yield* invalid("lookup_key", `A price (\`${holder.price.id}\`) already uses that lookup key. Pass \`transfer_lookup_key=true\` to move it.`)
      }
      return [{ ...holder, version: holder.version + 1, price: { ...holder.price, lookup_key: null } }]
    })

    const newProduct = Effect.fnUntraced(function*(
      scope: Scope,
      fields: Pick<Product, "name"> & Partial<Omit<Product, "id" | "livemode" | "created" | "updated">>,
      id: string | undefined,
      now: number
    ) {
      if (id !== undefined && Option.isSome(yield* repo.findProduct(scope, id))) {
        return yield* invalid("id", "Product already exists.", "resource_already_exists")
      }
      const product: Product = {
        id: id ?? (yield* ids.make(Prefix.product)),
        livemode: scope.livemode,
        created: now,
        updated: now,
        active: fields.active ?? true,
        name: fields.name,
        description: fields.description ?? null,
        images: fields.images ?? [],
        url: fields.url ?? null,
        metadata: fields.metadata ?? {},
        default_price: null,
        type: fields.type ?? "service",
        shippable: fields.shippable ?? null,
        statement_descriptor: fields.statement_descriptor ?? null,
        unit_label: fields.unit_label ?? null
      }
      return product
    })

    /** Creates a product, with its default price when `default_price_data` is given. */
    const createProduct = Effect.fn("Catalog.createProduct")(function*(scope: Scope, params: CreateProductParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const now = yield* nowSeconds
        const base = yield* newProduct(scope, {
          name: params.name,
          ...(params.active === undefined ? {} : { active: params.active }),
          ...(params.description === undefined ? {} : { description: params.description }),
          ...(params.images === undefined ? {} : { images: params.images }),
          ...(params.url === undefined ? {} : { url: params.url }),
          metadata: metadataOf(params.metadata),
          ...(params.type === undefined ? {} : { type: params.type }),
          ...(params.shippable === undefined ? {} : { shippable: params.shippable }),
          ...(params.statement_descriptor === undefined ? {} : { statement_descriptor: params.statement_descriptor }),
          ...(params.unit_label === undefined ? {} : { unit_label: params.unit_label })
        }, params.id, now)
        const data = params.default_price_data
        if (data === undefined) {
          yield* repo.write({ products: [{ account: scope.account, version: 1, product: base }], events: yield* eventsOf(scope, [{ type: "product.created", object: base }], now) })
          return base
        }
        const amount = yield* Effect.fromResult(amountOf(data, (name) => `default_price_data[${name}]`))
        const recurring = recurringOf(data.recurring)
        const price: Price = {
          id: yield* ids.make(Prefix.price),
          livemode: scope.livemode,
          created: now,
          active: true,
          product: base.id,
          currency: data.currency,
          ...amount,
          type: recurring === null ? "one_time" : "recurring",
          recurring,
          nickname: null,
          lookup_key: null,
          metadata: metadataOf(data.metadata),
          tax_behavior: data.tax_behavior ?? null
        }
        const product: Product = { ...base, default_price: price.id }
        yield* repo.write({
          products: [{ account: scope.account, version: 1, product }],
          prices: [{ account: scope.account, version: 1, price }],
          events: yield* eventsOf(scope, [{ type: "product.created", object: product }, { type: "price.created", object: price }], now)
        })
        return product
      }))
    })

    /** One product of the scope. */
    const retrieveProduct = Effect.fn("Catalog.retrieveProduct")(function*(scope: Scope, id: string) {
      return (yield* loadProduct(scope, id)).product
    })

    /** Products of the scope, newest first, filtered. */
    const listProducts = Effect.fn("Catalog.listProducts")(function*(scope: Scope, params: ListProductsParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : Effect.map(loadProduct(s, id, param), ({ product }) => ({ created: product.created, id: product.id })))
      const filter: ProductFilter = {
        ...(params.active === undefined ? {} : { active: params.active }),
        ...(params.ids === undefined ? {} : { ids: params.ids }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.listProducts(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.product) }
    })

    /** Changes a product; `default_price` must be an active price of this product. */
    const updateProduct = Effect.fn("Catalog.updateProduct")(function*(scope: Scope, id: string, params: UpdateProductParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadProduct(scope, id)
        const p = stored.product
        let defaultPrice = p.default_price
        if (params.default_price !== undefined) {
          if (params.default_price === "") defaultPrice = null
          else {
            const { price } = yield* loadPrice(scope, params.default_price, "default_price")
            if (price.product !== p.id) return yield* invalid("default_price", `The price \`${price.id}\` does not belong to this product.`)
            if (!price.active) return yield* invalid("default_price", `The price \`${price.id}\` is not active.`)
            defaultPrice = price.id
          }
        }
        const now = yield* nowSeconds
        const unset = <A>(v: A | "" | undefined, current: A | null): A | null => (v === undefined ? current : v === "" ? null : v)
        const product: Product = {
          ...p,
          updated: now,
          name: params.name ?? p.name,
          active: params.active ?? p.active,
          description: unset(params.description, p.description),
          images: params.images === undefined ? p.images : params.images === "" ? [] : params.images,
          url: unset(params.url, p.url),
          metadata: params.metadata === undefined ? p.metadata : mergeMetadata(p.metadata, params.metadata),
          default_price: defaultPrice,
          shippable: params.shippable ?? p.shippable,
          statement_descriptor: params.statement_descriptor ?? p.statement_descriptor,
          unit_label: unset(params.unit_label, p.unit_label)
        }
        yield* repo.write({
          products: [{ ...stored, version: stored.version + 1, product }],
          events: yield* eventsOf(scope, [{ type: "product.updated", object: product }], now)
        })
        return product
      }))
    })

    /** Deletes a product that has no prices (Stripe keeps prices, so a product with any can only be archived). */
    const deleteProduct = Effect.fn("Catalog.deleteProduct")(function*(scope: Scope, id: string) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadProduct(scope, id)
        const prices = yield* repo.listPrices(scope, { product: id }, { limit: 1 })
        if (prices.data.length > 0) {
          return yield* invalid(null, "This product cannot be deleted because it has one or more user-created prices.", "resource_in_use")
        }
        const now = yield* nowSeconds
        yield* repo.write({
          deleted: stored,
          events: yield* eventsOf(scope, [{ type: "product.deleted", object: stored.product }], now)
        })
        return stored.product
      }))
    })

    /** Creates a price for `product`, or for a product made from `product_data`; a lookup key moves only with `transfer_lookup_key`. */
    const createPrice = Effect.fn("Catalog.createPrice")(function*(scope: Scope, params: CreatePriceParams) {
      if (params.product !== undefined && params.product_data !== undefined) {
        return yield* invalid("product_data", "You may only specify one of these parameters: product, product_data.")
      }
      if (params.product === undefined && params.product_data === undefined) {
        return yield* invalid("product", "Missing required param: product.", "parameter_missing")
      }
      const amount = yield* Effect.fromResult(amountOf(params, (name) => name))
      return yield* retryOnConflict(Effect.gen(function*() {
        const now = yield* nowSeconds
        const data = params.product_data
        const inline = data === undefined ? undefined : yield* newProduct(scope, {
          name: data.name,
          ...(data.active === undefined ? {} : { active: data.active }),
          metadata: metadataOf(data.metadata),
          ...(data.statement_descriptor === undefined ? {} : { statement_descriptor: data.statement_descriptor }),
          ...(data.unit_label === undefined ? {} : { unit_label: data.unit_label })
        }, data.id, now)
        const productId = inline?.id ?? (yield* loadProduct(scope, params.product!, "product")).product.id
        const id = yield* ids.make(Prefix.price)
        const lookupKey = params.lookup_key ?? null
        const moved = yield* claimLookupKey(scope, lookupKey, id, params.transfer_lookup_key ?? false)
        const recurring = recurringOf(params.recurring)
        const price: Price = {
          id,
          livemode: scope.livemode,
          created: now,
          active: params.active ?? true,
          product: productId,
          currency: params.currency,
          ...amount,
          type: recurring === null ? "one_time" : "recurring",
          recurring,
          nickname: params.nickname ?? null,
          lookup_key: lookupKey,
          metadata: metadataOf(params.metadata),
          tax_behavior: params.tax_behavior ?? null
        }
        const drafts: Array<EventDraft> = []
        if (inline !== undefined) drafts.push({ type: "product.created", object: inline })
        for (const m of moved) drafts.push({ type: "price.updated", object: m.price })
        drafts.push({ type: "price.created", object: price })
        yield* repo.write({
          ...(inline === undefined ? {} : { products: [{ account: scope.account, version: 1, product: inline }] }),
          prices: [...moved, { account: scope.account, version: 1, price }],
          events: yield* eventsOf(scope, drafts, now)
        })
        return price
      }))
    })

    /** One price of the scope. */
    const retrievePrice = Effect.fn("Catalog.retrievePrice")(function*(scope: Scope, id: string) {
      return (yield* loadPrice(scope, id)).price
    })

    /** Prices of the scope, newest first, filtered. */
    const listPrices = Effect.fn("Catalog.listPrices")(function*(scope: Scope, params: ListPricesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : Effect.map(loadPrice(s, id, param), ({ price }) => ({ created: price.created, id: price.id })))
      const filter: PriceFilter = {
        ...(params.active === undefined ? {} : { active: params.active }),
        ...(params.product === undefined ? {} : { product: params.product }),
        ...(params.currency === undefined ? {} : { currency: params.currency }),
        ...(params.type === undefined ? {} : { type: params.type }),
        ...(params.lookup_keys === undefined ? {} : { lookup_keys: params.lookup_keys }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.listPrices(scope, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.price) }
    })

    /** Changes what Stripe lets change on a price: `active`, `nickname`, `lookup_key`, `metadata`, an unspecified `tax_behavior`. */
    const updatePrice = Effect.fn("Catalog.updatePrice")(function*(scope: Scope, id: string, params: UpdatePriceParams) {
      return yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* loadPrice(scope, id)
        const p = stored.price
        if (params.active === false && p.active) {
          const owner = yield* repo.findProduct(scope, p.product)
          if (Option.isSome(owner) && owner.value.product.default_price === p.id) {
            return yield* invalid("active", "This price cannot be archived because it is the default price of its product.")
          }
        }
        if (params.tax_behavior !== undefined && p.tax_behavior !== null && p.tax_behavior !== "unspecified" && params.tax_behavior !== p.tax_behavior) {
          return yield* invalid("tax_behavior", "A price's `tax_behavior` cannot be changed once it is `inclusive` or `exclusive`.")
        }
        const now = yield* nowSeconds
        const lookupKey = params.lookup_key === undefined ? p.lookup_key : params.lookup_key === "" ? null : params.lookup_key
        const moved = lookupKey === p.lookup_key ? [] : yield* claimLookupKey(scope, lookupKey, id, params.transfer_lookup_key ?? false)
        const price: Price = {
          ...p,
          active: params.active ?? p.active,
          nickname: params.nickname === undefined ? p.nickname : params.nickname === "" ? null : params.nickname,
          lookup_key: lookupKey,
          metadata: params.metadata === undefined ? p.metadata : mergeMetadata(p.metadata, params.metadata),
          tax_behavior: params.tax_behavior ?? p.tax_behavior
        }
        yield* repo.write({
          prices: [...moved, { ...stored, version: stored.version + 1, price }],
          events: yield* eventsOf(scope, [...moved.map((m): EventDraft => ({ type: "price.updated", object: m.price })), { type: "price.updated", object: price }], now)
        })
        return price
      }))
    })

    return { createProduct, retrieveProduct, listProducts, updateProduct, deleteProduct, createPrice, retrievePrice, listPrices, updatePrice } as const
  })
}) {
  /** The use cases over whatever repository, id generator and event snapshots are provided. */
  static readonly layer = Layer.effect(Catalog, Catalog.make)
}
