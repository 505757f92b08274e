/**
 * pg-boss, started on the application's database: its own connection pool on PostgreSQL, or the
 * application's PGlite instance on the embedded database. Its queues are created (and their options
 * updated, since `createQueue` leaves an existing queue as it was) before anything is sent.
 */
import { AsyncLocalStorage } from "node:async_hooks"
import { Cause, Context, Effect, Layer } from "effect"
import { type Db as BossDb, fromKysely, fromPglite, type KyselyTransactionLike, PgBoss, type PGliteLike, type Queue } from "pg-boss"
import { RECEIPT_DEAD_LETTER_QUEUE, RECEIPT_QUEUE, type RetryPolicy, WEBHOOK_DEAD_LETTER_QUEUE, WEBHOOK_QUEUE } from "./Queues.ts"
import type { QueueSettings } from "./QueueSettings.ts"

/** The schema pg-boss keeps its tables in. */
export const SCHEMA = "pgboss"

/** The started pg-boss, its settings, and a way to run pg-boss calls inside an open transaction. */
export class Boss extends Context.Service<Boss, {
  readonly boss: PgBoss
  readonly settings: QueueSettings
  /**
   * Runs `f` with a pg-boss `db` for `trx`: jobs sent with `{ db }` commit or roll back with it. On
   * PGlite every other statement pg-boss issues while `f` runs (its queue lookup on a cache miss) goes
   * into the transaction too: the transaction holds the only connection, so anywhere else it would
   * wait forever.
   */
  readonly within: <A>(trx: KyselyTransactionLike, f: (db: BossDb) => Promise<A>) => Promise<A>
}>()("till/queue/Boss") {}

/** Where pg-boss runs. */
export type Target =
  | { readonly backend: "postgres"; readonly connectionString: string; readonly poolSize?: number | undefined }
  | { readonly backend: "pglite"; readonly pglite: PGliteLike }

const webhookQueueOptions = (policy: RetryPolicy, settings: QueueSettings): Omit<Queue, "name"> => ({
  retryLimit: policy.retryLimit,
  retryDelay: policy.retryDelay,
  retryDelayMax: policy.retryDelayMax,
  retryBackoff: true,
  expireInSeconds: settings.jobTimeoutSeconds,
  deadLetter: WEBHOOK_DEAD_LETTER_QUEUE,
  notify: true
})

/** Every queue and its options: the configuration, applied on every start. */
export const queues = (settings: QueueSettings): ReadonlyArray<Queue> => [
  // dead letters are the record of what never got through: kept a month
  { name: WEBHOOK_DEAD_LETTER_QUEUE, retryLimit: 5, retryDelay: 5, retryBackoff: true, deleteAfterSeconds: 30 * 86400 },
  { name: WEBHOOK_QUEUE.live, ...webhookQueueOptions(settings.live, settings) },
  { name: WEBHOOK_QUEUE.test, ...webhookQueueOptions(settings.test, settings) },
  // e-mailed receipts: created whether or not a mail server is configured, so a session write never
  // looks a queue up outside its transaction (see ensureQueues)
  { name: RECEIPT_DEAD_LETTER_QUEUE, retryLimit: 5, retryDelay: 5, retryBackoff: true, deleteAfterSeconds: 30 * 86400 },
  {
    name: RECEIPT_QUEUE,
    retryLimit: settings.receipts.retryLimit,
    retryDelay: settings.receipts.retryDelay,
    retryDelayMax: settings.receipts.retryDelayMax,
    retryBackoff: true,
    expireInSeconds: settings.jobTimeoutSeconds,
    deadLetter: RECEIPT_DEAD_LETTER_QUEUE,
    notify: true
  }
]

const NO_JOB = "00000000-0000-0000-0000-000000000000"

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

/**
 * What pg-boss reports as an error, as a log line: its workers report a plain object (`{ ...error,
 * message, stack, queue, worker }`), not an Error, so it is made one again, with its queue and worker
 * as fields.
 */
export const logError = (reported: unknown): Effect.Effect<void> => {
  let error: Error
  if (reported instanceof Error) error = reported
  else if (isRecord(reported) && typeof reported["message"] === "string") {
    error = new Error(reported["message"])
    if (typeof reported["stack"] === "string") error.stack = reported["stack"]
  } else error = new Error(String(reported))
  const fields: Record<string, unknown> = {}
  if (isRecord(reported)) {
    for (const key of ["queue", "worker", "code"] as const) if (typeof reported[key] === "string") fields[key] = reported[key]
  }
  return Effect.logError("the queue (pg-boss) failed", Cause.fail(error)).pipe(Effect.annotateLogs(fields))
}

