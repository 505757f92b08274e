/**
 * The contract as a reader gets it: `/openapi.json` describes every operation and parameter and types
 * integers as integers, and `/docs` (Scalar) renders it in Chromium without a single request to another
 * host (no fonts, scripts or telemetry from a CDN).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { Browser } from "../src/testing/Browser.ts"
import { send } from "../src/testing/Fetch.ts"
import { inMemory } from "../src/testing/TestServer.ts"

type Json = Record<string, any>

/** Fields that hold counts, amounts in minor units or Unix times: integers on the wire, whatever their form encoding. */
const INTEGER_FIELD = /^(amount|amount_[a-z_]+|unit_amount|quantity|created|updated|expires_at|canceled_at|count|exp_month|exp_year|balance|next_invoice_sequence|pending_webhooks|attempts|status_code|interval_count|trial_period_days|minimum|maximum|limit)$/

const OPERATIONS = ["get", "post", "delete"] as const

/** Every schema of the document with the property name it sits under (through `anyOf` and `items`), anywhere in it. */
const propertiesOf = (node: unknown, name: string | undefined, out: Array<{ name: string | undefined; schema: Json; path: string }>, path: string) => {
  if (Array.isArray(node)) return node.forEach((child, i) => propertiesOf(child, name, out, `${path}[${i}]`))
  if (node === null || typeof node !== "object") return
  const schema = node as Json
  if (name !== undefined) out.push({ name, schema, path })
  for (const [key, child] of Object.entries(schema)) {
    if (key === "properties" && child !== null && typeof child === "object") {
      for (const [property, value] of Object.entries<Json>(child)) propertiesOf(value, property, out, `${path}.${property}`)
    } else {
      propertiesOf(child, key === "anyOf" || key === "items" ? name : undefined, out, `${path}.${key}`)
    }
  }
}

/** The schema itself, or the component its `$ref` names. */
const resolve = (schema: Json, components: Json): Json =>
  typeof schema.$ref === "string" ? components[schema.$ref.split("/").pop() ?? ""] : schema

/** The JSON types a schema admits, `null` aside. */
const typesOf = (schema: Json, components: Json): ReadonlyArray<string> => {
  if (typeof schema.$ref === "string") return typesOf(resolve(schema, components), components)
  if (Array.isArray(schema.anyOf)) return schema.anyOf.flatMap((member: Json) => typesOf(member, components))
  return schema.type === undefined || schema.type === "null" ? [] : [schema.type]
}

describe("the OpenAPI document and /docs", () => {
  layer(Layer.merge(inMemory, Browser.layer), { excludeTestServices: true, timeout: "60 seconds" })("served", (it) => {
    it.effect("describes every operation and every parameter, body fields included", () =>
      Effect.gen(function*() {
        const { url } = yield* SuiteServer
        const spec = (yield* send(`${url}/openapi.json`)).json as Json
        const components: Json = spec.components.schemas
        const missing: Array<string> = []
        let parameters = 0
        for (const item of Object.values<Json>(spec.paths)) {
          for (const method of OPERATIONS) {
            const operation: Json | undefined = item[method]
            if (operation === undefined) continue
            if (!operation.description) missing.push(operation.operationId)
            for (const parameter of operation.parameters ?? []) {
              parameters++
              if (!parameter.description) missing.push(`${operation.operationId} ${parameter.in} ${parameter.name}`)
            }
            for (const [type, media] of Object.entries<Json>(operation.requestBody?.content ?? {})) {
              for (const [name, property] of Object.entries<Json>(resolve(media.schema, components).properties ?? {})) {
                parameters++
                if (!property.description) missing.push(`${operation.operationId} ${type} ${name}`)
              }
            }
          }
        }
        assert.deepStrictEqual(missing, [])
        assert.isAbove(parameters, 300)
      }))

    it.effect("types amounts, quantities, counts and times as integers, and no number as NaN or Infinity", () =>
      Effect.gen(function*() {
        const { url } = yield* SuiteServer
        const spec = (yield* send(`${url}/openapi.json`)).json as Json
        const components: Json = spec.components.schemas
        const found: Array<{ name: string | undefined; schema: Json; path: string }> = []
        propertiesOf(spec.paths, undefined, found, "paths")
        propertiesOf(components, undefined, found, "components")
        // the field's own schema, not the members of its `anyOf` (one of which is `null` where the field is nullable)
        // a delivery estimate's `minimum` and `maximum` are Stripe's bounds (`{ unit, value }`), not counts
        const integers = found.filter(({ name, path }) =>
          INTEGER_FIELD.test(name!) && !/\.anyOf\[\d+\]$/.test(path) && !/delivery_estimate(\.anyOf\[\d+\])?\.(minimum|maximum)$/.test(path)
        )
        const wrong = integers
          .filter(({ schema }) => {
            const types = typesOf(schema, components)
            return types.length === 0 || types.some((type) => type !== "integer")
          })
          .map(({ path, schema }) => `${path}: ${JSON.stringify(schema)}`)
        assert.deepStrictEqual(wrong, [])
        assert.isAbove(integers.length, 100)
        // the create's quantity, as a reader of the document sees it
        const create = spec.paths["/v1/checkout/sessions"].post.requestBody.content["application/json"].schema
        assert.deepStrictEqual(create.properties.line_items.items.properties.quantity, { type: "integer", minimum: 1, maximum: 999_999 })
        assert.notInclude(JSON.stringify(spec), "NaN")
      }))

    it.effect("/docs renders in Chromium with every request to the server's own origin", () =>
      Effect.gen(function*() {
        const { url } = yield* SuiteServer
        const browser = yield* Browser
        const requested = yield* Effect.promise(async () => {
          const context = await browser.newContext()
          try {
            const urls: Array<string> = []
            context.on("request", (request) => urls.push(request.url()))
            const page = await context.newPage()
            await page.goto(`${url}/docs`, { waitUntil: "load", timeout: 45_000 })
            // rendered: the groups of the contract are on the page, and every font it asked for has loaded or failed
            await page.getByText("Checkout Sessions").first().waitFor({ timeout: 30_000 })
            await page.evaluate(() => document.fonts.ready.then(() => undefined))
            return urls
          } finally {
            await context.close()
          }
        })
        const origin = new URL(url).origin
        assert.isAbove(requested.length, 0)
        // Scalar's script is its own route, loaded when the page asks for it, so browsers cache it
        assert.include(requested, `${origin}/docs/scalar.js`)
        assert.include(requested, `${origin}/openapi.json`)
        assert.deepStrictEqual(requested.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(u)), [])
      }), { timeout: 120_000 })
  })
})
