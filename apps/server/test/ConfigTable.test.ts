/**
 * The README's configuration table and the configuration module agree: every variable the table lists
 * is read, and changes what the server is configured with; every variable read is in the table.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { TillConfig } from "../src/Config.ts"

/** The variables in the first column of the table under the README's `## Configuration`. */
const documented = (): ReadonlyArray<string> => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
  const section = readme.split(/^## Configuration\n/m)[1]?.split(/^## /m)[0] ?? ""
  const rows = section.split("\n").filter((line) => line.startsWith("| `"))
  return rows.flatMap((row) => [...row.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
}

/** A valid value for each variable, different from its default. */
const samples: Record<string, string> = {
  PORT: "4343",
  TILL_PUBLIC_URL: "https://pay.example",
  DATABASE_URL: "postgres://till@db.example:5432/till",
  TILL_DATA_DIR: "/var/lib/till-sample",
  TILL_SECRET_KEY: "sk_test_sample12345",
  TILL_DB_POOL_SIZE: "7",
  TILL_DB_ACQUIRE_TIMEOUT_MS: "1234",
  TILL_DB_CONNECT_TIMEOUT_MS: "2345",
  TILL_DB_STATEMENT_TIMEOUT_MS: "3456",
  TILL_RATE_LIMIT_PER_SECOND: "11",
  TILL_RATE_LIMIT_BURST: "13",
  TILL_CLIENT_RATE_LIMIT_PER_SECOND: "3",
  TILL_CLIENT_RATE_LIMIT_BURST: "5",
  TILL_MAX_IN_FLIGHT: "17",
  TILL_WORKER: "false",
  TILL_EXPIRY_SWEEP_SECONDS: "9",
  TILL_PAYMENT_RECONCILE_SECONDS: "45",
  TILL_FINGERPRINT_KEY: "f".repeat(40),
  TILL_ENCRYPTION_KEY: "e".repeat(64),
  TILL_PROCESSOR_ALLOW_BASE_URL: "true",
  TILL_WEBHOOK_ALLOW_PRIVATE: "true",
  TILL_WEBHOOK_CONCURRENCY: "4",
  TILL_WEBHOOK_RETRY_DELAY_SECONDS: "2",
  TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS: "20",
  TILL_WEBHOOK_RETRY_LIMIT: "3",
  TILL_WEBHOOK_JOB_TIMEOUT_SECONDS: "90",
  TILL_QUEUE_POLLING_SECONDS: "2",
  TILL_QUEUE_SUPERVISE_SECONDS: "30",
  TILL_LOG_FORMAT: "pretty",
  TILL_LOG_LEVEL: "debug",
  TILL_ACCESS_LOG: "false",
  TILL_METRICS_TOKEN: "metrics-token-0123456789",
  TILL_METRICS_ADDRESS: "127.0.0.1:9464",
  OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector.example:4318",
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_SERVICE_NAME: "till-eu-1",
  TILL_SMTP_URL: "smtps://till:secret@mail.example:465",
  TILL_RECEIPT_FROM: "Shop <receipts@shop.example>",
  TILL_SMTP_RETRY_DELAY_SECONDS: "5",
  TILL_SMTP_RETRY_LIMIT: "2"
}

/** Parses the configuration from `env`, noting every variable it asks for. */
const parse = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const asked = new Set<string>()
    const base = ConfigProvider.fromEnv({ env })
    const recording = ConfigProvider.make((path) => {
      asked.add(path.join("_"))
      return base.load(path)
    })
    const config = yield* TillConfig.parse(recording)
    // secrets compared by value
    const plain = JSON.stringify(config, (_, v) => Redacted.isRedacted(v) ? `redacted:${String(Redacted.value(v))}` : v)
    return { plain, asked: [...asked].sort() }
  })

describe("the README's configuration table", () => {
  const table = documented()

  it("lists variables (the table is where the test looks)", () => {
    assert.isAtLeast(table.length, 20)
    assert.include(table, "TILL_DB_POOL_SIZE")
  })

  it.effect("lists exactly the variables the configuration reads", () =>
    Effect.gen(function*() {
      const { asked } = yield* parse({})
      assert.deepStrictEqual(
        { readButNotListed: asked.filter((name) => !table.includes(name)), listedButNotRead: table.filter((name) => !asked.includes(name)) },
        { readButNotListed: [], listedButNotRead: [] }
      )
    }))

  it.effect("every variable it lists changes the parsed configuration", () =>
    Effect.gen(function*() {
      const { plain: defaults } = yield* parse({})
      for (const name of table) {
        const sample = samples[name]
        assert.isDefined(sample, `give ${name} a sample value in this test`)
        const { plain } = yield* parse({ [name]: sample! })
        assert.notStrictEqual(plain, defaults, `${name}=${sample} leaves the configuration as it was`)
      }
    }))
})
