/**
 * What a checkout collects besides the card: the address rules per country (AddressRules), the
 * e-mail and phone rules (Contact), the payment's collected details checked against the session
 * (CollectedDetails), the create parameters, and where the state machine keeps what was collected.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as AddressRules from "../src/AddressRules.ts"
import { collect } from "../src/CollectedDetails.ts"
import * as Contact from "../src/Contact.ts"
import * as Country from "../src/Country.ts"
import { PaymentParams } from "../src/SessionParams.ts"
import { basicParams, cmd, ok, openSession, params } from "./fixtures.ts"

const problems = (address: AddressRules.Typed) => AddressRules.problemsOf(address, AddressRules.formatOf(address.country ?? ""))
const full = { line1: "Calle 1", city: "Ciudad" }

describe("address rules per country", () => {
  it("has its own format for US, CL, MX, BR, AR, CO, PE, ES and PT, and a lenient one for the rest", () => {
    for (const c of ["US", "CL", "MX", "BR", "AR", "CO", "PE", "ES", "PT"]) assert.notStrictEqual(AddressRules.formatOf(c), AddressRules.GENERIC, c)
    assert.strictEqual(AddressRules.formatOf("fr"), AddressRules.GENERIC)
    assert.deepStrictEqual(problems({ country: "FR", line1: "1 rue de Rivoli" }), {})
    assert.deepStrictEqual(problems({ country: "FR" }), { line1: "missing" })
  })

  it("names the fields as the country does, and lists states where it has them (ISO 3166-2 codes, no duplicates)", () => {
    assert.deepStrictEqual(AddressRules.FORMATS.CL!.labels, { city: "comuna", state: "region", postal_code: "postal_code" })
    assert.strictEqual(AddressRules.FORMATS.AR!.labels.state, "province")
    assert.strictEqual(AddressRules.FORMATS.CO!.labels.state, "department")
    assert.strictEqual(AddressRules.FORMATS.PE!.labels.city, "district")
    assert.strictEqual(AddressRules.FORMATS.BR!.labels.postal_code, "cep")
    assert.strictEqual(AddressRules.FORMATS.US!.labels.postal_code, "zip")
    const sizes = { US: 59, CL: 16, MX: 32, BR: 27, AR: 24, CO: 33, PE: 26, ES: 52 }
    for (const [c, n] of Object.entries(sizes)) {
      const states = AddressRules.FORMATS[c]!.states!
      assert.strictEqual(states.length, n, c)
      assert.strictEqual(new Set(states.map(([code]) => code)).size, n, `${c} has a duplicate code`)
      for (const [code, name] of states) assert.match(code, /^[A-Z]{1,3}$/, `${c}: ${code} ${name}`)
    }
    // Portugal writes no district: its addresses have no state line at all
    assert.isUndefined(AddressRules.FORMATS.PT!.states)
    assert.notInclude(AddressRules.FORMATS.PT!.fields, "state")
    assert.deepStrictEqual(problems({ country: "PT", line1: "Rua Augusta 1", city: "Lisboa", postal_code: "1100-148", state: "Lisboa" }), { state: "invalid" })
  })

  it("requires the postal code where the country does, and checks its shape", () => {
    // required
    for (const c of ["US", "MX", "BR", "ES", "PT"]) assert.strictEqual(problems({ country: c, ...full, state: AddressRules.FORMATS[c]!.states?.[0]![0] }).postal_code, "missing", c)
    // optional
    for (const c of ["CL", "AR", "CO", "PE"]) assert.isUndefined(problems({ country: c, ...full, state: AddressRules.FORMATS[c]!.states![0]![0] }).postal_code, c)
    const postal = (country: string, postal_code: string) => problems({ country, postal_code }).postal_code
    for (const [c, good, bad] of [
      ["US", "94103", "9410"], ["US", "94103-1234", "94103-12"], ["CL", "8320000", "832000"], ["MX", "06600", "6600"],
      ["BR", "01310-100", "0131-0100"], ["BR", "01310100", "0131010"], ["AR", "C1425DKE", "I1425DKE"], ["AR", "1425", "142"],
      ["CO", "110111", "11011"], ["PE", "15074", "1507"], ["ES", "28013", "53013"], ["PT", "1100-148", "11001-48"], ["PT", "1100148", "110014"]
    ] as const) {
      assert.isUndefined(postal(c, good), `${c} ${good}`)
      assert.strictEqual(postal(c, bad), "invalid", `${c} ${bad}`)
    }
  })

  it("checks a listed state against the country's codes, and the country itself", () => {
    assert.isUndefined(problems({ country: "CL", state: "RM" }).state)
    assert.isUndefined(problems({ country: "CL", state: "rm" }).state)
    assert.strictEqual(problems({ country: "CL", state: "Santiago" }).state, "invalid")
    assert.strictEqual(problems({ country: "MX", state: "XX" }).state, "invalid")
    assert.deepStrictEqual(problems({ country: "QQ" }), { country: "invalid" })
    assert.deepStrictEqual(problems({}), { country: "missing" })
  })

  it("normalizes what it stores: trimmed, upper-case codes, postal codes in the country's form, empty parts null", () => {
    const us = { country: "us", line1: " 1 Main St ", line2: " ", city: "Springfield", state: "il", postal_code: "627011234" }
    assert.deepStrictEqual(AddressRules.normalize(us, AddressRules.formatOf("US")), {
      line1: "1 Main St", line2: null, city: "Springfield", state: "IL", postal_code: "62701-1234", country: "US"
    })
    assert.strictEqual(AddressRules.normalize({ country: "BR", postal_code: "01310100" }, AddressRules.formatOf("BR")).postal_code, "01310-100")
    assert.strictEqual(AddressRules.normalize({ country: "ar", postal_code: "c1425dke" }, AddressRules.formatOf("AR")).postal_code, "C1425DKE")
  })

  it("shares its list of country codes with Country", () => {
    assert.strictEqual(AddressRules.COUNTRY_CODES.length, 249)
    for (const code of AddressRules.COUNTRY_CODES) assert.isTrue(Country.isCountry(code))
    assert.isFalse(Country.isCountry("ZZ"))
  })
})

describe("e-mail and phone rules", () => {
  it("takes an e-mail address with a domain, and nothing longer than 512 characters", () => {
    assert.isTrue(Contact.isEmail("ada@example.com"))
    for (const bad of ["ada", "ada@example", "ada @example.com", `${"a".repeat(510)}@x.co`]) assert.isFalse(Contact.isEmail(bad), bad)
  })

  it("reads a national number by the country's calling code, and keeps international ones as typed", () => {
    assert.strictEqual(Contact.normalizePhone("9 6123 4567", "CL"), "+56961234567")
    assert.strictEqual(Contact.normalizePhone("(201) 555-0123", "US"), "+12015550123")
    assert.strictEqual(Contact.normalizePhone("011 2345-6789", "AR"), "+541123456789")
    assert.strictEqual(Contact.normalizePhone("+55 (11) 91234-5678", null), "+5511912345678")
    assert.strictEqual(Contact.normalizePhone("0056 9 6123 4567", null), "+56961234567")
    assert.strictEqual(Contact.normalizePhone("+52 1 55 1234 5678", null), "+525512345678")
    assert.isNull(Contact.normalizePhone("612 34 56 78", null))
    assert.isNull(Contact.normalizePhone("612 34 56 78", "FR"))
    assert.isNull(Contact.normalizePhone("call me", "US"))
  })

  it("checks the national number where it knows the country, E.164's shape elsewhere", () => {
    for (const good of ["+12015550123", "+56961234567", "+56221234567", "+525512345678", "+5511912345678", "+551132345678", "+5491123456789",
      "+541123456789", "+573211234567", "+576012345678", "+51912345678", "+5114123456", "+34612345678", "+351912345678", "+33612345678"]) {
      assert.isTrue(Contact.isPhone(good), good)
    }
    for (const bad of ["+10015550123", "+1201555012", "+5696123456", "+551191234567", "+3451234567", "+35191234567", "+0123456789", "+1234", "12015550123"]) {
      assert.isFalse(Contact.isPhone(bad), bad)
    }
  })
})

const decodePayment = Schema.decodeUnknownSync(PaymentParams)
const card = { payment_method: "pm_card_visa" }
const collectedBy = (session: unknown, payment: unknown) => collect(openSession(session).session, decodePayment({ ...card, ...(payment as object) }))
const failure = (r: ReturnType<typeof collectedBy>) => {
  assert.isTrue(Result.isFailure(r))
  const e = (r as Result.Failure<never, any>).failure
  return { code: e.code, param: e.param, message: e.message as string }
}

describe("what a payment collects, against its session", () => {
  const required = { ...basicParams, billing_address_collection: "required" }
  const cl = { line1: "Av. Providencia 1234", city: "Providencia", state: "RM", country: "CL" }

  it("asks nothing of a session that collects nothing, and keeps an e-mail address given", () => {
    const r = collectedBy(basicParams, { billing_details: { email: "ada@example.com" } })
    assert.deepStrictEqual(r, Result.succeed({ name: null, email: "ada@example.com", phone: null, address: null, shipping: null }))
  })

  it("requires a billing address and a name with billing_address_collection=required, each field by its country's rules", () => {
    assert.deepStrictEqual(failure(collectedBy(required, {})), {
      code: "parameter_missing", param: "billing_details[address]",
      message: "Missing required param: billing_details[address] (this Checkout Session requires a billing address)."
    })
    assert.strictEqual(failure(collectedBy(required, { billing_details: { address: cl } })).param, "billing_details[name]")
    assert.deepStrictEqual(failure(collectedBy(required, { billing_details: { name: "G", address: { ...cl, state: "" } } })), {
      code: "parameter_missing", param: "billing_details[address][state]",
      message: "Missing required param: billing_details[address][state] (the state of an address in CL)."
    })
    const zip = failure(collectedBy(required, { billing_details: { name: "A", address: { line1: "1 Main", city: "X", state: "IL", postal_code: "6270", country: "US" } } }))
    assert.strictEqual(zip.param, "billing_details[address][postal_code]")
    assert.strictEqual(zip.message, "Invalid postal code for US: 6270 (such as 94103).")
    const ok = collectedBy(required, { billing_details: { name: "Gabriela", address: { ...cl, country: "cl", state: "rm" } } })
    assert.deepStrictEqual(ok, Result.succeed({
      name: "Gabriela", email: null, phone: null, shipping: null,
      address: { city: "Providencia", country: "CL", line1: "Av. Providencia 1234", line2: null, postal_code: null, state: "RM" }
    }))
  })

  it("takes the name on the card as the billing name", () => {
    const r = collect(openSession(required).session, decodePayment({
      payment_method_data: { type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, name: "Ada" } },
      billing_details: { address: cl }
    }))
    assert.strictEqual(Result.isSuccess(r) && r.success.name, "Ada")
  })

  it("requires a phone number with phone_number_collection, read in the billing country, and refuses one the session does not ask", () => {
    const phone = { ...basicParams, phone_number_collection: { enabled: true }, country: "CL" }
    assert.strictEqual(failure(collectedBy(phone, {})).param, "billing_details[phone]")
    assert.strictEqual(failure(collectedBy(phone, { billing_details: { phone: "123" } })).param, "billing_details[phone]")
    const r = collectedBy(phone, { billing_details: { phone: "9 6123 4567" } })
    assert.strictEqual(Result.isSuccess(r) && r.success.phone, "+56961234567")
    assert.deepStrictEqual(failure(collectedBy(basicParams, { billing_details: { phone: "+56961234567" } })).param, "billing_details[phone]")
  })

  it("requires a shipping address in an allowed country with shipping_address_collection, and refuses one the session does not ask", () => {
    const ship = { ...basicParams, shipping_address_collection: { allowed_countries: ["CL", "PE"] } }
    assert.strictEqual(failure(collectedBy(ship, {})).param, "shipping_details")
    assert.strictEqual(failure(collectedBy(ship, { shipping_details: { address: cl } })).param, "shipping_details[name]")
    const us = { line1: "1 Main", city: "X", state: "IL", postal_code: "62701", country: "US" }
    assert.deepStrictEqual(failure(collectedBy(ship, { shipping_details: { name: "A", address: us } })), {
      code: "parameter_invalid", param: "shipping_details[address][country]", message: "This Checkout Session does not ship to US (allowed: CL, PE)."
    })
    const pe = { line1: "Av. Larco 101", city: "Miraflores", state: "LMA", postal_code: "15074", country: "PE" }
    const r = collectedBy(ship, { shipping_details: { name: "César Vallejo", address: pe } })
    assert.deepStrictEqual(Result.isSuccess(r) && r.success.shipping, { name: "César Vallejo", address: { ...pe, line2: null } })
    assert.strictEqual(failure(collectedBy(basicParams, { shipping_details: { name: "A", address: pe } })).param, "shipping_details")
  })
})

describe("sessions keep what they collect", () => {
  it("stores the collection parameters (countries once each), Stripe's defaults when not given", () => {
    const plain = openSession().session
    assert.deepStrictEqual(plain.collection, { billing_address_collection: null, shipping_address_collection: null, phone_number_collection: { enabled: false } })
    const s = openSession({
      ...basicParams,
      billing_address_collection: "auto",
      shipping_address_collection: { allowed_countries: ["cl", "US", "CL"] },
      phone_number_collection: { enabled: "true" }
    }).session
    assert.deepStrictEqual(s.collection, {
      billing_address_collection: "auto",
      shipping_address_collection: { allowed_countries: ["CL", "US"] },
      phone_number_collection: { enabled: true }
    })
  })

  it("refuses bad collection parameters by name", () => {
    for (const bad of [
      { billing_address_collection: "always" },
      { shipping_address_collection: { allowed_countries: [] } },
      { shipping_address_collection: { allowed_countries: ["XX"] } },
      { shipping_address_collection: { allowed_countries: ["IR"] } },
      { phone_number_collection: { enabled: "maybe" } }
    ]) assert.throws(() => params({ ...basicParams, ...bad }), undefined, undefined, JSON.stringify(bad))
  })

  it("records the phone, billing and shipping address of a completed payment, keeping an e-mail address the session had", () => {
    const open = openSession({ ...basicParams, customer_email: "ada@example.com", customer_creation: "always" })
    const address = { city: "Lisboa", country: "PT", line1: "Rua Augusta 1", line2: null, postal_code: "1100-148", state: null }
    const started = ok(open, cmd.start()).state
    const done = ok(started, {
      ...cmd.succeed(),
      customer_name: "Fernando Pessoa",
      customer_email: "other@example.com",
      customer_phone: "+351912345678",
      customer_address: address,
      shipping_details: { name: "Fernando Pessoa", address }
    } as never)
    assert.deepStrictEqual(done.state.session.customer_details, { email: "ada@example.com", name: "Fernando Pessoa", phone: "+351912345678", address })
    assert.deepStrictEqual(done.state.session.shipping_details, { name: "Fernando Pessoa", address })
    assert.strictEqual(done.new_customer?.phone, "+351912345678")
    assert.deepStrictEqual(done.new_customer?.address, address)
    assert.deepStrictEqual(done.new_customer?.shipping, { name: "Fernando Pessoa", address, phone: "+351912345678" })
  })
})
