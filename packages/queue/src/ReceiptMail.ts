/**
 * E-mailed receipts, sent through the operator's SMTP server (`TILL_SMTP_URL`) with nodemailer. A
 * payment that succeeds (`payment_intent.succeeded`: a payment taken at once, or a held one captured)
 * records a `receipt_emails` row and enqueues its job in the transaction that records the payment
 * (transactional outbox, as webhook deliveries are): a crash or a mail server's outage loses nothing.
 * The job retries with backoff (`QueueSettings.receipts`) and is dead-lettered (the row marked
 * `failed`) when its retries run out.
 *
 * At most once per session under normal retries: the row is made once per session (a second
 * `payment_intent.succeeded` finds it and enqueues nothing), and a job sends only while its row is
 * `pending`, marking it `sent` as soon as the mail server has taken the message. A worker that dies
 * between the mail server's acceptance and that mark leaves the row `pending`: its job is retried once
 * its claim expires and the receipt is sent again, with the same `Message-ID` (`<receipt.<session>@…>`),
 * by which mail readers recognize a duplicate. That window is the only way to a second copy.
 *
 * The message itself is rendered by a ReceiptComposer (the server wires `@till/http`'s), so this
 * package renders nothing.
 */
import { type Event, hasReceipt, receiptAddressOf, type ReceiptOf, Receipts, type SessionState } from "@till/core"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { type Kysely, sql } from "kysely"
import { createTransport } from "nodemailer"
import type { JobInsert, JobWithMetadata } from "pg-boss"
import { Boss } from "./Boss.ts"
import { RECEIPT_DEAD_LETTER_QUEUE, RECEIPT_QUEUE } from "./Queues.ts"

/** A receipt as a message. */
export interface ReceiptMessage {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** Renders a receipt as a message (the server provides `@till/http`'s ReceiptEmail). */
export class ReceiptComposer extends Context.Service<ReceiptComposer, {
  readonly compose: (receipt: ReceiptOf) => ReceiptMessage
}>()("till/queue/ReceiptComposer") {}

/** Where receipts are sent from: the SMTP server and the sender's address. */
export interface MailSettings {
  /** `smtp://host:port` or `smtps://user:password@host:port`; redacted, since it may hold a password. */
  readonly smtpUrl: Redacted.Redacted<string>
  /** The `From` of every receipt (`Shop <receipts@shop.example>` or a bare address). */
  readonly from: string
}

/** The job of one session's receipt. */
export interface ReceiptJob {
  readonly session: string
}

/** What a receipt's row says: waiting to be sent, sent, given up on, or with nothing to send. */
export type ReceiptStatus = "pending" | "sent" | "failed" | "skipped"

/**
 * The outbox's part for receipts, inside a session write's transaction: for each write whose payment
 * just succeeded, has a receipt and an address to send it to, the session's row (once) and its job.
 */
export const enqueue = (boss: Boss["Service"]) =>
async (trx: Kysely<any>, events: ReadonlyArray<Event>, writes: ReadonlyArray<{ readonly state: SessionState }>): Promise<void> => {
  const succeeded = new Set(events.filter((e) => e.type === "payment_intent.succeeded").map((e) => String((e.data.object as { id?: unknown }).id)))
  if (succeeded.size === 0) return
  const jobs: Array<JobInsert<ReceiptJob>> = []
  const now = Math.floor(Date.now() / 1000)
  for (const { state } of writes) {
    const pi = state.payment_intent
    if (pi === null || !succeeded.has(pi.id) || !hasReceipt(state) || receiptAddressOf(state) === null) continue
    const made = await sql<{ checkout_session: string }>`
      insert into receipt_emails (checkout_session, account, livemode, created)
      values (${state.session.id}, ${state.account}, ${state.session.livemode}, ${now})
      on conflict (checkout_session) do nothing
      returning checkout_session`.execute(trx)
    if (made.rows.length > 0) jobs.push({ data: { session: state.session.id } })
  }
  if (jobs.length > 0) await boss.within(trx, (db) => boss.boss.insert(RECEIPT_QUEUE, jobs, { db }))
}

/** The domain of an address (`Shop <receipts@shop.example>` → `shop.example`), for the Message-ID. */
export const domainOf = (from: string): string => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "till.invalid"

/** A session's receipt's status (undefined when it has no row). */
export const statusOf = async (boss: Boss["Service"], session: string): Promise<ReceiptStatus | undefined> => {
  const result = await boss.boss.getDb().executeSql("select status from receipt_emails where checkout_session = $1", [session])
  return (result.rows as ReadonlyArray<{ status: ReceiptStatus }>)[0]?.status
}

/**
 * The worker's part: sends each receipt job's message and records it, and marks dead letters
 * `failed`. Only where a mail server is configured; its connection is closed with the layer.
 */
export const workerLayer = (mail: MailSettings): Layer.Layer<never, never, Boss | Receipts | ReceiptComposer> =>
  Layer.effectDiscard(Effect.gen(function*() {
    const bossService = yield* Boss
    const { boss, settings } = bossService
    const receipts = yield* Receipts
    const composer = yield* ReceiptComposer
    const run = Effect.runPromiseWith(yield* Effect.context<never>())
    const transport = createTransport({
      url: Redacted.value(mail.smtpUrl),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000
    })
    yield* Effect.addFinalizer(() => Effect.sync(() => transport.close()))
    const db = boss.getDb()
    const domain = domainOf(mail.from)

    const send = async (job: JobWithMetadata<ReceiptJob>): Promise<void> => {
      const session = job.data.session
      // sent, failed or skipped already (a job run again after its row was settled): nothing to do
      if ((await statusOf(bossService, session)) !== "pending") return
      const found = await run(receipts.ofSession(session))
      const to = Option.isSome(found) ? receiptAddressOf(found.value.state) : null
      if (Option.isNone(found) || to === null) {
        await db.executeSql("update receipt_emails set status = 'skipped' where checkout_session = $1 and status = 'pending'", [session])
        return
      }
      const message = composer.compose(found.value)
      try {
        await transport.sendMail({ from: mail.from, to, subject: message.subject, text: message.text, html: message.html, messageId: `<receipt.${session}@${domain}>` })
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error)
        await db.executeSql("update receipt_emails set attempts = attempts + 1, last_error = $2 where checkout_session = $1", [session, why.slice(0, 500)])
        throw error
      }
      await db.executeSql(
        "update receipt_emails set status = 'sent', attempts = attempts + 1, last_error = null, sent_at = $2 where checkout_session = $1 and status = 'pending'",
        [session, Math.floor(Date.now() / 1000)]
      )
    }

    const deadLetter = async (job: JobWithMetadata<ReceiptJob>): Promise<void> => {
      await db.executeSql("update receipt_emails set status = 'failed' where checkout_session = $1 and status = 'pending'", [job.data.session])
    }

    const work = (name: string, handle: (job: JobWithMetadata<ReceiptJob>) => Promise<void>) => {
      const options = {
        includeMetadata: true,
        batchSize: 1,
        localConcurrency: 2,
        pollingIntervalSeconds: settings.pollingSeconds,
        notifyPollingIntervalSeconds: settings.pollingSeconds
      } as const
      return Effect.acquireRelease(
        Effect.promise(() => boss.work<ReceiptJob, void, typeof options>(name, options, async ([job]) => handle(job!))),
        () => Effect.promise(() => boss.offWork(name, { wait: true }))
      )
    }
    yield* work(RECEIPT_QUEUE, send)
    yield* work(RECEIPT_DEAD_LETTER_QUEUE, deadLetter)
  }))
