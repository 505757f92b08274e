/**
 * Preloaded into the Prism mock server (node --require): replaces Prism's `deepObject` body
 * deserializer, which builds an empty object for every object property the schema declares, sent or
 * not, and ignores `anyOf` alternatives. Against Stripe's document that makes every request fail
 * (`payment_method_data.acss_debit must have required property 'account_number'`) and leaves
 * `metadata[...]` unread. This one builds only what the request carries, follows `anyOf`/`oneOf` to
 * their object or array alternative, and reads `additionalProperties` maps: every parameter sent is
 * still validated against the published schema.
 */
"use strict"
const { createRequire } = require("node:module")
const fromCli = createRequire(require.resolve("@stoplight/prism-cli/package.json"))
const deserializers = fromCli("@stoplight/prism-http/dist/validator/deserializers")

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

function deserializeDeepObject(name, parameters, schema) {
  const keys = Object.keys(parameters)
  const resolve = (path) => name + path.map((el) => `[${el}]`).join("")
  const alternative = (def, type) =>
    def.type === type ? def : [...(def.anyOf || []), ...(def.oneOf || [])].find((d) => d && d.type === type)
  const childKeys = (path) => {
    const re = new RegExp(`^${escape(resolve(path))}\\[([^\\]]*)\\]`)
    return [...new Set(keys.flatMap((k) => { const m = re.exec(k); return m ? [m[1]] : [] }))]
  }
  function construct(path, def) {
    const here = resolve(path)
    const nested = childKeys(path)
    if (nested.length === 0) return parameters[here]
    const arrayDef = alternative(def || {}, "array")
    if (arrayDef !== undefined && nested.every((k) => /^[0-9]+$/.test(k))) {
      return nested.map(Number).sort((a, b) => a - b).map((i) => construct([...path, String(i)], arrayDef.items || {}))
    }
    const objectDef = alternative(def || {}, "object") || {}
    const props = objectDef.properties || {}
    const extra = typeof objectDef.additionalProperties === "object" ? objectDef.additionalProperties : {}
    const result = {}
    for (const k of nested) result[k] = construct([...path, k], props[k] || extra)
    return result
  }
  return construct([], schema)
}

deserializers.body.deepObject = deserializeDeepObject
deserializers.query.deepObject = deserializeDeepObject
