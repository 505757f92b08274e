import type { IncomingMessage, ServerResponse } from "node:http"
import { Webhook } from "standardwebhooks"

/** The raw body: verify the bytes Till signed, before parsing anything. */
const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/**
 * A receiver that checks `webhook-id`, `webhook-timestamp` and `webhook-signature` with the Standard
 * Webhooks library and hands each event to `fulfil` once. `secret` is the endpoint's `whsec_…`.
 */
export const standardReceiver = (secret: string, fulfil: (event: { id: string; type: string }) => Promise<void>) => {
  const webhook = new Webhook(secret)
  const done = new Set<string>() // keep this in your database: a delivery can arrive more than once
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req)
    let event: { id: string; type: string }
    try {
      event = webhook.verify(body, req.headers as Record<string, string>) as { id: string; type: string }
    } catch {
      res.writeHead(400).end("invalid signature")
      return
    }
    // webhook-id is the event id: deduplicate on either
    if (!done.has(event.id)) {
      await fulfil(event)
      done.add(event.id)
    }
    res.writeHead(200).end()
  }
}
