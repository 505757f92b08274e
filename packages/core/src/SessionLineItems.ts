/**
 * The line items of a new session, from what the merchant passed: catalog prices (`price`), inline
 * prices (`price_data`, for a catalog `product` or inline `product_data`), or one implicit item for
 * `amount` + `currency`. Each keeps its price and product as they are now (the `catalog` snapshot),
 * so later changes to the catalog never change a session. Pure: the catalog objects are looked up
 * beforehand (CheckoutSessions.resolveCatalog) and handed in.
 */
import { Result } from "effect"
import { ValidationError } from "./Errors.ts"
import { Prefix } from "./Ids.ts"
import type { CatalogSnapshot, LineItem } from "./LineItem.ts"
import { amountOf, lineAmountOf, type Price, recurringOf, unitAmountOf } from "./Price.ts"
import type { Product } from "./Product.ts"
import type { CreateSessionParams, LineItemParams } from "./SessionParams.ts"
import type { TaxRate } from "./TaxRate.ts"

/** The objects line item `i` names: its `price` and that price's product, or its `price_data[product]`; its tax rates. */
export interface Resolved {
  readonly price?: Price
  readonly product?: Product
  readonly tax_rates?: ReadonlyArray<TaxRate>
  readonly dynamic_tax_rates?: ReadonlyArray<TaxRate>
}

/** What building the line items needs besides the parameters. */
export interface LineItemsInput {
  readonly id: string
  readonly livemode: boolean
  readonly now: number
  readonly params: CreateSessionParams
  /** One entry per line item, in order (see {@link Resolved}); absent when no item names the catalog. */
  readonly catalog?: ReadonlyArray<Resolved | undefined>
}

const invalid = (param: string, message: string, code = "parameter_invalid") => Result.fail(new ValidationError({ code, message, param }))

/** Stripe's answer to a recurring price in a payment-mode session. */
export const RECURRING_IN_PAYMENT_MODE = "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices."

/** Checks that a catalog price may be sold now: active, one-time, its product active. */
const checkSellable = (param: string, price: Price | undefined, product: Product | undefined): Result.Result<void, ValidationError> => {
  if (price !== undefined && !price.active) return invalid(param, `The price \`${price.id}\` is not active, so it cannot be used in a Checkout Session.`)
  if (price !== undefined && price.type === "recurring") return invalid(param, RECURRING_IN_PAYMENT_MODE)
  if (product !== undefined && !product.active) return invalid(param, `The product \`${product.id}\` is not active, so it cannot be used in a Checkout Session.`)
  return Result.succeed(undefined)
}

/** The snapshot of line item `i`: the catalog's objects, or inline ones with ids of their own (Stripe makes them too). */
const snapshotOf = (input: LineItemsInput, i: number, li: LineItemParams): Result.Result<CatalogSnapshot, ValidationError> => {
  const at = `line_items[${i}]`
  const resolved = input.catalog?.[i]
  if (li.price !== undefined && li.price_data !== undefined) return invalid(`${at}[price_data]`, "You may only specify one of these parameters: price, price_data.")
  if (li.price !== undefined) {
    const { price, product } = resolved ?? {}
    // CheckoutSessions resolves every `price` before this runs; an unresolved one is a caller's bug
    if (price === undefined || product === undefined) throw new Error(`line item ${i}: price ${li.price} was not resolved`)
    const sellable = checkSellable(`${at}[price]`, price, product)
    return Result.isFailure(sellable) ? Result.fail(sellable.failure) : Result.succeed({ price, product })
  }
  const data = li.price_data
  if (data === undefined) return invalid(`${at}[price]`, `Missing required param: ${at}[price].`, "parameter_missing")
  if (data.recurring !== undefined) return invalid(`${at}[price_data][recurring]`, RECURRING_IN_PAYMENT_MODE)
  if (data.product !== undefined && data.product_data !== undefined) {
    return invalid(`${at}[price_data][product_data]`, "You may only specify one of these parameters: product, product_data.")
  }
  const amount = amountOf(data, (name) => `${at}[price_data][${name}]`)
  if (Result.isFailure(amount)) return Result.fail(amount.failure)
  const suffix = input.id.slice(input.id.lastIndexOf("_") + 1) + i.toString(36).padStart(2, "0")
  let product: Product
  if (data.product !== undefined) {
    if (resolved?.product === undefined) throw new Error(`line item ${i}: product ${data.product} was not resolved`)
    const sellable = checkSellable(`${at}[price_data][product]`, undefined, resolved.product)
    if (Result.isFailure(sellable)) return Result.fail(sellable.failure)
    product = resolved.product
  } else {
    const pd = data.product_data
    if (pd === undefined) return invalid(`${at}[price_data][product_data]`, `Missing required param: ${at}[price_data][product_data].`, "parameter_missing")
    product = {
      id: `${Prefix.product}${suffix}`,
      livemode: input.livemode,
      created: input.now,
      updated: input.now,
      // made for this line item only, as Stripe's inline products are: not for sale on its own
      active: false,
      name: pd.name,
      description: pd.description ?? null,
      images: pd.images ?? [],
      url: null,
      metadata: pd.metadata === undefined || pd.metadata === "" ? {} : pd.metadata,
      default_price: null,
      type: "service",
      shippable: null,
      statement_descriptor: null,
      unit_label: null
    }
  }
  return Result.succeed({
    product,
    price: {
      id: `${Prefix.price}${suffix}`,
      livemode: input.livemode,
      created: input.now,
      active: false,
      product: product.id,
      currency: data.currency,
      ...amount.success,
      type: "one_time",
      recurring: recurringOf(undefined),
      nickname: null,
      lookup_key: null,
      metadata: {},
      tax_behavior: data.tax_behavior ?? null
    }
  })
}

