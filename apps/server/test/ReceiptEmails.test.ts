/**
 * E-mailed receipts end to end, through a real SMTP server on loopback (mail/Inbox.ts): a paid
 * session's receipt arrives once, in plain text and HTML, in the session's language; a mail server
 * that refuses for a while still gets it, once; and a server without `TILL_SMTP_URL` sends nothing
 * and serves as ever.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Inbox, startInbox } from "./mail/Inbox.ts"
import { freshDataDir, printChildrenOnFailure, serveTill, stopTill, type Till, waitFor } from "./support.ts"

const KEY = "sk_test_receiptsuite123"

const call = async (till: Till & { url: string }, path: string, body: string, key = KEY) => {
  const reply = await fetch(`${till.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
    body
  })
  const json = await reply.json() as Record<string, any>
  assert.strictEqual(reply.status, 200, JSON.stringify(json))
  return json
}

/** Creates a session and pays it with the test Visa (in a plan when `installments` is given); answers the session. */
const paidSession = async (till: Till & { url: string }, params: string, installments?: number) => {
  const session = await call(till, "/v1/checkout/sessions", `mode=payment&${params}`)
  await call(till, `/v1/checkout/sessions/${session.id}/payments`, `payment_method=pm_card_visa${installments === undefined ? "" : `&installments[count]=${installments}`}`)
  return session
}

const SHIRTS = "line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1200&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2"

const sentFor = (inbox: Inbox, sessionId: string) => inbox.messages.filter((m) => m.messageId?.includes(sessionId))

describe("e-mailed receipts", () => {
  printChildrenOnFailure()
  let inbox: Inbox
  beforeAll(async () => {
    inbox = await startInbox()
  })
  afterAll(async () => inbox?.close())

  it("sends a paid session's receipt once, in text and HTML and the session's language, and gets it through a mail server's outage", async () => {
    const till = await serveTill({
      TILL_DATA_DIR: freshDataDir(),
      TILL_SECRET_KEY: KEY,
      TILL_SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
      TILL_RECEIPT_FROM: "Shop receipts <receipts@shop.example>",
      TILL_SMTP_RETRY_DELAY_SECONDS: "1",
      TILL_QUEUE_POLLING_SECONDS: "0.5"
    })
    try {
      const english = await paidSession(till, `${SHIRTS}&customer_email=ada@example.com`)
      await waitFor("the English receipt", () => sentFor(inbox, english.id).length > 0)
      const [mail] = sentFor(inbox, english.id)
      assert.strictEqual(mail!.subject, "Your receipt from default")
      assert.strictEqual(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : "", "ada@example.com")
      assert.include(mail!.from?.text ?? "", "receipts@shop.example")
      for (const part of ["Receipt from default", "Amount paid: $24.00", "Visa ending in 4242", "T-shirt × 2: $24.00", "Total: $24.00", "/receipts/ch_"]) {
        assert.include(mail!.text ?? "", part)
      }
      const html = String(mail!.html)
      for (const part of ["Receipt from default", "$24.00", "Visa ending in 4242", 'lang="en"']) assert.include(html, part)
      // the link is the charge's receipt page, and it opens
      const link = /(http:\/\/\S+\/receipts\/\S+)/.exec(mail!.text ?? "")![1]!
      assert.strictEqual((await fetch(link)).status, 200)

      const spanish = await paidSession(
        till,
        "amount=45000&currency=clp&locale=es&country=CL&customer_email=gabriela@example.com&payment_method_options[card][installments][plans][0][count]=6&payment_method_options[card][installments][plans][0][rate]=5.07",
        6
      )
      await waitFor("the Spanish receipt", () => sentFor(inbox, spanish.id).length > 0)
      const [es] = sentFor(inbox, spanish.id)
      assert.strictEqual(es!.subject, "Tu recibo de default")
      const text = (es!.text ?? "").replace(/\u00a0/g, " ")
      for (const part of ["Recibo de default", "Monto pagado: $47.282", "Visa terminada en 4242", "6 cuotas de $7.880 (la última de $7.882) · total $47.282", "Total: $45.000", "Monto cobrado: $47.282"]) {
        assert.include(text, part)
      }
      assert.include(String(es!.html), 'lang="es"')

      // the mail server refuses twice (451): the receipt is retried with backoff, and arrives once
      inbox.refuse = 2
      const retried = await paidSession(till, `${SHIRTS}&customer_email=grace@example.com`)
      await waitFor("the receipt after the outage", () => sentFor(inbox, retried.id).length > 0, 60_000)
      assert.strictEqual(inbox.refused, 2)
      // a payment that needs no new receipt (a refund) sends nothing more; nor does waiting for retries
      await call(till, "/v1/refunds", `payment_intent=${(await (await fetch(`${till.url}/v1/checkout/sessions/${retried.id}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as { payment_intent: string }).payment_intent}`)
      await new Promise((r) => setTimeout(r, 4_000))
      assert.lengthOf(sentFor(inbox, retried.id), 1)
      assert.lengthOf(sentFor(inbox, english.id), 1)
      assert.lengthOf(sentFor(inbox, spanish.id), 1)

      // a session with no address to send to gets none
      const anonymous = await paidSession(till, SHIRTS)
      await new Promise((r) => setTimeout(r, 2_000))
      assert.lengthOf(sentFor(inbox, anonymous.id), 0)
    } finally {
      await stopTill(till)
    }
  }, 240_000)

  it("sends nothing without TILL_SMTP_URL, and serves as ever", async () => {
    const till = await serveTill({ TILL_DATA_DIR: freshDataDir(), TILL_SECRET_KEY: KEY, TILL_QUEUE_POLLING_SECONDS: "0.5" })
    try {
      const before = inbox.messages.length
      const session = await paidSession(till, `${SHIRTS}&customer_email=ada@example.com`)
      await new Promise((r) => setTimeout(r, 3_000))
      assert.strictEqual(inbox.messages.length, before)
      assert.lengthOf(sentFor(inbox, session.id), 0)
      assert.strictEqual((await fetch(`${till.url}/healthz`)).status, 200)
    } finally {
      await stopTill(till)
    }
  }, 180_000)
})
