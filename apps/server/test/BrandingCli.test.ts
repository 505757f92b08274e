/**
 * `till accounts branding` as a real process: through the running server that holds the embedded
 * database (its admin route), and with no server (it opens the database itself). The logo is read
 * from disk, uploaded as the account's file, and served at the file's URL.
 */
import { assert, describe, it } from "@effect/vitest"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { freshDataDir, printChildrenOnFailure, runTill, serveTill, START_MS, stopTill } from "./support.ts"

const KEY = "sk_test_brandingcli1"
const PNG_1X1 = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082",
  "hex"
)

const account = async (base: string) => (await fetch(`${base}/v1/account`, { headers: { authorization: `Bearer ${KEY}` } })).json() as Promise<any>

describe("till accounts branding", () => {
  printChildrenOnFailure()

  it("sets the name, colours, links and logo through the running server, refuses bad values by flag, and works with no server", { timeout: 4 * START_MS }, async () => {
    const dataDir = freshDataDir()
    const env = { TILL_DATA_DIR: dataDir }
    const logoPath = join(dataDir, "..", "logo.png")
    writeFileSync(logoPath, PNG_1X1)
    const textPath = join(dataDir, "..", "logo.txt")
    writeFileSync(textPath, "not an image")
    const server = await serveTill({ ...env, TILL_SECRET_KEY: KEY })
    let id: string
    try {
      id = (await account(server.url)).id
      const set = await runTill([
        "accounts", "branding", id, "--name", "Acme Coffee", "--primary-color", "#0A7C3E", "--terms-url", "https://acme.test/terms",
        "--support-email", "help@acme.test", "--logo", logoPath, "--json"
      ], env)
      assert.strictEqual(set.code, 0, set.stderr)
      const printed = JSON.parse(set.stdout)
      assert.strictEqual(printed.business_profile.name, "Acme Coffee")
      assert.strictEqual(printed.branding.primary_color, "#0a7c3e")
      assert.match(printed.branding.logo, /^file_/)

      const shown = await account(server.url)
      assert.deepStrictEqual(
        [shown.business_profile.name, shown.business_profile.terms_of_service_url, shown.settings.branding.logo],
        ["Acme Coffee", "https://acme.test/terms", printed.branding.logo]
      )
      const file = await (await fetch(`${server.url}/v1/files/${printed.branding.logo}`, { headers: { authorization: `Bearer ${KEY}` } })).json() as any
      const image = await fetch(file.url)
      assert.strictEqual(image.headers.get("content-type"), "image/png")
      assert.deepStrictEqual(Buffer.from(await image.arrayBuffer()), PNG_1X1)

      const badColor = await runTill(["accounts", "branding", id, "--primary-color", "green"], env)
      assert.strictEqual(badColor.code, 1)
      assert.include(badColor.stderr, "settings[branding][primary_color]")
      const badLogo = await runTill(["accounts", "branding", id, "--logo", textPath], env)
      assert.strictEqual(badLogo.code, 1)
      assert.include(badLogo.stderr, "--logo")
      const nobody = await runTill(["accounts", "branding", "acct_missing", "--name", "X"], env)
      assert.strictEqual(nobody.code, 1)
      assert.include(nobody.stderr, "no such account")
    } finally {
      await stopTill(server)
    }
    // no server: the command opens the database; "" unsets
    const offline = await runTill(["accounts", "branding", id!, "--name", "", "--privacy-url", "https://acme.test/privacy"], env)
    assert.strictEqual(offline.code, 0, offline.stderr)
    assert.include(offline.stdout, "name: -")
    assert.include(offline.stdout, "privacy_policy_url: https://acme.test/privacy")
    assert.include(offline.stdout, "primary_color: #0a7c3e")
  })
})
