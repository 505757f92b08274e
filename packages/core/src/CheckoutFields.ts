/**
 * What a session asks of the customer besides payment, and what it says to them, in Stripe's shapes:
 * custom fields (`custom_fields`, up to three text, numeric or dropdown fields), custom text
 * (`custom_text`), consent (`consent_collection`, recorded in `consent`) and the submit button's kind
 * (`submit_type`). The parameters are checked here; the values the customer gives are checked at
 * payment (see {@link collect}) with the rules the hosted page checks them with (CustomFieldRules.ts).
 */
import { Result, Schema } from "effect"
import * as Rules from "./CustomFieldRules.ts"
import { ValidationError } from "./Errors.ts"
import { Bool, Integer, Text } from "./Params.ts"
import { unsupported } from "./Validation.ts"

// ---------------------------------------------------------------------------------------------
// The session's fields
// ---------------------------------------------------------------------------------------------

/** A text or numeric field's settings, and the customer's value once given. */
export const TextFieldState = Schema.Struct({
  default_value: Schema.NullOr(Schema.String),
  maximum_length: Schema.NullOr(Schema.Int),
  minimum_length: Schema.NullOr(Schema.Int),
  value: Schema.NullOr(Schema.String)
})
/** See {@link TextFieldState}. */
export type TextFieldState = typeof TextFieldState.Type

/** One option of a dropdown: what the customer reads, and what the integration gets. */
export const DropdownOption = Schema.Struct({ label: Schema.String, value: Schema.String })

/** A dropdown's options and default, and the value the customer chose. */
export const DropdownState = Schema.Struct({
  default_value: Schema.NullOr(Schema.String),
  options: Schema.Array(DropdownOption),
  value: Schema.NullOr(Schema.String)
})
/** See {@link DropdownState}. */
export type DropdownState = typeof DropdownState.Type

/** A custom field (Stripe's `custom_fields[]`): the settings of its type under `text`, `numeric` or `dropdown`. */
export const CustomField = Schema.Struct({
  key: Schema.String,
  label: Schema.Struct({ type: Schema.Literal("custom"), custom: Schema.NullOr(Schema.String) }),
  optional: Schema.Boolean,
  type: Schema.Literals(["dropdown", "numeric", "text"]),
  text: Schema.optionalKey(TextFieldState),
  numeric: Schema.optionalKey(TextFieldState),
  dropdown: Schema.optionalKey(DropdownState)
})
/** See {@link CustomField}. */
export type CustomField = typeof CustomField.Type

const Message = Schema.NullOr(Schema.Struct({ message: Schema.String }))

/** The texts the page shows besides its own (Stripe's `custom_text`); each null when not set. */
export const CustomText = Schema.Struct({
  after_submit: Message,
  shipping_address: Message,
  submit: Message,
  terms_of_service_acceptance: Message
})
/** See {@link CustomText}. */
export type CustomText = typeof CustomText.Type

/** No custom text. */
export const NO_CUSTOM_TEXT: CustomText = { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null }

/** What the session asks the customer to consent to (Stripe's `consent_collection`). */
export const ConsentCollection = Schema.Struct({
  payment_method_reuse_agreement: Schema.NullOr(Schema.Struct({ position: Schema.Literals(["auto", "hidden"]) })),
  promotions: Schema.NullOr(Schema.Literals(["auto", "none"])),
  terms_of_service: Schema.NullOr(Schema.Literals(["none", "required"]))
})
/** See {@link ConsentCollection}. */
export type ConsentCollection = typeof ConsentCollection.Type

/** What the customer consented to (Stripe's `consent`). */
export const Consent = Schema.Struct({
  promotions: Schema.NullOr(Schema.Literals(["opt_in", "opt_out"])),
  terms_of_service: Schema.NullOr(Schema.Literal("accepted"))
})
/** See {@link Consent}. */
export type Consent = typeof Consent.Type

