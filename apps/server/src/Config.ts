/**
 * The server's configuration, from the environment (SPEC section 8). This is the only module that
 * reads the environment: the adapters take plain values, and check their ranges with the schemas
 * they export, used here so that a bad value's error names its variable. Every variable read here is
 * in the README's configuration table (a test checks both ways).
 */
import { AesGcmCipher, SessionMachine } from "@till/core"
import { Admission, RateLimit } from "@till/http"
import { Connection } from "@till/postgres"
import { QueueSettings } from "@till/queue"
import { Config, type LogLevel, Option, type Redacted, Schema } from "effect"
import * as Logging from "./Logging.ts"
import type * as Metrics from "./Metrics.ts"
import type * as Tracing from "./Tracing.ts"

/** Everything the server reads from its environment. */
export interface TillConfig {
  readonly port: number
  /** Where customers reach this server; hosted-page and payment-link URLs start with it. */
  readonly publicUrl: string
  /** A PostgreSQL server; when absent, the embedded PGlite database under `dataDir`. */
  readonly databaseUrl: Option.Option<string>
  readonly dataDir: string
  /** A test key the default account is made to have, for demos and tests. */
  readonly secretKey: Option.Option<string>
  /** Whether `serve` also runs the worker (webhook deliveries, expiries); `TILL_WORKER=false` serves HTTP only. */
  readonly worker: boolean
  /** How often the expiry sweep looks for sessions past `expires_at` (and payment attempts to reconcile). */
  readonly sweepSeconds: number
  /** How long a payment attempt may stay unresolved before the processor is asked what became of it. */
  readonly reconcileSeconds: number
  /**
   * The key of idempotency fingerprints (`TILL_FINGERPRINT_KEY`), the same on every process; when absent,
   * a secret the database makes once and keeps.
   */
  readonly fingerprintKey: Option.Option<Redacted.Redacted<string>>
  /** The database connections: pool size, and how long connecting, a statement and waiting for a connection may take. */
  readonly database: Required<{ readonly [K in keyof Connection.Limits]: number }>
  /** Requests per second (and burst) per account and mode, and per session through its client secret. */
  readonly rateLimits: RateLimit.Settings
  /** Requests one process handles at once; one past it is answered 503 at once (`TILL_MAX_IN_FLIGHT`). */
  readonly maxInFlight: number
  /** The queue: retry schedules, the worker's concurrency and polling, timeouts, where webhooks may go. */
  readonly queue: QueueSettings.QueueSettings
  /** The log: its format and level (`TILL_LOG_FORMAT`, `TILL_LOG_LEVEL`), and whether each request is logged (`TILL_ACCESS_LOG`). */
  readonly log: Logging.Settings & { readonly access: boolean }
  /** Where Prometheus metrics are served (`TILL_METRICS_TOKEN`, `TILL_METRICS_ADDRESS`); off when neither is set. */
  readonly metrics: Metrics.Settings
  /** Where traces are exported over OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`); no tracing without it. */
  readonly tracing: Tracing.Settings
  /** The SMTP server receipts are e-mailed through (`TILL_SMTP_URL`; no receipt e-mails without it) and their sender (`TILL_RECEIPT_FROM`). */
  readonly mail: { readonly smtpUrl: Option.Option<Redacted.Redacted<string>>; readonly from: string }
  /**
   * Processor connectors: the key processor credentials are encrypted with at rest (`TILL_ENCRYPTION_KEY`,
   * 32 bytes as hex or base64; without it no credentials are stored), and whether settings may point a
   * connector at another base URL (`TILL_PROCESSOR_ALLOW_BASE_URL`, for mock servers; off by default).
   */
  readonly processors: { readonly encryptionKey: Option.Option<Redacted.Redacted<string>>; readonly allowBaseUrl: boolean }
}

const NonNegative = Schema.Finite.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0)))
const AtLeastOne = Schema.Finite.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(1)))
const PositiveInt = Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(1)))

/** A limit from `<prefix>_PER_SECOND` (0 turns it off) and `<prefix>_BURST` (by default the default burst, or twice a rate that was set). */
const rateLimit = (prefix: string, defaults: RateLimit.Settings["account"]) =>
  Config.all({
    perSecond: Config.schema(NonNegative, `${prefix}_PER_SECOND`).pipe(Config.withDefault(defaults.perSecond)),
    burst: Config.option(Config.schema(AtLeastOne, `${prefix}_BURST`))
  }).pipe(Config.map(({ burst, perSecond }) => ({
    perSecond,
    burst: Option.getOrElse(burst, () => perSecond === defaults.perSecond ? defaults.burst : Math.max(1, Math.ceil(perSecond * 2)))
  })))

