/**
 * Decoding untrusted parameters into domain types, reporting the first bad parameter in bracket form.
 */
import { Effect, Result, Schema, SchemaIssue } from "effect"
import { ValidationError } from "./Errors.ts"

/** `["line_items", 0, "quantity"]` → `line_items[0][quantity]`. */
export const bracketPath = (path: ReadonlyArray<PropertyKey>): string | null =>
  path.length === 0 ? null : path.map((k, i) => (i === 0 ? String(k) : `[${String(k)}]`)).join("")

const formatLeaf = SchemaIssue.makeFormatterDefault()

interface Leaf {
  readonly path: ReadonlyArray<PropertyKey>
  readonly issue: SchemaIssue.Issue
}

/** The first concrete problem in an issue tree, with the path that leads to it. */
const firstLeaf = (issue: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey> = []): Leaf => {
  switch (issue._tag) {
    case "Pointer":
      return firstLeaf(issue.issue, [...path, ...issue.path])
    case "Composite":
      return firstLeaf(issue.issues[0], path)
    case "Encoding":
      return firstLeaf(issue.issue, path)
    case "AnyOf": {
      // In a union, the member whose type matched knows the precise problem; the others only say "wrong type".
      const matched = issue.issues.find((i) => i._tag !== "InvalidType")
      return matched === undefined ? { path, issue } : firstLeaf(matched, path)
    }
    default:
      return { path, issue }
  }
}

/** The annotation by which an issue names its own error code (see {@link unsupported}). */
const CODE = "till/code"

/** The error code of a real Stripe parameter whose feature Till does not have (never `parameter_unknown`). */
export const UNSUPPORTED = "parameter_unsupported"

/** The issue of a parameter Stripe has and Till does not support (yet): `message` names the feature and the parameter. */
export const unsupported = (message: string): SchemaIssue.Issue => new SchemaIssue.InvalidValue({ message, [CODE]: UNSUPPORTED })

/** The Stripe error code for a kind of issue. */
const codeOf = (issue: SchemaIssue.Issue): string => {
  switch (issue._tag) {
    case "MissingKey":
      return "parameter_missing"
    case "UnexpectedKey":
      return "parameter_unknown"
    case "InvalidValue":
      return issue.annotations?.[CODE] === UNSUPPORTED ? UNSUPPORTED : "parameter_invalid"
    case "Filter":
      return codeOf(issue.issue) === UNSUPPORTED ? UNSUPPORTED : "parameter_invalid"
    default:
      return "parameter_invalid"
  }
}

/** Turns a decoding failure into the ValidationError a client sees. */
export const fromIssue = (issue: SchemaIssue.Issue): ValidationError => {
  const leaf = firstLeaf(issue)
  const param = bracketPath(leaf.path)
  const code = codeOf(leaf.issue)
  const message = code === "parameter_missing"
    ? `Missing required param: ${param}.`
    : code === "parameter_unknown"
    ? `Received unknown parameter: ${param}`
    : code === UNSUPPORTED
    ? formatLeaf(leaf.issue)
    : `Invalid ${param ?? "request"}: ${formatLeaf(leaf.issue)}`
  return new ValidationError({ code, message, param })
}

const options = { errors: "first", onExcessProperty: "error" } as const

/** Decodes untrusted input strictly (unknown keys rejected) into `S["Type"]` or a ValidationError. */
export const decode = <S extends Schema.Decoder<unknown>>(schema: S) => {
  const run = Schema.decodeUnknownResult(schema)
  return (input: unknown): Effect.Effect<S["Type"], ValidationError> => {
    const result = run(input, options)
    return Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(fromIssue(result.failure.issue))
  }
}
