/**
 * The rules a custom field's value must follow, shared by the payment use case (which refuses a
 * payment that breaks them) and the hosted page's script (which bundles this module to check the
 * fields as the customer fills them in). Plain functions with no imports, like Card.ts, so the page's
 * bundle carries these few lines and nothing of `effect`.
 */

/** The kinds of custom field (Stripe's `custom_fields[].type`). */
export type FieldType = "text" | "numeric" | "dropdown"

/** What a value is checked against: a field's type, whether it may be left empty, its bounds or its options. */
export interface FieldRule {
  readonly type: FieldType
  readonly optional: boolean
  readonly minimum_length: number | null
  readonly maximum_length: number | null
  /** The values a dropdown offers (empty for the other types). */
  readonly options: ReadonlyArray<string>
}

/** Why a value is refused. */
export type Problem = "missing" | "too_short" | "too_long" | "not_digits" | "not_an_option"

/** The longest value of a text field, and the most digits of a numeric one (Stripe's limits). */
export const MAX_LENGTH = 255

/** Whether a key or an option's value is what Stripe allows: letters and digits only. */
export const isAlphanumeric = (s: string): boolean => /^[A-Za-z0-9]+$/.test(s)

/** What is checked of a value: the customer's input without its surrounding spaces. */
export const normalize = (value: string): string => value.trim()

/** Why a (normalized) value breaks its field's rule, or null when it does not; "" is no value. */
export const problemOf = (rule: FieldRule, value: string): Problem | null => {
  if (value === "") return rule.optional ? null : "missing"
  if (rule.type === "dropdown") return rule.options.includes(value) ? null : "not_an_option"
  if (rule.type === "numeric" && !/^\d+$/.test(value)) return "not_digits"
  const length = [...value].length
  if (length < (rule.minimum_length ?? 1)) return "too_short"
  if (length > (rule.maximum_length ?? MAX_LENGTH)) return "too_long"
  return null
}
