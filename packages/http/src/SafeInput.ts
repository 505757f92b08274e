/**
 * The one rule a request's input passes at the parsing edge, before any of it reaches a use case or
 * storage (SPEC section 5). Text holds no NUL byte (PostgreSQL refuses it in `text`) and no lone
 * surrogate (UTF-8 cannot encode one, so it would be stored altered or refused); no parameter is
 * named `__proto__`, `constructor` or `prototype`, at any depth. A parameter that breaks the rule is
 * a 400 naming it. A path id that breaks it names nothing that can exist (ids are ASCII), so it is
 * read with those characters replaced and found missing like any other unknown id.
 */
import { Validation, ValidationError } from "@till/core"

/** NUL, or a UTF-16 surrogate outside a pair: with the `u` flag a pair is one code point, so only lone ones match. */
const UNSAFE_CHARACTER = /[\0\p{Cs}]/u
const UNSAFE_CHARACTERS = /[\0\p{Cs}]/gu

/** Names that reach an object's prototype chain; `qs` drops `__proto__` silently, JSON keeps it as a key. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

/**
 * What percent-decoding yields for escapes that are not UTF-8 (`%ED%A0%80` is a UTF-8-encoded
 * surrogate, `%FF` no character at all): a lone surrogate in front of the text as sent, so the rule
 * refuses the parameter by name instead of the value passing on undecoded.
 */
export const UNDECODABLE = "\uDC80"

/** Whether text may be stored and echoed: no NUL, no lone surrogate. */
export const isSafeText = (text: string): boolean => !UNSAFE_CHARACTER.test(text)

/** Whether a parameter name reaches the prototype chain. */
export const isPrototypeName = (name: string): boolean => PROTOTYPE_NAMES.has(name)

/** A path parameter as it is looked up: NUL and lone surrogates become U+FFFD, which no id holds. */
export const pathParam = (value: string): string => value.replace(UNSAFE_CHARACTERS, "\uFFFD")

/** The route's path parameters, each as {@link pathParam} reads it; the same object when all are safe. */
export const pathParams = <P extends Readonly<Record<string, string | undefined>>>(params: P): P => {
  let safe: Record<string, string | undefined> | undefined
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && !isSafeText(value)) (safe ??= { ...params })[name] = pathParam(value)
  }
  return (safe ?? params) as P
}

/** The error for a parameter named after the prototype chain: unknown, like any parameter Till does not take. */
export const prototypeParam = (path: ReadonlyArray<PropertyKey>): ValidationError => {
  const param = Validation.bracketPath(path)
  return new ValidationError({ code: "parameter_unknown", message: `Received unknown parameter: ${param}`, param })
}

/** The error for a parameter whose name or value holds a NUL byte, a lone surrogate or undecodable escapes. */
export const unsafeParam = (path: ReadonlyArray<PropertyKey>): ValidationError => {
  const param = Validation.bracketPath(path)
  return new ValidationError({
    code: "parameter_invalid",
    message: `Invalid ${param}: text may not contain NUL bytes, unpaired surrogates or percent-escapes that are not UTF-8.`,
    param
  })
}

/** A node still to visit; the path is rebuilt from parents only when a node fails, so deep trees cost no copies. */
interface Node {
  readonly value: unknown
  readonly key: PropertyKey | undefined
  readonly parent: Node | undefined
}

const pathOf = (node: Node): Array<PropertyKey> => {
  const path: Array<PropertyKey> = []
  for (let at: Node | undefined = node; at !== undefined && at.key !== undefined; at = at.parent) path.push(at.key)
  return path.reverse()
}

/**
 * The first parameter of a parsed tree (query string, form or JSON body) that breaks the rule (an
 * object's keys before what they hold), or undefined when every key and value passes. Iterative, so
 * the deepest JSON a body may hold cannot exhaust the stack.
 */
export const check = (params: unknown): ValidationError | undefined => {
  const stack: Array<Node> = [{ value: params, key: undefined, parent: undefined }]
  while (stack.length > 0) {
    const node = stack.pop()!
    const { value } = node
    if (typeof value === "string") {
      if (!isSafeText(value)) return unsafeParam(pathOf(node))
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: node })
    } else if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value)
      const children: Array<Node> = []
      for (const key of keys) {
        const child = { value: (value as Record<string, unknown>)[key], key, parent: node }
        if (isPrototypeName(key)) return prototypeParam(pathOf(child))
        if (!isSafeText(key)) return unsafeParam(pathOf(child))
        children.push(child)
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
    }
  }
  return undefined
}
