import type { IncomingMessage, ServerResponse } from "node:http"
import Stripe from "stripe"

// Verifying a signature needs no API key; the client is only used for its webhooks helper.
const stripe = new Stripe("sk_test_unused")

/** The raw body: verify the bytes Till signed, before parsing anything. */
const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/**
 * A receiver that checks `Stripe-Signature` with Stripe's own library and hands each event to `fulfil`
 * once. `secret` is the endpoint's `whsec_…`, shown when the endpoint was created.
 */
export const stripeReceiver = (secret: string, fulfil: (event: Stripe.Event) => Promise<void>) => {
  const done = new Set<string>() // keep this in your database: a delivery can arrive more than once
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req)
    let event: Stripe.Event
    try {
      event = stripe.webhooks.constructEvent(body, String(req.headers["stripe-signature"]), secret)
    } catch {
      res.writeHead(400).end("invalid signature")
      return
    }
    if (!done.has(event.id)) {
      await fulfil(event)
      done.add(event.id)
    }
    res.writeHead(200).end()
  }
}