/** The database limits from `TILL_DB_*`, each checked by the storage adapter's schema. */
const databaseLimits = Config.all({
  poolSize: Config.schema(Connection.PoolSize, "TILL_DB_POOL_SIZE").pipe(Config.withDefault(Connection.DEFAULT_POOL_SIZE)),
  connectTimeoutMs: Config.schema(Connection.ConnectTimeoutMs, "TILL_DB_CONNECT_TIMEOUT_MS").pipe(
    Config.withDefault(Connection.DEFAULT_CONNECT_TIMEOUT_MS)
  ),
  statementTimeoutMs: Config.schema(Connection.StatementTimeoutMs, "TILL_DB_STATEMENT_TIMEOUT_MS").pipe(
    Config.withDefault(Connection.DEFAULT_STATEMENT_TIMEOUT_MS)
  ),
  acquireTimeoutMs: Config.schema(Connection.AcquireTimeoutMs, "TILL_DB_ACQUIRE_TIMEOUT_MS").pipe(
    Config.withDefault(Connection.DEFAULT_ACQUIRE_TIMEOUT_MS)
  )
})

const optional = <A>(config: Config.Config<A>) => Config.option(config).pipe(Config.map(Option.getOrUndefined))

/**
 * The queue's settings: `TILL_WEBHOOK_RETRY_DELAY_SECONDS`, `…_RETRY_DELAY_MAX_SECONDS` and
 * `…_RETRY_LIMIT` replace that part of both modes' schedules; `TILL_WEBHOOK_CONCURRENCY`,
 * `TILL_QUEUE_POLLING_SECONDS`, `TILL_WEBHOOK_JOB_TIMEOUT_SECONDS` and `TILL_QUEUE_SUPERVISE_SECONDS` tune
 * the worker (`QueueSettings.make` keeps them within bounds); `TILL_WEBHOOK_ALLOW_PRIVATE` says where
 * webhooks may go.
 */
const queueSettings = Config.all({
  retryDelay: optional(Config.Int("TILL_WEBHOOK_RETRY_DELAY_SECONDS")),
  retryDelayMax: optional(Config.Int("TILL_WEBHOOK_RETRY_DELAY_MAX_SECONDS")),
  retryLimit: optional(Config.Int("TILL_WEBHOOK_RETRY_LIMIT")),
  concurrency: optional(Config.Int("TILL_WEBHOOK_CONCURRENCY")),
  pollingSeconds: optional(Config.Number("TILL_QUEUE_POLLING_SECONDS")),
  jobTimeoutSeconds: optional(Config.Int("TILL_WEBHOOK_JOB_TIMEOUT_SECONDS")),
  superviseSeconds: optional(Config.Int("TILL_QUEUE_SUPERVISE_SECONDS")),
  allowPrivate: optional(Config.Boolean("TILL_WEBHOOK_ALLOW_PRIVATE")),
  receiptRetryDelay: optional(Config.schema(PositiveInt, "TILL_SMTP_RETRY_DELAY_SECONDS")),
  receiptRetryLimit: optional(Config.schema(Schema.Int.pipe(Schema.check(Schema.isGreaterThanOrEqualTo(0))), "TILL_SMTP_RETRY_LIMIT"))
}).pipe(Config.map(QueueSettings.make))

/** `smtp://` or `smtps://` with a host, as nodemailer takes it (`smtps://user:password@host:465`). */
const SmtpUrl = Schema.Redacted(Schema.String.pipe(
  Schema.check(Schema.makeFilter((url: string) => {
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      parsed = undefined
    }
    return (parsed !== undefined && (parsed.protocol === "smtp:" || parsed.protocol === "smtps:") && parsed.hostname !== "") ||
      "TILL_SMTP_URL must be an smtp:// or smtps:// URL (smtp://host:587, smtps://user:password@host:465)"
  }))
))

/** A sender: a bare address, or a name and an address in angle brackets. */
const Sender = Schema.String.pipe(
  Schema.check(Schema.makeFilter((from: string) =>
    /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from.trim()) ||
    "TILL_RECEIPT_FROM must be an e-mail address (receipts@shop.example) or a name and one (Shop <receipts@shop.example>)"
  ))
)

