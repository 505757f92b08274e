/**
 * What a payment brings of the customer (e-mail address, name, phone, billing and shipping address),
 * checked against what its session collects before any money moves: a required billing address, a
 * shipping address in an allowed country, a phone number when asked. The rules of each value are
 * AddressRules' and Contact's, the same the hosted page checks with; a mistake is a 400 naming the
 * parameter, never a 500.
 */
import { Result } from "effect"
import * as AddressRules from "./AddressRules.ts"
import type { CheckoutSession, ShippingDetails } from "./CheckoutSession.ts"
import * as Contact from "./Contact.ts"
import type { Address } from "./Customer.ts"
import { ValidationError } from "./Errors.ts"
import type { CollectedAddressParams, PaymentParams } from "./SessionParams.ts"

/** What the payment collected, ready to be stored on the session when it succeeds. */
export interface Collected {
  readonly name: string | null
  readonly email: string | null
  readonly phone: string | null
  readonly address: Address | null
  readonly shipping: ShippingDetails | null
}

/** Nothing collected (reconciliation, which has only the processor's word). */
export const NOTHING: Collected = { name: null, email: null, phone: null, address: null, shipping: null }

const fail = (param: string, message: string, code = "parameter_invalid") => Result.fail(new ValidationError({ code, message, param }))

const FIELD_NAMES: Readonly<Record<AddressRules.Field | "country", string>> = {
  line1: "address line 1",
  line2: "address line 2",
  city: "city",
  state: "state",
  postal_code: "postal code",
  country: "country"
}

/** An address checked by its country's rules, or the error naming its first bad field under `param`. */
export const checkAddress = (
  given: CollectedAddressParams,
  param: string,
  allowed: ReadonlyArray<string> | null = null
): Result.Result<Address, ValidationError> => {
  const format = AddressRules.formatOf(given.country ?? "")
  const problems = AddressRules.problemsOf(given, format)
  const order: ReadonlyArray<AddressRules.Field | "country"> = ["country", "line1", "line2", "city", "state", "postal_code"]
  for (const field of order) {
    const problem = problems[field]
    if (problem === undefined) continue
    const country = (given.country ?? "").toUpperCase()
    const what = FIELD_NAMES[field]
    const message = problem === "missing"
      ? `Missing required param: ${param}[${field}]${field === "country" ? "" : ` (the ${what} of an address in ${country})`}.`
      : problem === "too_long"
      ? `The ${what} is too long (at most ${AddressRules.MAX_LENGTH} characters).`
      : field === "postal_code"
      ? `Invalid postal code for ${country}: ${(given.postal_code ?? "").slice(0, 20)}${format.postal?.example ? ` (such as ${format.postal.example})` : ""}.`
      : field === "state"
      ? `Invalid state for ${country}: ${(given.state ?? "").slice(0, 40)} (expected its ISO 3166-2 code).`
      : field === "country"
      ? `Invalid country: ${(given.country ?? "").slice(0, 10)}.`
      : `An address in ${country} has no ${what}.`
    return fail(`${param}[${field}]`, message, problem === "missing" ? "parameter_missing" : "parameter_invalid")
  }
  const address = AddressRules.normalize(given, format)
  if (allowed !== null && !allowed.includes(address.country!)) {
    return fail(`${param}[country]`, `This Checkout Session does not ship to ${address.country} (allowed: ${allowed.join(", ")}).`)
  }
  return Result.succeed({
    city: address.city,
    country: address.country,
    line1: address.line1,
    line2: address.line2,
    postal_code: address.postal_code,
    state: address.state
  })
}

const blank = (s: string | undefined) => s === undefined || s.trim() === ""

/**
 * What a payment's parameters collect for its session, or the first mistake: what the session asks
 * must be there and well-formed, and what it does not ask (a shipping address, a phone number) is refused.
 */
export const collect = (session: CheckoutSession, params: PaymentParams): Result.Result<Collected, ValidationError> => {
  const given = params.billing_details ?? {}
  const card = params.payment_method_data
  const name = [given.name, card?.billing_details?.name, card?.card.name].find((n) => !blank(n))?.trim() ?? null
  const email = [given.email, card?.billing_details?.email].find((e) => !blank(e))?.trim() ?? null

  const { collection } = session
  let address: Address | null = null
  if (given.address !== undefined) {
    const checked = checkAddress(given.address, "billing_details[address]")
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
    address = checked.success
  } else if (collection.billing_address_collection === "required") {
    return fail("billing_details[address]", "Missing required param: billing_details[address] (this Checkout Session requires a billing address).", "parameter_missing")
  }
  if (collection.billing_address_collection === "required" && name === null) {
    return fail("billing_details[name]", "Missing required param: billing_details[name] (this Checkout Session requires a billing address).", "parameter_missing")
  }

  let phone: string | null = null
  if (!blank(given.phone)) {
    if (!collection.phone_number_collection.enabled) {
      return fail("billing_details[phone]", "This Checkout Session does not collect a phone number (`phone_number_collection[enabled]` is off).")
    }
    phone = Contact.normalizePhone(given.phone!, address?.country ?? session.country)
    if (phone === null || !Contact.isPhone(phone)) {
      return fail("billing_details[phone]", `Invalid phone number: ${given.phone!.slice(0, 40)} (expected one in international format, such as +56912345678).`)
    }
  } else if (collection.phone_number_collection.enabled) {
    return fail("billing_details[phone]", "Missing required param: billing_details[phone] (this Checkout Session collects a phone number).", "parameter_missing")
  }

  let shipping: ShippingDetails | null = null
  const allowed = collection.shipping_address_collection?.allowed_countries ?? null
  if (params.shipping_details !== undefined) {
    if (allowed === null) {
      return fail("shipping_details", "This Checkout Session does not collect a shipping address (`shipping_address_collection` is not set).")
    }
    const shipName = params.shipping_details.name?.trim() ?? ""
    if (shipName === "") return fail("shipping_details[name]", "Missing required param: shipping_details[name].", "parameter_missing")
    const checked = checkAddress(params.shipping_details.address, "shipping_details[address]", allowed)
    if (Result.isFailure(checked)) return Result.fail(checked.failure)
    shipping = { name: shipName, address: checked.success }
  } else if (allowed !== null) {
    return fail("shipping_details", "Missing required param: shipping_details (this Checkout Session collects a shipping address).", "parameter_missing")
  }

  return Result.succeed({ name, email, phone, address, shipping })
}
