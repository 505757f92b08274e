/**
 * `payment_intent_data`: what a session passes on to the payment intent it creates at payment time
 * (description, metadata, statement descriptors, receipt e-mail, and when the funds are captured).
 */
import { Schema } from "effect"
import { Metadata, Text } from "./Params.ts"

/**
 * When the funds are taken: at once (`automatic`, and `automatic_async`, which Stripe captures
 * asynchronously and Till like `automatic`), or once the merchant captures the authorization (`manual`).
 */
export const CaptureMethod = Schema.Literals(["automatic", "automatic_async", "manual"])
/** See {@link CaptureMethod}. */
export type CaptureMethod = typeof CaptureMethod.Type

/** Longest statement descriptor (and suffix), in characters, as Stripe allows. */
export const STATEMENT_DESCRIPTOR_MAX = 22
/** Shortest full statement descriptor. */
export const STATEMENT_DESCRIPTOR_MIN = 5

const FORBIDDEN = /[<>\\'"*]/
const LATIN = /^[\x20-\x7e]*$/
const LETTER = /[A-Za-z]/

/** Why a statement descriptor (or suffix) breaks Stripe's rules, or undefined. */
export const statementDescriptorProblem = (s: string, min: number): string | undefined =>
  s.length < min || s.length > STATEMENT_DESCRIPTOR_MAX
    ? `The statement descriptor must be between ${min} and ${STATEMENT_DESCRIPTOR_MAX} characters long.`
    : !LATIN.test(s)
    ? "The statement descriptor may only contain Latin characters."
    : FORBIDDEN.test(s)
    ? "The statement descriptor may not contain any of the special characters <, >, \\, ', \" or *."
    : !LETTER.test(s)
    ? "The statement descriptor must contain at least one letter."
    : undefined

/** A statement descriptor (or, with `min` 1, a suffix) within Stripe's rules. */
export const StatementDescriptor = (min: number) => Schema.String.pipe(Schema.check(Schema.makeFilter((s: string) => statementDescriptorProblem(s, min))))

/** The e-mail address a receipt goes to (the same check as `customer_email`). */
const ReceiptEmail = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => (s.length <= 512 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? undefined : "Expected an e-mail address")))
)

/** `payment_intent_data` as the merchant passes it on session create. */
export const PaymentIntentDataParams = Schema.Struct({
  description: Schema.optionalKey(Text(1, 1000)),
  metadata: Schema.optionalKey(Metadata),
  statement_descriptor: Schema.optionalKey(StatementDescriptor(STATEMENT_DESCRIPTOR_MIN)),
  statement_descriptor_suffix: Schema.optionalKey(StatementDescriptor(1)),
  receipt_email: Schema.optionalKey(ReceiptEmail),
  capture_method: Schema.optionalKey(CaptureMethod)
})
/** See {@link PaymentIntentDataParams}. */
export type PaymentIntentDataParams = typeof PaymentIntentDataParams.Type

/** What a session keeps of `payment_intent_data`, every field resolved (null where none was given). */
export const PaymentIntentData = Schema.Struct({
  description: Schema.NullOr(Schema.String),
  metadata: Schema.Record(Schema.String, Schema.String),
  statement_descriptor: Schema.NullOr(Schema.String),
  statement_descriptor_suffix: Schema.NullOr(Schema.String),
  receipt_email: Schema.NullOr(Schema.String),
  capture_method: CaptureMethod
})
/** See {@link PaymentIntentData}. */
export type PaymentIntentData = typeof PaymentIntentData.Type

/** A session's `payment_intent_data` when none was given (and that of sessions stored before it existed). */
export const DEFAULT_PAYMENT_INTENT_DATA: PaymentIntentData = {
  description: null,
  metadata: {},
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  receipt_email: null,
  capture_method: "automatic"
}

/** The stored form of the given parameters. */
export const fromParams = (params: PaymentIntentDataParams | undefined): PaymentIntentData => ({
  description: params?.description ?? null,
  metadata: params?.metadata ?? {},
  statement_descriptor: params?.statement_descriptor ?? null,
  statement_descriptor_suffix: params?.statement_descriptor_suffix ?? null,
  receipt_email: params?.receipt_email ?? null,
  capture_method: params?.capture_method ?? "automatic"
})

/** Whether the payment waits for the merchant to capture it. */
export const capturesManually = (data: PaymentIntentData): boolean => data.capture_method === "manual"