/** The tax rates of line item `i` as resolved, checked as Stripe checks them: active, a dynamic one with its country. */
const taxRatesOf = (input: LineItemsInput, i: number, li: LineItemParams): Result.Result<Pick<LineItem, "tax_rates" | "dynamic_tax_rates">, ValidationError> => {
  const at = `line_items[${i}]`
  const resolved = input.catalog?.[i]
  if (li.tax_rates !== undefined && li.dynamic_tax_rates !== undefined) {
    return invalid(`${at}[dynamic_tax_rates]`, "You may only specify one of these parameters: tax_rates, dynamic_tax_rates.")
  }
  const fixed = resolved?.tax_rates ?? []
  const dynamic = resolved?.dynamic_tax_rates ?? []
  // CheckoutSessions resolves every rate before this runs; an unresolved one is a caller's bug
  if (fixed.length !== (li.tax_rates?.length ?? 0) || dynamic.length !== (li.dynamic_tax_rates?.length ?? 0)) throw new Error(`line item ${i}: tax rates were not resolved`)
  for (const [name, rates] of [["tax_rates", fixed], ["dynamic_tax_rates", dynamic]] as const) {
    for (const [j, rate] of rates.entries()) {
      if (!rate.active) return invalid(`${at}[${name}][${j}]`, `The tax rate \`${rate.id}\` is archived (not active), so it cannot be used in a Checkout Session.`)
      if (name === "dynamic_tax_rates" && rate.country === null) {
        return invalid(`${at}[${name}][${j}]`, `The tax rate \`${rate.id}\` has no \`country\`, so it cannot be a dynamic tax rate.`)
      }
    }
  }
  return Result.succeed({ ...(fixed.length === 0 ? {} : { tax_rates: fixed }), ...(dynamic.length === 0 ? {} : { dynamic_tax_rates: dynamic }) })
}

/** A line item of `quantity` at `snapshot`'s price. */
const itemOf = (input: LineItemsInput, i: number, snapshot: CatalogSnapshot, quantity: number): LineItem => {
  const { price, product } = snapshot
  const amount = lineAmountOf(price, quantity)
  const suffix = input.id.slice(input.id.lastIndexOf("_") + 1)
  return {
    id: `${Prefix.lineItem}${suffix}${i.toString(36).padStart(2, "0")}`,
    amount_subtotal: amount,
    amount_total: amount,
    amount_discount: 0,
    amount_tax: 0,
    currency: price.currency,
    description: product.name,
    quantity,
    price: { id: price.id, currency: price.currency, unit_amount: unitAmountOf(price), product_data: { name: product.name, description: product.description } },
    catalog: snapshot
  }
}

/** The line items of a new session, or the first parameter that is wrong. */
export const lineItemsOf = (input: LineItemsInput): Result.Result<ReadonlyArray<LineItem>, ValidationError> => {
  const { params } = input
  if (params.line_items !== undefined) {
    if (params.amount !== undefined) return invalid("amount", "Pass either `line_items` or `amount` with `currency`, not both.")
    const items: Array<LineItem> = []
    for (const [i, li] of params.line_items.entries()) {
      const snapshot = snapshotOf(input, i, li)
      if (Result.isFailure(snapshot)) return Result.fail(snapshot.failure)
      const currency = params.currency ?? items[0]?.currency ?? snapshot.success.price.currency
      if (snapshot.success.price.currency !== currency) {
        return invalid(li.price === undefined ? `line_items[${i}][price_data][currency]` : `line_items[${i}][price]`, "All line items must use the same currency as the session.")
      }
      const rates = taxRatesOf(input, i, li)
      if (Result.isFailure(rates)) return Result.fail(rates.failure)
      items.push({ ...itemOf(input, i, snapshot.success, li.quantity), ...rates.success })
    }
    return Result.succeed(items)
  }
  if (params.amount === undefined) {
    return invalid("line_items", "Missing required param: line_items (or amount with currency).", "parameter_missing")
  }
  if (params.currency === undefined) return invalid("currency", "Missing required param: currency.", "parameter_missing")
  const name = params.payment_description ?? "Payment"
  const implicit = snapshotOf(input, 0, { price_data: { currency: params.currency, unit_amount: params.amount, product_data: { name } }, quantity: 1 })
  return Result.map(implicit, (snapshot) => [itemOf(input, 0, snapshot, 1)])
}

/**
 * A line item with its catalog snapshot. Items stored before sessions took catalog prices kept only
 * an amount and a product name: they get a snapshot made from those, an inactive inline price and
 * product (as `price_data` makes now), dated with their session, the product's id derived from the price's.
 */
export const withCatalog = (item: LineItem, session: { readonly created: number; readonly livemode: boolean }): LineItem & { readonly catalog: CatalogSnapshot } => {
  if (item.catalog !== undefined) return item as LineItem & { readonly catalog: CatalogSnapshot }
  const { created, livemode } = session
  const productId = `${Prefix.product}${item.price.id.slice(item.price.id.indexOf("_") + 1)}`
  return {
    ...item,
    catalog: {
      product: {
        id: productId,
        livemode,
        created,
        updated: created,
        active: false,
        name: item.price.product_data.name,
        description: item.price.product_data.description,
        images: [],
        url: null,
        metadata: {},
        default_price: null,
        type: "service",
        shippable: null,
        statement_descriptor: null,
        unit_label: null
      },
      price: {
        id: item.price.id,
        livemode,
        created,
        active: false,
        product: productId,
        currency: item.price.currency,
        unit_amount: item.price.unit_amount,
        unit_amount_decimal: String(item.price.unit_amount),
        type: "one_time",
        recurring: null,
        nickname: null,
        lookup_key: null,
        metadata: {},
        tax_behavior: null
      }
    }
  }
}

