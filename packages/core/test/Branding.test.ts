import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as fc from "fast-check"
import { Accounts } from "../src/Accounts.ts"
import { applyProfileParams, EMPTY_PROFILE, profileFromStored, UpdateAccountParams } from "../src/AccountProfile.ts"
import { AccountProfiles } from "../src/AccountProfiles.ts"
import * as Contrast from "../src/Contrast.ts"
import { imageTypeOf, MAX_IMAGE_BYTES, parseServedName, servedName } from "../src/File.ts"
import { checkUpload, Files } from "../src/Files.ts"
import * as Testing from "../src/testing/index.ts"
import * as Validation from "../src/Validation.ts"

/** The smallest PNG signature plus filler: enough for the signature check. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])
const GIF = new TextEncoder().encode("GIF89a....")
const WEBP = new Uint8Array([...new TextEncoder().encode("RIFF"), 0, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8 ")])

const decode = (input: unknown) => Effect.runSync(Effect.result(Validation.decode(UpdateAccountParams)(input)))

describe("Contrast", () => {
  it("computes WCAG's luminance and ratio (known pairs)", () => {
    assert.strictEqual(Contrast.contrastRatio("#000000", "#ffffff"), 21)
    assert.strictEqual(Contrast.contrastRatio("#777777", "#777777"), 1)
    // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA
    assert.closeTo(Contrast.contrastRatio("#767676", "#FFFFFF"), 4.54, 0.01)
    assert.closeTo(Contrast.contrastRatio("#0000ff", "#ffffff"), 8.59, 0.01)
  })

  it("chooses white on dark colours and dark text on light ones", () => {
    assert.strictEqual(Contrast.textColorOn("#4338ca"), "#ffffff")
    assert.strictEqual(Contrast.textColorOn("#ffd700"), Contrast.PAGE_TEXT)
    assert.strictEqual(Contrast.textColorOn("#ffffff"), Contrast.PAGE_TEXT)
    assert.strictEqual(Contrast.textColorOn("#000000"), "#ffffff")
  })

  it("every colour gets a text colour of at least 4.5:1, so no colour is refused; hover only raises the contrast", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
      const color = `#${n.toString(16).padStart(6, "0")}`
      const text = Contrast.textColorOn(color)
      assert.isAtLeast(Contrast.contrastRatio(text, color), Contrast.MIN_TEXT_CONTRAST)
      assert.isAtLeast(Contrast.contrastRatio(text, Contrast.hoverOf(color)) + 1e-9, Contrast.contrastRatio(text, color))
    }), { numRuns: 5000 })
    // the worst case: about 4.58:1 with either white or black
    assert.isAtLeast(Contrast.contrastRatio("#000000", "#757575"), 4.5)
  })

  it("uses the brand colour as link text only where it is readable on the page's background", () => {
    assert.strictEqual(Contrast.asTextOnLight("#4338CA"), "#4338ca")
    assert.isUndefined(Contrast.asTextOnLight("#ffd700"))
  })
})

describe("account profile parameters", () => {
  it("takes Stripe's business_profile and settings.branding with the two URL extensions", () => {
    const params = decode({
      business_profile: { name: "Acme", support_email: "help@acme.test", support_phone: "+1 (555) 010-9999", url: "https://acme.test",
        support_url: "https://acme.test/help", terms_of_service_url: "https://acme.test/terms", privacy_policy_url: "http://acme.test/privacy" },
      settings: { branding: { primary_color: "#FF5500", secondary_color: "#112233", logo: "file_1" } }
    })
    assert.isTrue(params._tag === "Success")
    const profile = applyProfileParams(EMPTY_PROFILE, (params as any).success)
    assert.strictEqual(profile.branding.primary_color, "#ff5500")
    assert.strictEqual(profile.business_profile.terms_of_service_url, "https://acme.test/terms")
    // "" unsets; what is not given stays
    const unset = applyProfileParams(profile, (decode({ business_profile: { name: "" }, settings: { branding: { logo: "" } } }) as any).success)
    assert.isNull(unset.business_profile.name)
    assert.isNull(unset.branding.logo)
    assert.strictEqual(unset.business_profile.support_email, "help@acme.test")
  })

  it("refuses bad URLs, e-mails, phones and colours, naming the parameter", () => {
    const cases: ReadonlyArray<[unknown, string]> = [
      [{ business_profile: { url: "javascript:alert(1)" } }, "business_profile[url]"],
      [{ business_profile: { terms_of_service_url: "ftp://acme.test/terms" } }, "business_profile[terms_of_service_url]"],
      [{ business_profile: { privacy_policy_url: "/privacy" } }, "business_profile[privacy_policy_url]"],
      [{ business_profile: { support_email: "not an email" } }, "business_profile[support_email]"],
      [{ business_profile: { support_phone: "call me" } }, "business_profile[support_phone]"],
      [{ settings: { branding: { primary_color: "red" } } }, "settings[branding][primary_color]"],
      [{ settings: { branding: { secondary_color: "#12345" } } }, "settings[branding][secondary_color]"],
      [{ settings: { branding: { primary_color: "#12345g" } } }, "settings[branding][primary_color]"],
      [{ business_profile: { mcc: "5734" } }, "business_profile[mcc]"]
    ]
    for (const [input, param] of cases) {
      const result = decode(input)
      assert.isTrue(result._tag === "Failure", param)
      assert.strictEqual((result as any).failure.param, param)
    }
  })

  it("reads a stored profile missing fields (or with odd ones) as nulls", () => {
    assert.deepStrictEqual(profileFromStored(null), EMPTY_PROFILE)
    const partial = profileFromStored({ business_profile: { name: "Old", support_email: 5 } })
    assert.strictEqual(partial.business_profile.name, "Old")
    assert.isNull(partial.business_profile.support_email)
    assert.isNull(partial.business_profile.terms_of_service_url)
    assert.deepStrictEqual(partial.branding, EMPTY_PROFILE.branding)
  })
})

describe("files", () => {
  it("recognizes images by their bytes, not their names", () => {
    assert.strictEqual(imageTypeOf(PNG), "png")
    assert.strictEqual(imageTypeOf(JPEG), "jpg")
    assert.strictEqual(imageTypeOf(GIF), "gif")
    assert.strictEqual(imageTypeOf(WEBP), "webp")
    assert.isUndefined(imageTypeOf(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>")))
    assert.isUndefined(imageTypeOf(new TextEncoder().encode("%PDF-1.7")))
  })

  it("checks purpose, presence, size and type, naming purpose or file", () => {
    const file = (bytes: Uint8Array) => ({ bytes, filename: "logo.png" })
    const paramOf = (upload: Parameters<typeof checkUpload>[0]) => checkUpload(upload)?.param
    assert.strictEqual(paramOf({ purpose: undefined, file: file(PNG) }), "purpose")
    assert.strictEqual(paramOf({ purpose: "dispute_evidence", file: file(PNG) }), "purpose")
    assert.strictEqual(paramOf({ purpose: "business_logo", file: undefined }), "file")
    assert.strictEqual(paramOf({ purpose: "business_logo", file: file(new Uint8Array()) }), "file")
    assert.strictEqual(paramOf({ purpose: "business_logo", file: file(new TextEncoder().encode("<html>")) }), "file")
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1)
    big.set(PNG)
    assert.strictEqual(paramOf({ purpose: "business_icon", file: file(big) }), "file")
    assert.isUndefined(checkUpload({ purpose: "business_icon", file: file(big.slice(0, MAX_IMAGE_BYTES)) }))
  })

  it("stores, retrieves and lists an account's files; serves one only under its current name", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const files = yield* Files
      const { account } = yield* accounts.create("Acme")
      const { account: other } = yield* accounts.create("Other")
      const logo = yield* files.create(account.id, { purpose: "business_logo", file: { bytes: PNG, filename: "logo.png" } })
      assert.match(logo.id, /^file_/)
      assert.deepStrictEqual([logo.type, logo.size, logo.filename, logo.purpose], ["png", PNG.length, "logo.png", "business_logo"])
      assert.deepStrictEqual(yield* files.retrieve(account.id, logo.id), logo)
      assert.strictEqual((yield* Effect.flip(files.retrieve(other.id, logo.id)))._tag, "ResourceMissing")
      const icon = yield* files.create(account.id, { purpose: "business_icon", file: { bytes: JPEG, filename: null } })
      const scope = { account: account.id, livemode: false }
      assert.deepStrictEqual((yield* files.list(scope, {})).data.map((f) => f.id).sort(), [icon.id, logo.id].sort())
      assert.deepStrictEqual((yield* files.list(scope, { purpose: "business_icon" })).data.map((f) => f.id), [icon.id])
      assert.deepStrictEqual((yield* files.list({ account: other.id, livemode: false }, {})).data, [])

      const name = servedName(logo)
      assert.deepStrictEqual(parseServedName(name), { id: logo.id, hash: logo.sha256.slice(0, 16) })
      const served = yield* files.served(name)
      assert.deepStrictEqual(Option.map(served, (s) => [...s.content]), Option.some([...PNG]))
      assert.isTrue(Option.isNone(yield* files.served(name.replace(/-[0-9a-f]{4}/, "-0000"))))
      assert.isTrue(Option.isNone(yield* files.served(name.replace(".png", ".gif"))))
      assert.isTrue(Option.isNone(yield* files.served("../../etc/passwd")))
    }).pipe(Effect.provide(Testing.layer)))
})

describe("AccountProfiles", () => {
  it("an account that set nothing has the empty profile; updates merge, and the logo and icon must be the account's files of their purpose", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const profiles = yield* AccountProfiles
      const files = yield* Files
      const { account } = yield* accounts.create("Acme")
      const { account: other } = yield* accounts.create("Other")
      assert.deepStrictEqual(yield* profiles.profileOf(account.id), EMPTY_PROFILE)
      assert.deepStrictEqual(yield* profiles.profileOf("acct_missing"), EMPTY_PROFILE)

      const logo = yield* files.create(account.id, { purpose: "business_logo", file: { bytes: PNG, filename: "logo.png" } })
      const icon = yield* files.create(account.id, { purpose: "business_icon", file: { bytes: PNG, filename: "icon.png" } })
      const foreign = yield* files.create(other.id, { purpose: "business_logo", file: { bytes: PNG, filename: "logo.png" } })

      const updated = yield* profiles.update(account.id, { business_profile: { name: "Acme Shop" }, settings: { branding: { logo: logo.id, primary_color: "#AA0000" } } })
      assert.strictEqual(updated.profile.business_profile.name, "Acme Shop")
      assert.strictEqual(updated.profile.branding.primary_color, "#aa0000")
      assert.strictEqual(updated.account.name, "Acme")
      const merged = yield* profiles.update(account.id, { business_profile: { support_email: "help@acme.test" } })
      assert.deepStrictEqual([merged.profile.business_profile.name, merged.profile.branding.logo], ["Acme Shop", logo.id])

      const wrongPurpose = yield* Effect.flip(profiles.update(account.id, { settings: { branding: { logo: icon.id } } }))
      assert.deepStrictEqual([wrongPurpose._tag, (wrongPurpose as any).param], ["ValidationError", "settings[branding][logo]"])
      const notOurs = yield* Effect.flip(profiles.update(account.id, { settings: { branding: { icon: foreign.id } } }))
      assert.deepStrictEqual([notOurs._tag, (notOurs as any).param], ["ResourceMissing", "settings[branding][icon]"])
      assert.strictEqual((yield* profiles.profileOf(account.id)).branding.icon, null)
      assert.deepStrictEqual(yield* profiles.profileOf(other.id), EMPTY_PROFILE)
      assert.strictEqual((yield* Effect.flip(profiles.update("acct_missing", {})))._tag, "ResourceMissing")
    }).pipe(Effect.provide(Testing.layer)))
})
