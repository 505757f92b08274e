/**
 * Stripe's object types, read from the `stripe` package's own type definitions (the version this
 * package's tests use) with TypeScript 7's checker API (`typescript/unstable/sync`, which drives the
 * native compiler in a child process). The walk compares Till's rendered JSON with them: every
 * always-present field (declared without `?`) must be there, `null` only where the type says `| null`,
 * the JSON kinds must agree, and string enums must hold one of Stripe's literals.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { API, type Checker, type Symbol as TsSymbol, SymbolFlags, type Type, TypeFlags } from "typescript/unstable/sync"

/** Where a Stripe type is declared: a file under `stripe/esm/resources` and a dotted name exported from it. */
export interface StripeTypeRef {
  readonly file: string
  readonly name: string
}

/**
 * Each Stripe object Till renders, by its `object` value: one line per object. Every JSON object carrying
 * that `object` in any answer the walk collects is checked against the type (against `Deleted<name>`
 * from the same file when it says `deleted: true`).
 */
export const STRIPE_OBJECTS: Readonly<Record<string, StripeTypeRef>> = {
  "checkout.session": { file: "Checkout/Sessions.d.ts", name: "Session" },
  item: { file: "LineItems.d.ts", name: "LineItem" },
  payment_intent: { file: "PaymentIntents.d.ts", name: "PaymentIntent" },
  payment_link: { file: "PaymentLinks.d.ts", name: "PaymentLink" },
  event: { file: "Events.d.ts", name: "Event" },
  webhook_endpoint: { file: "WebhookEndpoints.d.ts", name: "WebhookEndpoint" },
  product: { file: "Products.d.ts", name: "Product" },
  price: { file: "Prices.d.ts", name: "Price" },
  customer: { file: "Customers.d.ts", name: "Customer" },
  charge: { file: "Charges.d.ts", name: "Charge" },
  refund: { file: "Refunds.d.ts", name: "Refund" },
  tax_rate: { file: "TaxRates.d.ts", name: "TaxRate" },
  coupon: { file: "Coupons.d.ts", name: "Coupon" },
  promotion_code: { file: "PromotionCodes.d.ts", name: "PromotionCode" },
  discount: { file: "Discounts.d.ts", name: "Discount" },
  account: { file: "Accounts.d.ts", name: "Account" },
  file: { file: "Files.d.ts", name: "File" },
  shipping_rate: { file: "ShippingRates.d.ts", name: "ShippingRate" }
}

/** The parameters of `checkout.sessions.create`. */
export const SESSION_CREATE_PARAMS: StripeTypeRef = { file: "Checkout/Sessions.d.ts", name: "Checkout.SessionCreateParams" }

/** One field of a Stripe type. */
export interface Field {
  readonly name: string
  readonly optional: boolean
}

/** A difference between a rendered value and Stripe's type, at a path like `total_details.amount_tax`. */
export interface Mismatch {
  readonly path: string
  readonly problem: string
}

/** Stripe's types, open in a compiler process until `close`. */
export interface StripeTypes {
  /** The fields of a type, in declaration order. */
  readonly fields: (ref: StripeTypeRef) => ReadonlyArray<Field>
  /** How `value` differs from the type; empty when it conforms. */
  readonly check: (value: unknown, ref: StripeTypeRef) => ReadonlyArray<Mismatch>
  readonly close: () => void
}

const resourcesDir = () => join(dirname(fileURLToPath(import.meta.resolve("stripe"))), "resources")

interface Property {
  readonly name: string
  readonly optional: boolean
  readonly type: Type
}

/** The JSON kinds a type admits, flattened out of unions. */
interface Kinds {
  any: boolean
  null: boolean
  string: boolean
  /** Stripe's `OtherString` (`string & {…}`): room for values newer than the package, not a licence for any string. */
  otherString: boolean
  strings: Array<string>
  number: boolean
  boolean: boolean
  arrays: Array<Type>
  objects: Array<Type>
}