/**
 * Receipt e-mails: on when `TILL_SMTP_URL` is set, sent from `TILL_RECEIPT_FROM` (by default
 * `receipts@` the public URL's host).
 */
const mailSettings = (publicUrl: string) =>
  Config.all({
    smtpUrl: Config.option(Config.schema(SmtpUrl, "TILL_SMTP_URL")),
    from: Config.option(Config.schema(Sender, "TILL_RECEIPT_FROM"))
  }).pipe(Config.map(({ from, smtpUrl }) => ({
    smtpUrl,
    from: Option.getOrElse(from, () => `receipts@${new URL(publicUrl).hostname}`).trim()
  })))

const TestKey = Schema.String.pipe(
  Schema.check(Schema.makeFilter((key: string) =>
    /^sk_test_[0-9A-Za-z_]{8,}$/.test(key) || "TILL_SECRET_KEY must be a test key: sk_test_ followed by at least 8 letters or digits"
  ))
)

/** Shortest `TILL_FINGERPRINT_KEY`: 32 characters, as many as the bytes of a generated key. */
export const MIN_FINGERPRINT_KEY_LENGTH = 32

const FingerprintKey = Schema.Redacted(Schema.String.pipe(
  Schema.check(Schema.makeFilter((key: string) =>
    key.length >= MIN_FINGERPRINT_KEY_LENGTH || `TILL_FINGERPRINT_KEY must be at least ${MIN_FINGERPRINT_KEY_LENGTH} characters long`
  ))
))

/** 32 bytes, as 64 hex digits or base64: the AES-256-GCM key of processor credentials. */
const EncryptionKey = Schema.Redacted(Schema.String.pipe(
  Schema.check(Schema.makeFilter((key: string) => typeof AesGcmCipher.keyBytes(key) !== "string" || (AesGcmCipher.keyBytes(key) as string)))
))

/** `postgres://` or `postgresql://` with a host: what node-postgres and pg-boss connect to. */
const PostgresUrl = Schema.String.pipe(
  Schema.check(Schema.makeFilter((url: string) => {
    if (url === "") return true
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      parsed = undefined
    }
    return (parsed !== undefined && (parsed.protocol === "postgres:" || parsed.protocol === "postgresql:") &&
        (parsed.hostname !== "" || parsed.searchParams.has("host"))) ||
      "DATABASE_URL must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database), or unset for the embedded database"
  }))
)

const HttpUrl = Schema.String.pipe(
  Schema.check(Schema.makeFilter((url: string) => /^https?:\/\/[^/\s]+/.test(url) || "TILL_PUBLIC_URL must be an absolute http(s) URL"))
)

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "none"] as const

/** `TILL_LOG_LEVEL`, any case; Effect's level of the same name. */
const logLevel = Config.schema(
  Schema.String.pipe(Schema.check(Schema.makeFilter((raw: string) =>
    (LEVELS as ReadonlyArray<string>).includes(raw.trim().toLowerCase()) || `TILL_LOG_LEVEL must be one of ${LEVELS.join(", ")}`
  ))),
  "TILL_LOG_LEVEL"
).pipe(
  Config.map((raw) => {
    const level = raw.trim().toLowerCase()
    return (level.charAt(0).toUpperCase() + level.slice(1)) as LogLevel.LogLevel
  }),
  Config.withDefault<LogLevel.LogLevel>("Info")
)

/** The log's settings: JSON unless stdout is a terminal, level Info, the access log on. */
const logSettings = Config.all({
  format: Config.option(Config.Literals(["json", "pretty"], "TILL_LOG_FORMAT")).pipe(
    Config.map(Option.getOrElse(Logging.defaultFormat))
  ),
  level: logLevel,
  access: Config.Boolean("TILL_ACCESS_LOG").pipe(Config.withDefault(true))
})

/** Shortest `TILL_METRICS_TOKEN`. */
export const MIN_METRICS_TOKEN_LENGTH = 16

const MetricsToken = Schema.Redacted(Schema.String.pipe(
  Schema.check(Schema.makeFilter((token: string) =>
    token.length >= MIN_METRICS_TOKEN_LENGTH || `TILL_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long`
  ))
))

const ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s\[\]]+)):(\d{1,5})$/

