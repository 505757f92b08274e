/**
 * `till listen`: follows a running Till's event stream (`GET /v1/events/stream`) and forwards each
 * event to a local URL, signed as Till's deliveries are (`Stripe-Signature` and Standard Webhooks) with a
 * secret of this listener's, printing one line per event. After a dropped connection it reconnects
 * with the last event id it forwarded, so the stream resumes just past it; with a state file, a
 * restarted listener does the same (and keeps its secret). Delivery to the local URL is at least once:
 * an event is forwarded again only when the listener stopped between forwarding it and recording it.
 */
import { Signature } from "@till/queue"
import { randomBytes } from "node:crypto"
import { readFileSync, renameSync, writeFileSync } from "node:fs"

/** What `till listen` was asked to do. */
export interface Options {
  readonly apiBase: string
  readonly apiKey: string
  readonly forwardTo: string
  /** Only these event types; all when empty. */
  readonly events: ReadonlyArray<string>
  /** Where the secret and the last forwarded event id are kept between runs; none: a new secret each run, starting from now. */
  readonly stateFile: string | undefined
  readonly print: (line: string) => void
}

interface State {
  readonly secret: string
  lastEventId: string | undefined
}

/** A refusal the listener cannot fix by reconnecting (a bad key, an unknown event type). */
export class ListenRefused extends Error {}

const readState = (file: string | undefined): State => {
  if (file !== undefined) {
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8"))
      if (typeof parsed.secret === "string" && parsed.secret.startsWith("whsec_")) {
        return { secret: parsed.secret, lastEventId: typeof parsed.last_event_id === "string" ? parsed.last_event_id : undefined }
      }
    } catch {
      // no state yet: a new secret, from now
    }
  }
  return { secret: `whsec_${randomBytes(32).toString("base64")}`, lastEventId: undefined }
}

// written to a temporary file and renamed: a listener killed mid-write leaves the previous state whole
const writeState = (file: string | undefined, state: State) => {
  if (file === undefined) return
  writeFileSync(`${file}.tmp`, JSON.stringify({ secret: state.secret, last_event_id: state.lastEventId ?? null }), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

const timeOf = (date = new Date()) => date.toISOString().replace("T", " ").slice(0, 19)

/** One SSE message: its fields, as the stream sent them. */
interface Message {
  readonly id: string | undefined
  readonly event: string | undefined
  readonly data: string
}

/** Reads the SSE messages of a response body as they arrive (comments and keep-alives are skipped). */
async function* messages(body: ReadableStream<Uint8Array>, onBytes: () => void): AsyncGenerator<Message> {
  const decoder = new TextDecoder()
  let buffer = ""
  let fields: { id?: string; event?: string; data: Array<string> } = { data: [] }
  for await (const chunk of body) {
    onBytes()
    buffer += decoder.decode(chunk, { stream: true })
    let newline: number
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "")
      buffer = buffer.slice(newline + 1)
      if (line === "") {
        if (fields.data.length > 0) yield { id: fields.id, event: fields.event, data: fields.data.join("\n") }
        fields = { data: [] }
        continue
      }
      if (line.startsWith(":")) continue
      const colon = line.indexOf(":")
      const name = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "")
      if (name === "data") fields.data.push(value)
      else if (name === "id") fields.id = value
      else if (name === "event") fields.event = value
    }
  }
}

/** How long the stream may stay silent (it sends a keep-alive every 15 s) before the listener reconnects. */
const SILENCE_MS = 45_000
/** The first wait before a reconnection; it doubles up to 5 s while the server stays unreachable. */
const FIRST_DELAY_MS = 250

/** Why a request failed, in a word where Node gives one (ECONNREFUSED). */
const reason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (error as Error).message
}

/** How long the local URL may take to answer. */
const FORWARD_TIMEOUT_MS = 30_000

/** Forwards one event; answers the line to print. */
const forward = async (options: Options, secret: string, message: Message): Promise<string> => {
  const id = message.id ?? ""
  const headers = Signature.headers(secret, id, Math.floor(Date.now() / 1000), message.data)
  const what = `${timeOf()}  --> ${message.event ?? "event"} [${id}]`
  try {
    const response = await fetch(options.forwardTo, {
      method: "POST",
      headers,
      body: message.data,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS)
    })
    await response.arrayBuffer().catch(() => undefined)
    return `${what}  <-- [${response.status}] POST ${options.forwardTo}`
  } catch (error) {
    return `${what}  <-- [ERROR] POST ${options.forwardTo}: ${reason(error)}`
  }
}

/** Runs the listener until `signal` aborts; rejects with {@link ListenRefused} when the server refuses it. */
export const listen = async (options: Options, signal: AbortSignal): Promise<void> => {
  const state = readState(options.stateFile)
  writeState(options.stateFile, state)
  const url = new URL("/v1/events/stream", options.apiBase)
  if (options.events.length > 0) url.searchParams.set("types", options.events.join(","))
  let ready = false
  let delay = FIRST_DELAY_MS
  while (!signal.aborted) {
    const connection = new AbortController()
    const abort = () => connection.abort()
    signal.addEventListener("abort", abort)
    let silence: NodeJS.Timeout | undefined
    const heard = () => {
      clearTimeout(silence)
      silence = setTimeout(abort, SILENCE_MS)
    }
    try {
      const response = await fetch(url, {
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: "text/event-stream",
          ...(state.lastEventId === undefined ? {} : { "last-event-id": state.lastEventId })
        },
        signal: connection.signal
      })
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        const body = await response.json().catch(() => undefined) as { error?: { message?: string } } | undefined
        throw new ListenRefused(`${url.origin} refused the event stream (${response.status}): ${body?.error?.message ?? response.statusText}`)
      }
      if (!response.ok || response.body === null) throw new Error(`status ${response.status}`)
      heard()
      if (!ready) {
        ready = true
        options.print(
          `Ready! Forwarding ${options.events.length === 0 ? "all events" : options.events.join(", ")} from ${url.origin} to ${options.forwardTo}\n` +
            `Your webhook signing secret is ${state.secret} (^C to quit)`
        )
      } else {
        options.print(`${timeOf()}  Reconnected${state.lastEventId === undefined ? "" : `, resuming after ${state.lastEventId}`}`)
      }
      delay = FIRST_DELAY_MS
      for await (const message of messages(response.body, heard)) {
        const line = await forward(options, state.secret, message)
        // recorded before it is printed: an event the listener printed is never forwarded again
        if (message.id !== undefined) {
          state.lastEventId = message.id
          writeState(options.stateFile, state)
        }
        options.print(line)
      }
      throw new Error("the stream ended")
    } catch (error) {
      if (error instanceof ListenRefused) throw error
      if (signal.aborted) return
      if (delay === FIRST_DELAY_MS) options.print(`${timeOf()}  Cannot reach ${url.origin} (${reason(error)}); reconnecting…`)
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, 5_000)
    } finally {
      clearTimeout(silence)
      signal.removeEventListener("abort", abort)
    }
  }
}