/** Opens the `stripe` package's type definitions (about half a second). */
export const openStripeTypes = (): StripeTypes => {
  const dir = resourcesDir()
  const work = mkdtempSync(join(tmpdir(), "till-stripe-types-"))
  const files = [...new Set([...Object.values(STRIPE_OBJECTS), SESSION_CREATE_PARAMS].map((ref) => join(dir, ref.file)))]
  const config = join(work, "tsconfig.json")
  writeFileSync(
    config,
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, types: [] }, files })
  )
  const api = new API({ cwd: work })
  const project = api.updateSnapshot({ openProjects: [config] }).getProjects()[0]
  if (project === undefined) throw new Error("the TypeScript API opened no project")
  const checker: Checker = project.checker

  const lookup = (ref: StripeTypeRef): Type => {
    const source = project.program.getSourceFile(join(dir, ref.file))
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
    if (module === undefined) throw new Error(`no module ${ref.file}`)
    const [first, ...rest] = ref.name.split(".")
    let symbol: TsSymbol | undefined = checker.getExportsOfModule(module).find((s) => s.name === first)
    for (const part of rest) {
      if (symbol === undefined) break
      const table = (symbol.flags & SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol
      symbol = [...table.getExports().values()].find((s) => s.name === part)
    }
    if (symbol === undefined) throw new Error(`no type ${ref.name} in ${ref.file}`)
    return checker.getDeclaredTypeOfSymbol(symbol)
  }

  const properties = new Map<number, ReadonlyArray<Property>>()
  const propertiesOf = (type: Type): ReadonlyArray<Property> => {
    const known = properties.get(type.id)
    if (known !== undefined) return known
    const symbols = checker.getPropertiesOfType(type)
    const types = symbols.length === 0 ? [] : checker.getTypeOfSymbol(symbols)
    const result = symbols.map((s, i) => ({ name: s.name, optional: (s.flags & SymbolFlags.Optional) !== 0, type: types[i]! }))
    properties.set(type.id, result)
    return result
  }

  const kindsOf = (type: Type, into: Kinds = { any: false, null: false, string: false, otherString: false, strings: [], number: false, boolean: false, arrays: [], objects: [] }): Kinds => {
    const f = type.flags
    if (type.isUnionType()) for (const member of type.getTypes()) kindsOf(member, into)
    else if (f & TypeFlags.AnyOrUnknown) into.any = true
    else if (f & TypeFlags.Null) into.null = true
    else if (f & (TypeFlags.Undefined | TypeFlags.Void | TypeFlags.Never)) { /* absent, never a JSON value */ }
    else if (type.isStringLiteralType()) into.strings.push(type.value)
    else if (f & TypeFlags.StringLike) into.string = true
    else if (f & TypeFlags.NumberLike) into.number = true
    else if (f & TypeFlags.BooleanLike) into.boolean = true
    else if (type.isIntersectionType() && type.getTypes().some((t) => (t.flags & TypeFlags.StringLike) !== 0)) into.otherString = true
    // stripe-node parses the wire's decimal strings (`unit_amount_decimal`) into its Decimal class
    else if (checker.typeToString(type) === "Decimal") into.string = true
    else if (type.isObjectType() && checker.isArrayType(type)) into.arrays.push(type)
    else into.objects.push(type)
    return into
  }

  const kindOf = (value: unknown): string =>
    value === null ? "null" : Array.isArray(value) ? "array" : typeof value

  /** Whether an object type is ruled out by a literal-typed property (`object`, `type`, …) the value contradicts. */
  const contradicts = (value: Record<string, unknown>, type: Type): boolean =>
    propertiesOf(type).some((p) => {
      const v = value[p.name]
      if (typeof v !== "string") return false
      const kinds = kindsOf(p.type)
      return !kinds.any && !kinds.string && kinds.strings.length > 0 && !kinds.strings.includes(v)
    })

  const checkValue = (value: unknown, type: Type, path: string, out: Array<Mismatch>, root: boolean): void => {
    const kinds = kindsOf(type)
    if (kinds.any) return
    const expected = () =>
      [kinds.null && "null", (kinds.string || kinds.otherString || kinds.strings.length > 0) && "string", kinds.number && "number", kinds.boolean && "boolean", kinds.arrays.length > 0 && "array", kinds.objects.length > 0 && "object"]
        .filter(Boolean).join(" | ")
    const wrongKind = (): void => void out.push({ path, problem: `is ${kindOf(value)}, Stripe has ${expected() || checker.typeToString(type)}` })
    if (value === null) {
      if (!kinds.null) wrongKind()
    } else if (typeof value === "string") {
      if (kinds.string) return
      if (kinds.strings.length === 0) {
        if (!kinds.otherString) wrongKind()
      } else if (!kinds.strings.includes(value)) out.push({ path, problem: `is "${value}", Stripe has ${kinds.strings.map((s) => `"${s}"`).join(" | ")}` })
    } else if (typeof value === "number") {
      if (!kinds.number) wrongKind()
    } else if (typeof value === "boolean") {
      if (!kinds.boolean) wrongKind()
    } else if (Array.isArray(value)) {
      const array = kinds.arrays[0]
      if (array === undefined) return wrongKind()
      const element = checker.getTypeArguments(array as never)[0]
      if (element !== undefined) value.forEach((v, i) => checkValue(v, element, `${path}[${i}]`, out, false))
    } else if (typeof value === "object") {
      if (kinds.objects.length === 0) return wrongKind()
      const record = value as Record<string, unknown>
      // A nested Stripe object (an expansion, an event's object) is checked by its own entry.
      if (!root && typeof record.object === "string" && record.object !== "list") return
      const candidates = kinds.objects.length === 1 ? kinds.objects : kinds.objects.filter((t) => !contradicts(record, t))
      const target = candidates[0]
      if (target === undefined) return void out.push({ path, problem: "matches none of Stripe's object types here" })
      checkObject(record, target, path, out)
    }
  }

  const checkObject = (value: Record<string, unknown>, type: Type, path: string, out: Array<Mismatch>): void => {
    const props = propertiesOf(type)
    const at = (name: string) => (path === "" ? name : `${path}.${name}`)
    for (const p of props) {
      if (!(p.name in value)) {
        if (!p.optional) out.push({ path: at(p.name), problem: "is missing" })
      } else checkValue(value[p.name], p.type, at(p.name), out, false)
    }
    const index = checker.getIndexInfosOfType(type).find((info) => (info.keyType.flags & TypeFlags.StringLike) !== 0)
    if (index === undefined) return
    const declared = new Set(props.map((p) => p.name))
    for (const [key, v] of Object.entries(value)) if (!declared.has(key)) checkValue(v, index.valueType, at(key), out, false)
  }

  const types = new Map<string, Type>()
  const typeOf = (ref: StripeTypeRef): Type => {
    const key = `${ref.file}#${ref.name}`
    let type = types.get(key)
    if (type === undefined) types.set(key, type = lookup(ref))
    return type
  }

  return {
    fields: (ref) => propertiesOf(typeOf(ref)).map(({ name, optional }) => ({ name, optional })),
    check: (value, ref) => {
      const out: Array<Mismatch> = []
      checkValue(value, typeOf(ref), "", out, true)
      return out
    },
    close: () => {
      api.close()
      rmSync(work, { recursive: true, force: true })
    }
  }
}