/**
 * Creates the queues, or brings existing ones to these options; then fills pg-boss's queue cache,
 * which `createQueue` and `updateQueue` leave without them. A `send` that misses the cache looks its
 * queue up on pg-boss's own pool, even with `{ db }`: a session write would then need a second
 * connection while its transaction holds one, and fail (a 500) once that pool stays busy for its
 * connection timeout (10 s), as it can with several processes on a loaded machine. `getJobById` is the
 * cheapest public call that fills the cache.
 */
export const ensureQueues = async (boss: PgBoss, settings: QueueSettings): Promise<void> => {
  for (const { name, ...options } of queues(settings)) {
    await boss.createQueue(name, options)
    const { deadLetter, policy: _policy, partition: _partition, ...updatable } = options
    await boss.updateQueue(name, { ...updatable, ...(deadLetter === undefined ? {} : { deadLetter }) })
  }
  for (const { name } of queues(settings)) await boss.getJobById(name, NO_JOB)
}

const make = (target: Target, settings: QueueSettings) =>
  Effect.gen(function*() {
    const common = {
      schema: SCHEMA,
      // recurring schedules are not used; the expiry sweep runs in each worker
      schedule: false,
      useListenNotify: true,
      superviseIntervalSeconds: settings.superviseSeconds,
      monitorIntervalSeconds: settings.superviseSeconds
    }
    let within: Boss["Service"]["within"]
    let boss: PgBoss
    if (target.backend === "postgres") {
      boss = new PgBoss({ ...common, connectionString: target.connectionString, max: target.poolSize ?? 6, application_name: "till-queue" })
      within = (trx, f) => f(fromKysely(trx))
    } else {
      // postgres-notes §8: pg-boss statements issued inside `within` run on the transaction. The store
      // is set only around the caller's own pg-boss calls, so nothing that outlives them (a timer, a
      // notification) can inherit a transaction that has since ended. It is the one async-local
      // transaction store in Till: the storage adapter passes its transaction explicitly (to the
      // session event sink, as `trx`), and only pg-boss's own statements, which take no transaction
      // argument, need to find it through the async context.
      const inTransaction = new AsyncLocalStorage<BossDb>()
      const base = fromPglite(target.pglite)
      const db: BossDb = { ...base, executeSql: (text, values) => (inTransaction.getStore() ?? base).executeSql(text, values) }
      boss = new PgBoss({ ...common, db, backend: "pglite" })
      within = (trx, f) => {
        const trxDb = fromKysely(trx)
        return inTransaction.run(trxDb, () => f(trxDb))
      }
    }
    // pg-boss reports outside any fiber: its errors go to the log of the context the queue started in
    const log = Effect.runForkWith(yield* Effect.context<never>())
    boss.on("error", (error) => log(logError(error)))
    yield* Effect.acquireRelease(
      Effect.promise(() => boss.start()),
      () => Effect.promise(() => boss.stop({ graceful: true, timeout: settings.deliveryTimeoutMs + 5_000 }))
    )
    yield* Effect.promise(() => ensureQueues(boss, settings))
    return Boss.of({ boss, settings, within })
  })

/** pg-boss on `target`, started with its queues; stopped (gracefully) when the layer is released. */
export const layer = (target: Target, settings: QueueSettings): Layer.Layer<Boss> => Layer.effect(Boss, make(target, settings))

/** One queue's jobs right now, for metrics. */
export interface QueueDepth {
  readonly queue: string
  /** Waiting and due: the backlog a worker would take next. */
  readonly ready: number
  /** Waiting for a later time (a retry's backoff). */
  readonly deferred: number
  /** Taken by a worker and not settled yet. */
  readonly active: number
  /** How long the longest-waiting ready job has been due, in seconds (0 with none). */
  readonly oldestReadySeconds: number
}

/** Every queue's jobs that are waiting or running (finished jobs are not counted), in one statement. */
export const depths = async (boss: PgBoss): Promise<ReadonlyArray<QueueDepth>> => {
  const result = await boss.getDb().executeSql(
    `select name,
       count(*) filter (where state in ('created', 'retry') and start_after <= now()) as ready,
       count(*) filter (where state in ('created', 'retry') and start_after > now()) as deferred,
       count(*) filter (where state = 'active') as active,
       coalesce(extract(epoch from now() - min(start_after) filter (where state in ('created', 'retry') and start_after <= now())), 0) as oldest
     from ${SCHEMA}.job where state in ('created', 'retry', 'active') group by name`
  )
  return (result.rows as ReadonlyArray<Record<string, unknown>>).map((row) => ({
    queue: String(row["name"]),
    ready: Number(row["ready"]),
    deferred: Number(row["deferred"]),
    active: Number(row["active"]),
    oldestReadySeconds: Number(row["oldest"])
  }))
}
