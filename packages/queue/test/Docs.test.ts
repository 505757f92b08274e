/**
 * docs/webhooks.md shows the tested receivers verbatim and the retry schedule the queues are configured with.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as AttemptError from "../src/AttemptError.ts"
import { defaults } from "../src/QueueSettings.ts"
import { LIVE_RETRY, TEST_RETRY } from "../src/Queues.ts"
import { scheduleTable } from "./support/ScheduleTable.ts"

const root = join(import.meta.dirname, "..", "..", "..")
const doc = readFileSync(join(root, "docs", "webhooks.md"), "utf8")

describe("docs/webhooks.md", () => {
  it("shows both receivers exactly as they are tested", () => {
    for (const file of ["StripeReceiver.ts", "StandardReceiver.ts"]) {
      const example = readFileSync(join(import.meta.dirname, "examples", file), "utf8")
      assert.include(doc, "```ts\n" + example + "```", file)
    }
  })

  it("shows the retry schedule of each mode as configured", () => {
    assert.include(doc, scheduleTable(LIVE_RETRY))
    assert.include(doc, scheduleTable(TEST_RETRY))
    assert.strictEqual(defaults.live, LIVE_RETRY)
    assert.strictEqual(defaults.test, TEST_RETRY)
    assert.include(doc, `(\`retryDelay\` ${LIVE_RETRY.retryDelay} s, \`retryDelayMax\` ${LIVE_RETRY.retryDelayMax / 3600} h, \`retryLimit\` ${LIVE_RETRY.retryLimit})`)
    assert.include(doc, `(\`retryDelay\` ${TEST_RETRY.retryDelay} s, \`retryDelayMax\` ${TEST_RETRY.retryDelayMax / 3600} h, \`retryLimit\` ${TEST_RETRY.retryLimit})`)
  })

  it("live mode retries for about three days, test mode for a few hours", () => {
    const last = (rows: ReturnType<typeof scheduleTable>) => rows.split("\n").at(-1)!
    assert.match(last(scheduleTable(LIVE_RETRY)), /to 72\.5 h \|$/)
    assert.match(last(scheduleTable(TEST_RETRY)), /to 3 h \|$/)
  })

  it("lists every phrase an attempt's error can hold", () => {
    for (const phrase of [...Object.values(AttemptError.Phrase), AttemptError.timeout(defaults.deliveryTimeoutMs)]) {
      assert.include(doc, `| \`${phrase}\` |`, phrase)
    }
  })

  it("documents TILL_WEBHOOK_ALLOW_PRIVATE here and in the README's configuration table", () => {
    assert.include(doc, "| `TILL_WEBHOOK_ALLOW_PRIVATE` | unset |")
    assert.include(readFileSync(join(root, "README.md"), "utf8"), "| `TILL_WEBHOOK_ALLOW_PRIVATE` | unset |")
    assert.deepStrictEqual(defaults.allowPrivate, { live: false, test: true })
  })

  it("is linked from the README's documentation list", () => {
    assert.include(readFileSync(join(root, "README.md"), "utf8"), "[docs/webhooks.md](docs/webhooks.md)")
  })
})