const MetricsAddress = Schema.String.pipe(
  Schema.check(Schema.makeFilter((address: string) => {
    const port = ADDRESS.exec(address)?.[3]
    return (port !== undefined && Number(port) >= 1 && Number(port) <= 65535) ||
      "TILL_METRICS_ADDRESS must be host:port, such as 127.0.0.1:9464 or [::1]:9464"
  }))
)

/** `TILL_METRICS_TOKEN` and `TILL_METRICS_ADDRESS`. */
const metricsSettings = Config.all({
  token: Config.option(Config.schema(MetricsToken, "TILL_METRICS_TOKEN")),
  address: Config.option(Config.schema(MetricsAddress, "TILL_METRICS_ADDRESS")).pipe(
    Config.map(Option.map((address) => {
      const [, v6, host, port] = ADDRESS.exec(address)!
      return { host: v6 ?? host!, port: Number(port) }
    }))
  )
})

/** OpenTelemetry's own variables, read as its SDKs read them (only OTLP over HTTP is exported). */
const tracingSettings = Config.all({
  endpoint: Config.option(Config.schema(
    Schema.String.pipe(Schema.check(Schema.makeFilter((url: string) =>
      /^https?:\/\/[^/\s]+/.test(url) || "OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, such as http://localhost:4318"
    ))),
    "OTEL_EXPORTER_OTLP_ENDPOINT"
  )),
  protocol: Config.schema(
    Schema.String.pipe(Schema.check(Schema.makeFilter((p: string) =>
      p === "http/protobuf" || p === "http/json" || "OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json (grpc is not supported)"
    ))),
    "OTEL_EXPORTER_OTLP_PROTOCOL"
  ).pipe(Config.map((p) => p as Tracing.Settings["protocol"]), Config.withDefault<Tracing.Settings["protocol"]>("http/protobuf")),
  serviceName: Config.String("OTEL_SERVICE_NAME").pipe(Config.withDefault("till"))
})

/** Reads the configuration; a bad value fails with a message that names the variable. */
export const TillConfig: Config.Config<TillConfig> = Config.all({
  port: Config.Port("PORT").pipe(Config.withDefault(4242)),
  publicUrl: Config.option(Config.schema(HttpUrl, "TILL_PUBLIC_URL")),
  // empty is unset, as the storage adapter reads it
  databaseUrl: Config.option(Config.schema(PostgresUrl, "DATABASE_URL")).pipe(Config.map(Option.filter((url) => url !== ""))),
  dataDir: Config.String("TILL_DATA_DIR").pipe(Config.withDefault("./.till")),
  secretKey: Config.option(Config.schema(TestKey, "TILL_SECRET_KEY")),
  worker: Config.Boolean("TILL_WORKER").pipe(Config.withDefault(true)),
  sweepSeconds: Config.Number("TILL_EXPIRY_SWEEP_SECONDS").pipe(Config.withDefault(5)),
  reconcileSeconds: Config.schema(PositiveInt, "TILL_PAYMENT_RECONCILE_SECONDS").pipe(
    Config.withDefault(SessionMachine.ATTEMPT_TIMEOUT_SECONDS)
  ),
  fingerprintKey: Config.option(Config.schema(FingerprintKey, "TILL_FINGERPRINT_KEY")),
  database: databaseLimits,
  rateLimits: Config.all({
    account: rateLimit("TILL_RATE_LIMIT", RateLimit.DEFAULTS.account),
    client: rateLimit("TILL_CLIENT_RATE_LIMIT", RateLimit.DEFAULTS.client)
  }),
  maxInFlight: Config.schema(PositiveInt, "TILL_MAX_IN_FLIGHT").pipe(
    Config.withDefault(Admission.DEFAULT_MAX_IN_FLIGHT)
  ),
  queue: queueSettings,
  log: logSettings,
  metrics: metricsSettings,
  tracing: tracingSettings,
  processors: Config.all({
    encryptionKey: Config.option(Config.schema(EncryptionKey, "TILL_ENCRYPTION_KEY")),
    allowBaseUrl: Config.Boolean("TILL_PROCESSOR_ALLOW_BASE_URL").pipe(Config.withDefault(false))
  })
}).pipe(
  Config.map(({ publicUrl, ...rest }) => ({
    ...rest,
    publicUrl: Option.getOrElse(publicUrl, () => `http://localhost:${rest.port}`).replace(/\/+$/, "")
  })),
  Config.flatMap((config) => Config.map(mailSettings(config.publicUrl), (mail) => ({ ...config, mail })))
)