/** The kind of transaction, which names the page's button: `pay` (also for `auto`), `book` or `donate`. */
export const SubmitType = Schema.Literals(["auto", "book", "donate", "pay"])
/** See {@link SubmitType}. */
export type SubmitType = typeof SubmitType.Type

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** Most custom fields on one session, dropdown options on one field, and characters of a custom text (Stripe's limits). */
export const LIMITS = { fields: 3, options: 200, text: 1200 } as const

const alphanumeric = (what: string) =>
  Schema.makeFilter((s: string) => Rules.isAlphanumeric(s) ? undefined : `Expected ${what} of letters and digits only`)

const LengthParams = Schema.Struct({
  default_value: Schema.optionalKey(Text(1, Rules.MAX_LENGTH)),
  maximum_length: Schema.optionalKey(Integer(1, Rules.MAX_LENGTH)),
  minimum_length: Schema.optionalKey(Integer(1, Rules.MAX_LENGTH))
})

/** One of `custom_fields[]` as the merchant passes it. */
export const CustomFieldParams = Schema.Struct({
  key: Text(1, 200).pipe(Schema.check(alphanumeric("a key"))),
  label: Schema.Struct({ type: Schema.Literal("custom"), custom: Text(1, 100) }),
  type: Schema.Literals(["dropdown", "numeric", "text"]),
  optional: Schema.optionalKey(Bool),
  text: Schema.optionalKey(LengthParams),
  numeric: Schema.optionalKey(LengthParams),
  dropdown: Schema.optionalKey(Schema.Struct({
    default_value: Schema.optionalKey(Text(1, 100)),
    options: Schema.Array(Schema.Struct({ label: Text(1, 100), value: Text(1, 100).pipe(Schema.check(alphanumeric("a value"))) })).pipe(
      Schema.check(Schema.makeFilter((a: ReadonlyArray<unknown>) =>
        a.length === 0 ? "Expected at least one option" : a.length > LIMITS.options ? `Expected at most ${LIMITS.options} options, got ${a.length}` : undefined
      ))
    )
  }))
})
/** See {@link CustomFieldParams}. */
export type CustomFieldParams = typeof CustomFieldParams.Type

/** `custom_fields`: up to three, or `""` (an empty list in a form body). */
export const CustomFieldsParams = Schema.Union([
  Schema.Array(CustomFieldParams).pipe(Schema.check(Schema.isMaxLength(LIMITS.fields))),
  Schema.Literal("")
])

/** A `custom_text` entry: a message of up to 1200 characters, or `""` for none. */
const MessageParams = Schema.Union([Schema.Struct({ message: Text(1, LIMITS.text) }), Schema.Literal("")])

/** `custom_text` as the merchant passes it. */
export const CustomTextParams = Schema.Struct({
  after_submit: Schema.optionalKey(MessageParams),
  shipping_address: Schema.optionalKey(MessageParams),
  submit: Schema.optionalKey(MessageParams),
  terms_of_service_acceptance: Schema.optionalKey(MessageParams)
})
/** See {@link CustomTextParams}. */
export type CustomTextParams = typeof CustomTextParams.Type

/** `consent_collection` as the merchant passes it; promotional consent (`promotions=auto`) is not supported. */
export const ConsentCollectionParams = Schema.Struct({
  payment_method_reuse_agreement: Schema.optionalKey(Schema.Struct({ position: Schema.Literals(["auto", "hidden"]) })),
  promotions: Schema.optionalKey(Schema.Literals(["auto", "none"]).pipe(Schema.check(Schema.makeFilter((v: string) =>
    v === "auto"
      ? unsupported("Till does not collect consent to promotional e-mails (`consent_collection[promotions]=auto`); it accepts only `none`.")
      : undefined
  )))),
  terms_of_service: Schema.optionalKey(Schema.Literals(["none", "required"]))
})
/** See {@link ConsentCollectionParams}. */
export type ConsentCollectionParams = typeof ConsentCollectionParams.Type

/** `submit_type`; `subscribe` needs subscriptions, which Till does not have. */
export const SubmitTypeParams = Schema.Literals(["auto", "book", "donate", "pay", "subscribe"]).pipe(Schema.check(Schema.makeFilter((v: string) =>
  v === "subscribe" ? unsupported("Till has no subscriptions, so it does not support `submit_type=subscribe`.") : undefined
)))

/** What the customer gives at payment: the custom fields' values by key, and consent (`consent[terms_of_service]=accepted`). */
export const CollectedParams = {
  custom_fields: Schema.optionalKey(Schema.Record(Schema.String, Schema.String.pipe(Schema.check(Schema.isMaxLength(1000))))),
  consent: Schema.optionalKey(Schema.Struct({
    terms_of_service: Schema.optionalKey(Schema.Literal("accepted")),
    promotions: Schema.optionalKey(Schema.Literals(["opt_in", "opt_out"]))
  }))
}

/** What a payment carries of {@link CollectedParams}. */
export interface Collected {
  readonly custom_fields?: Readonly<Record<string, string>>
  readonly consent?: { readonly terms_of_service?: "accepted"; readonly promotions?: "opt_in" | "opt_out" }
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

const invalid = (param: string, message: string, code = "parameter_invalid") => Result.fail(new ValidationError({ code, message, param }))

/** A session's custom fields from the parameters, or the first one that is wrong. */
export const customFieldsOf = (given: ReadonlyArray<CustomFieldParams> | "" | undefined): Result.Result<ReadonlyArray<CustomField>, ValidationError> => {
  const fields: Array<CustomField> = []
  for (const [i, p] of (given === undefined || given === "" ? [] : given).entries()) {
    const at = `custom_fields[${i}]`
    if (fields.some((f) => f.key === p.key)) return invalid(`${at}[key]`, `The key \`${p.key}\` is used by another custom field; each needs its own.`)
    for (const other of ["text", "numeric", "dropdown"] as const) {
      if (other !== p.type && p[other] !== undefined) return invalid(`${at}[${other}]`, `\`${other}\` only goes with \`type=${other}\`; this field is \`${p.type}\`.`)
    }
    const base = { key: p.key, label: { type: "custom" as const, custom: p.label.custom }, optional: p.optional ?? false, type: p.type }
    if (p.type === "dropdown") {
      if (p.dropdown === undefined) return invalid(`${at}[dropdown]`, `Missing required param: ${at}[dropdown].`, "parameter_missing")
      const values = p.dropdown.options.map((o) => o.value)
      const twice = values.findIndex((v, j) => values.indexOf(v) !== j)
      if (twice >= 0) return invalid(`${at}[dropdown][options][${twice}][value]`, `The value \`${values[twice]}\` is used by another option; each needs its own.`)
      const fallback = p.dropdown.default_value ?? null
      if (fallback !== null && !values.includes(fallback)) {
        return invalid(`${at}[dropdown][default_value]`, `The default value \`${fallback}\` is not the value of one of the options.`)
      }
      fields.push({ ...base, dropdown: { default_value: fallback, options: p.dropdown.options.map((o) => ({ label: o.label, value: o.value })), value: null } })
      continue
    }
    const settings = p[p.type] ?? {}
    const min = settings.minimum_length ?? null
    const max = settings.maximum_length ?? null
    if (min !== null && max !== null && min > max) return invalid(`${at}[${p.type}][minimum_length]`, "`minimum_length` must not be greater than `maximum_length`.")
    const fallback = settings.default_value ?? null
    if (fallback !== null) {
      const problem = Rules.problemOf({ type: p.type, optional: true, minimum_length: min, maximum_length: max, options: [] }, fallback)
      if (problem !== null) return invalid(`${at}[${p.type}][default_value]`, `The default value breaks the field's own rule: ${problemText(problem, p.label.custom, { min, max })}`)
    }
    fields.push({ ...base, [p.type]: { default_value: fallback, maximum_length: max, minimum_length: min, value: null } })
  }
  return Result.succeed(fields)
}

/** A session's custom text from the parameters (`""` is none). */
export const customTextOf = (given: CustomTextParams | undefined): CustomText => {
  const message = (m: { readonly message: string } | "" | undefined) => m === undefined || m === "" ? null : { message: m.message }
  return {
    after_submit: message(given?.after_submit),
    shipping_address: message(given?.shipping_address),
    submit: message(given?.submit),
    terms_of_service_acceptance: message(given?.terms_of_service_acceptance)
  }
}

/** A session's consent collection from the parameters (null when none was given). */
export const consentCollectionOf = (given: ConsentCollectionParams | undefined): ConsentCollection | null =>
  given === undefined
    ? null
    : {
      payment_method_reuse_agreement: given.payment_method_reuse_agreement ?? null,
      promotions: given.promotions ?? null,
      terms_of_service: given.terms_of_service ?? null
    }

/** Whether the customer must accept the terms of service to pay. */
export const requiresTerms = (collection: ConsentCollection | null): boolean => collection?.terms_of_service === "required"

/** The rule a field's value is checked against. */
export const ruleOf = (field: CustomField): Rules.FieldRule => {
  const settings = field.text ?? field.numeric
  return {
    type: field.type,
    optional: field.optional,
    minimum_length: settings?.minimum_length ?? null,
    maximum_length: settings?.maximum_length ?? null,
    options: field.dropdown?.options.map((o) => o.value) ?? []
  }
}

/** What a problem means, in a sentence naming the field. */
const problemText = (problem: Rules.Problem, label: string | null, bounds: { readonly min: number | null; readonly max: number | null }): string => {
  const name = label === null ? "This field" : `“${label}”`
  switch (problem) {
    case "missing":
      return `${name} is required.`
    case "too_short":
      return `${name} must be at least ${bounds.min ?? 1} characters long.`
    case "too_long":
      return `${name} must be at most ${bounds.max ?? Rules.MAX_LENGTH} characters long.`
    case "not_digits":
      return `${name} must contain only digits.`
    case "not_an_option":
      return `${name} must be one of its options.`
  }
}

/** The value a field takes from a payment: the given one, normalized; the field's default when none was given. */
const valueOf = (field: CustomField, given: Readonly<Record<string, string>>): string =>
  Object.hasOwn(given, field.key)
    ? Rules.normalize(given[field.key]!)
    : (field.text ?? field.numeric ?? field.dropdown)?.default_value ?? ""

/**
 * The custom fields with the customer's values and the consent they gave, as a payment carries them,
 * or the first field (`custom_fields[<key>]`) or consent (`consent[terms_of_service]`) that stops it.
 * A field the payment does not mention keeps its default value, as the page shows it pre-filled.
 */
export const collect = (
  session: { readonly custom_fields: ReadonlyArray<CustomField>; readonly consent_collection: ConsentCollection | null; readonly consent: Consent | null },
  collected: Collected
): Result.Result<{ readonly custom_fields: ReadonlyArray<CustomField>; readonly consent: Consent | null }, ValidationError> => {
  const given = collected.custom_fields ?? {}
  const unknown = Object.keys(given).find((key) => !session.custom_fields.some((f) => f.key === key))
  if (unknown !== undefined) return invalid(`custom_fields[${unknown.slice(0, 200)}]`, `This Checkout Session has no custom field \`${unknown.slice(0, 200)}\`.`)
  const fields: Array<CustomField> = []
  for (const field of session.custom_fields) {
    const value = valueOf(field, given)
    const rule = ruleOf(field)
    const problem = Rules.problemOf(rule, value)
    if (problem !== null) {
      return invalid(`custom_fields[${field.key}]`, problemText(problem, field.label.custom, { min: rule.minimum_length, max: rule.maximum_length }), problem === "missing" ? "parameter_missing" : "parameter_invalid")
    }
    const stored = value === "" ? null : value
    fields.push(
      field.dropdown !== undefined
        ? { ...field, dropdown: { ...field.dropdown, value: stored } }
        : field.text !== undefined
        ? { ...field, text: { ...field.text, value: stored } }
        : { ...field, numeric: { ...field.numeric!, value: stored } }
    )
  }
  if (!requiresTerms(session.consent_collection)) return Result.succeed({ custom_fields: fields, consent: session.consent })
  if (collected.consent?.terms_of_service !== "accepted") {
    return invalid(
      "consent[terms_of_service]",
      "The customer must accept the terms of service to pay this Checkout Session (`consent[terms_of_service]=accepted`).",
      "parameter_missing"
    )
  }
  return Result.succeed({ custom_fields: fields, consent: { promotions: null, terms_of_service: "accepted" } })
}
