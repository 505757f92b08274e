/**
 * A webhook receiver on 127.0.0.1 (an ephemeral port) for the tests: it records every request, checks
 * each one with both `stripe.webhooks.constructEvent` and `standardwebhooks`, and answers whatever the
 * test tells it to.
 */
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import { Webhook } from "standardwebhooks"
import Stripe from "stripe"

const stripe = new Stripe("sk_test_unused")

/** One request the receiver got. */
export interface Received {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly at: number
  /** The event, parsed from the body. */
  readonly event: { readonly id: string; readonly type: string; readonly [key: string]: unknown }
  /** Whether each library accepted the signature (with the secret registered for the path). */
  readonly stripeVerified: boolean
  readonly standardVerified: boolean
  /** What the receiver answered (0: it did not answer in time). */
  readonly status: number
}

/** How to answer a request: a status, optionally after a delay and with headers (a redirect's `location`). */
export type Answer = number | {
  readonly status: number
  readonly delayMs?: number
  readonly headers?: Readonly<Record<string, string>>
}

/** The receiver's controls. */
export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  /** The secret each path's deliveries are signed with (the endpoint's `whsec_`). */
  readonly secrets: Map<string, string>
  /** Decides the answer; `nth` counts earlier requests for the same event on the same path. */
  answer: (request: { readonly path: string; readonly eventId: string; readonly nth: number }) => Answer
  /** Resolves once `predicate` holds, or rejects after `ms`. */
  readonly until: (what: string, predicate: (received: ReadonlyArray<Received>) => boolean, ms?: number) => Promise<void>
  readonly close: () => Promise<void>
}

const verifiedByStripe = (body: string, headers: IncomingHttpHeaders, secret: string | undefined) => {
  try {
    if (secret === undefined) return false
    stripe.webhooks.constructEvent(body, String(headers["stripe-signature"]), secret)
    // Till-Signature, the alias earlier versions sent alone, carries the same value
    return headers["till-signature"] === headers["stripe-signature"]
  } catch {
    return false
  }
}

const verifiedByStandard = (body: string, headers: IncomingHttpHeaders, secret: string | undefined) => {
  try {
    if (secret === undefined) return false
    new Webhook(secret).verify(body, headers as Record<string, string>)
    return true
  } catch {
    return false
  }
}

/** Starts a receiver that answers 200 until told otherwise. */
export const start = async (): Promise<Receiver> => {
  const received: Array<Received> = []
  const secrets = new Map<string, string>()
  const receiver: { answer: Receiver["answer"] } = { answer: () => 200 }
  const server = createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString("utf8")
    const path = req.url ?? "/"
    let event: Received["event"]
    try {
      event = JSON.parse(body)
    } catch {
      event = { id: "", type: "" }
    }
    const nth = received.filter((r) => r.path === path && r.event.id === event.id).length
    const answer = receiver.answer({ path, eventId: event.id, nth })
    const { delayMs = 0, headers = {}, status } = typeof answer === "number" ? { status: answer } : answer
    received.push({
      path,
      headers: req.headers,
      body,
      at: Date.now(),
      event,
      stripeVerified: verifiedByStripe(body, req.headers, secrets.get(path)),
      standardVerified: verifiedByStandard(body, req.headers, secrets.get(path)),
      status
    })
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
    if (!res.destroyed) res.writeHead(status, { "content-type": "text/plain", ...headers }).end("ok")
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    received,
    secrets,
    until: async (what: string, predicate: (r: ReadonlyArray<Received>) => boolean, ms = 30_000) => {
      const started = Date.now()
      while (!predicate(received)) {
        if (Date.now() - started > ms) {
          throw new Error(`timed out after ${ms} ms waiting for ${what}; received: ${JSON.stringify(received.map((r) => [r.path, r.event.type, r.status]))}`)
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  })
}
