/**
 * `till processors` against a real `till serve` on PGlite, at its most verbose log level: without
 * TILL_ENCRYPTION_KEY the server refuses to store credentials (the command says why); with it, the
 * credentials read from the environment are stored sealed, shown by their last four characters only,
 * and appear in no log line of the server or the command, nor in clear in any file of the database.
 */
import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { freePort, freshDataDir, printChildrenOnFailure, runTill, START_MS, startTill, stopTill, upOrKilled } from "./support.ts"

const KEY = "sk_test_processorsCli123"
const LIVE_SECRET = "sk_live_51CliSecretVALUEz7Wq"
const HOOK_SECRET = "whsec_CliHookSECRETy2Lm"

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

describe("till processors, against till serve on PGlite", () => {
  printChildrenOnFailure()

  it("refuses credentials without an encryption key, stores them sealed with one, and never shows or logs them", { timeout: 4 * START_MS }, async () => {
    const credentials = { TILL_PROCESSOR_CREDENTIAL_SECRET_KEY: LIVE_SECRET, TILL_PROCESSOR_CREDENTIAL_WEBHOOK_SECRET: HOOK_SECRET }
    const serve = async (env: Record<string, string>) => {
      const port = await freePort()
      const dataDir = freshDataDir()
      const till = startTill(["serve"], { TILL_DATA_DIR: dataDir, TILL_SECRET_KEY: KEY, PORT: String(port), TILL_LOG_LEVEL: "trace", TILL_WORKER: "false", ...env })
      await upOrKilled(till, "listening", () => till.output.stdout.includes("listening"))
      return { till, port, dataDir }
    }

    const without = await serve({})
    try {
      const refused = await runTill(["processors", "set", "--processor", "stripe"], { TILL_API_BASE: `http://127.0.0.1:${without.port}`, TILL_API_KEY: KEY, ...credentials })
      assert.notStrictEqual(refused.code, 0)
      assert.include(refused.stderr + refused.stdout, "TILL_ENCRYPTION_KEY")
      assert.notInclude(refused.stderr + refused.stdout, LIVE_SECRET)
    } finally {
      await stopTill(without.till)
    }

    const withKey = await serve({ TILL_ENCRYPTION_KEY: "ab".repeat(32) })
    let logs = ""
    try {
      const api = { TILL_API_BASE: `http://127.0.0.1:${withKey.port}`, TILL_API_KEY: KEY }
      // a test key sets test mode: --mode live with it is a mistake the command catches
      const wrongMode = await runTill(["processors", "set", "--processor", "stripe", "--mode", "live"], { ...api, ...credentials })
      assert.notStrictEqual(wrongMode.code, 0)
      assert.include(wrongMode.stderr, "needs a live key")

      const set = await runTill(["processors", "set", "--processor", "stripe", "--mode", "test"], { ...api, ...credentials })
      assert.strictEqual(set.code, 0, set.stderr)
      assert.include(set.stdout, "Test-mode payments go to: stripe")
      assert.include(set.stdout, `credential secret_key: …${LIVE_SECRET.slice(-4)}`)
      const shown = await runTill(["processors", "show", "--json"], api)
      assert.strictEqual(shown.code, 0, shown.stderr)
      const settings = JSON.parse(shown.stdout) as { processor: string; credentials: Record<string, { last4: string }> }
      assert.strictEqual(settings.processor, "stripe")
      assert.deepStrictEqual(settings.credentials, { secret_key: { last4: LIVE_SECRET.slice(-4) }, webhook_secret: { last4: HOOK_SECRET.slice(-4) } })
      logs += set.stdout + set.stderr + shown.stdout + shown.stderr
    } finally {
      await stopTill(withKey.till)
    }
    logs += withKey.till.output.stdout + withKey.till.output.stderr
    assert.include(logs, "processor_settings", "the access log names the route")
    for (const secret of [LIVE_SECRET, HOOK_SECRET]) {
      assert.notInclude(logs, secret)
      // the database's files, once the server closed it: the credentials are only there sealed
      for (const file of filesUnder(withKey.dataDir)) assert.isFalse(readFileSync(file).includes(secret), `${file} holds a credential in clear`)
    }
  })
})
