/**
 * The configuration the server reads: the database limits, the rate limits and the queue, with their defaults.
 */
import { assert, describe, it } from "@effect/vitest"
import { SessionMachine } from "@till/core"
import { Admission, RateLimit } from "@till/http"
import { Connection } from "@till/postgres"
import { QueueSettings } from "@till/queue"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { TillConfig } from "../src/Config.ts"

const read = (env: Record<string, string>) =>
  TillConfig.parse(ConfigProvider.fromEnv({ env })).pipe(Effect.result)

describe("TillConfig", () => {
  it.effect("defaults: the database limits and generous rate limits, stricter for client secrets", () =>
    Effect.gen(function*() {
      const config = yield* TillConfig.parse(ConfigProvider.fromEnv({ env: {} }))
      assert.deepStrictEqual(config.database, {
        poolSize: Connection.DEFAULT_POOL_SIZE,
        connectTimeoutMs: Connection.DEFAULT_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: Connection.DEFAULT_STATEMENT_TIMEOUT_MS,
        acquireTimeoutMs: Connection.DEFAULT_ACQUIRE_TIMEOUT_MS
      })
      assert.deepStrictEqual(config.rateLimits, RateLimit.DEFAULTS)
      assert.strictEqual(config.maxInFlight, Admission.DEFAULT_MAX_IN_FLIGHT)
      assert.strictEqual(config.reconcileSeconds, SessionMachine.ATTEMPT_TIMEOUT_SECONDS)
    }))

  it.effect("the queue: its defaults, and TILL_WEBHOOK_* / TILL_QUEUE_* applied through QueueSettings.make", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual((yield* TillConfig.parse(ConfigProvider.fromEnv({ env: {} }))).queue, QueueSettings.defaults)
      const env = {
        TILL_WEBHOOK_RETRY_DELAY_SECONDS: "1",
        TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS: "4",
        TILL_WEBHOOK_RETRY_LIMIT: "2",
        TILL_WEBHOOK_CONCURRENCY: "3",
        TILL_QUEUE_POLLING_SECONDS: "0.1",
        TILL_WEBHOOK_JOB_TIMEOUT_SECONDS: "5",
        TILL_QUEUE_SUPERVISE_SECONDS: "2",
        TILL_WEBHOOK_ALLOW_PRIVATE: "false"
      }
      assert.deepStrictEqual(
        (yield* TillConfig.parse(ConfigProvider.fromEnv({ env }))).queue,
        QueueSettings.make({
          retryDelay: 1,
          retryDelayMax: 4,
          retryLimit: 2,
          concurrency: 3,
          pollingSeconds: 0.1,
          jobTimeoutSeconds: 5,
          superviseSeconds: 2,
          allowPrivate: false
        })
      )
    }))

  it.effect("reads TILL_MAX_IN_FLIGHT and TILL_PAYMENT_RECONCILE_SECONDS", () =>
    Effect.gen(function*() {
      const config = yield* TillConfig.parse(ConfigProvider.fromEnv({ env: { TILL_MAX_IN_FLIGHT: "7", TILL_PAYMENT_RECONCILE_SECONDS: "30" } }))
      assert.strictEqual(config.maxInFlight, 7)
      assert.strictEqual(config.reconcileSeconds, 30)
    }))

  it.effect("reads TILL_DB_* and TILL_RATE_LIMIT_* / TILL_CLIENT_RATE_LIMIT_*; a rate without a burst gets twice the rate", () =>
    Effect.gen(function*() {
      const config = yield* TillConfig.parse(ConfigProvider.fromEnv({
        env: {
          TILL_DB_POOL_SIZE: "3",
          TILL_DB_CONNECT_TIMEOUT_MS: "1500",
          TILL_DB_STATEMENT_TIMEOUT_MS: "0",
          TILL_DB_ACQUIRE_TIMEOUT_MS: "250",
          TILL_RATE_LIMIT_PER_SECOND: "5",
          TILL_CLIENT_RATE_LIMIT_PER_SECOND: "0.5",
          TILL_CLIENT_RATE_LIMIT_BURST: "4"
        }
      }))
      assert.deepStrictEqual(config.database, { poolSize: 3, connectTimeoutMs: 1500, statementTimeoutMs: 0, acquireTimeoutMs: 250 })
      assert.deepStrictEqual(config.rateLimits, { account: { perSecond: 5, burst: 10 }, client: { perSecond: 0.5, burst: 4 } })
      assert.deepStrictEqual((yield* TillConfig.parse(ConfigProvider.fromEnv({ env: { TILL_RATE_LIMIT_PER_SECOND: "0" } }))).rateLimits.account.perSecond, 0)
    }))

  it.effect("refuses a negative rate, a burst under 1 or an empty pool, naming the variable", () =>
    Effect.gen(function*() {
      for (const [name, value] of [["TILL_RATE_LIMIT_PER_SECOND", "-1"], ["TILL_CLIENT_RATE_LIMIT_BURST", "0"], ["TILL_DB_POOL_SIZE", "ten"], ["TILL_DB_POOL_SIZE", "0"], ["TILL_MAX_IN_FLIGHT", "0"], ["TILL_MAX_IN_FLIGHT", "2.5"], ["TILL_PAYMENT_RECONCILE_SECONDS", "0"], ["TILL_WEBHOOK_RETRY_LIMIT", "many"], ["TILL_WEBHOOK_ALLOW_PRIVATE", "maybe"], ["TILL_QUEUE_POLLING_SECONDS", "often"]]) {
        const result = yield* read({ [name!]: value! })
        assert.isTrue(result._tag === "Failure", name)
        if (result._tag === "Failure") assert.include(String(result.failure), name!)
      }
    }))

  it.effect("DATABASE_URL: a postgres:// or postgresql:// URL, empty for none; anything else is refused naming it", () =>
    Effect.gen(function*() {
      for (const url of ["postgres://till@db.example:5432/till", "postgresql://db.example/till", "postgres:///till?host=/run/postgresql"]) {
        const config = yield* TillConfig.parse(ConfigProvider.fromEnv({ env: { DATABASE_URL: url } }))
        assert.deepStrictEqual(config.databaseUrl, Option.some(url))
      }
      assert.isTrue(Option.isNone((yield* TillConfig.parse(ConfigProvider.fromEnv({ env: { DATABASE_URL: "" } }))).databaseUrl))
      for (const url of ["notaurl", "mysql://till@db.example/till", "postgres://", "http://db.example/till"]) {
        const result = yield* read({ DATABASE_URL: url })
        assert.isTrue(result._tag === "Failure", url)
        if (result._tag === "Failure") assert.include(String(result.failure), "DATABASE_URL must be a postgres:// or postgresql:// URL")
      }
    }))

  it.effect("observability: the log, metrics and tracing, with their defaults", () =>
    Effect.gen(function*() {
      const defaults = yield* TillConfig.parse(ConfigProvider.fromEnv({ env: {} }))
      assert.deepInclude(defaults.log, { level: "Info", access: true })
      assert.isTrue(Option.isNone(defaults.metrics.token) && Option.isNone(defaults.metrics.address))
      assert.isTrue(Option.isNone(defaults.tracing.endpoint))
      assert.strictEqual(defaults.tracing.protocol, "http/protobuf")
      const config = yield* TillConfig.parse(ConfigProvider.fromEnv({
        env: {
          TILL_LOG_FORMAT: "pretty",
          TILL_LOG_LEVEL: "WARN",
          TILL_ACCESS_LOG: "false",
          TILL_METRICS_TOKEN: "a-token-of-16-chars",
          TILL_METRICS_ADDRESS: "[::1]:9464",
          OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4318",
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json"
        }
      }))
      assert.deepStrictEqual(config.log, { format: "pretty", level: "Warn", access: false })
      assert.strictEqual(Option.map(config.metrics.token, Redacted.value).pipe(Option.getOrUndefined), "a-token-of-16-chars")
      assert.deepStrictEqual(Option.getOrUndefined(config.metrics.address), { host: "::1", port: 9464 })
      assert.deepStrictEqual({ ...config.tracing, endpoint: Option.getOrUndefined(config.tracing.endpoint) }, {
        endpoint: "http://localhost:4318",
        protocol: "http/json",
        serviceName: "till"
      })
      for (const [name, value] of [["TILL_LOG_LEVEL", "verbose"], ["TILL_LOG_FORMAT", "xml"], ["TILL_METRICS_TOKEN", "short"], ["TILL_METRICS_ADDRESS", "9464"], ["TILL_METRICS_ADDRESS", "host:70000"], ["OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318"], ["OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"]]) {
        const result = yield* read({ [name!]: value! })
        assert.isTrue(result._tag === "Failure", `${name}=${value}`)
        if (result._tag === "Failure") assert.include(String(result.failure), name!)
      }
    }))
})
