/**
 * A webhook receiver as a merchant writes one (the raw body, Stripe's header, Stripe's library), for the
 * tests that run Till as users do and check what its webhooks deliver.
 */
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import Stripe from "stripe"

/**
 * Starts a receiver on a free port (or on `port`, to bring up a receiver that was down): every event
 * `constructEvent` accepts, and why it refused the others.
 */
export const startReceiver = async (port = 0) => {
  const verifier = new Stripe("sk_test_unused")
  const events: Array<Stripe.Event> = []
  const refused: Array<string> = []
  let secret = ""
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = ""
      req.on("data", (c: Buffer) => (body += c.toString()))
      req.on("end", () => resolve(body))
    })
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    try {
      events.push(verifier.webhooks.constructEvent(body, req.headers["stripe-signature"] as string, secret))
      res.writeHead(200).end()
    } catch (error) {
      refused.push(String(error))
      res.writeHead(400).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    events,
    refused,
    setSecret: (s: string) => void (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Polls `find` every 100 ms until it finds something, failing after `ms`. */
export const waitUntil = async <A>(what: string, find: () => A | undefined, ms = 60_000): Promise<A> => {
  const started = Date.now()
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
