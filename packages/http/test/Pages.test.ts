/**
 * The pages' building blocks: language negotiation, the translations, escaping, and the script
 * asset (which must parse, and carry every language).
 */
import { assert, describe, it } from "@effect/vitest"
import * as CheckoutShell from "../src/pages/CheckoutShell.ts"
import * as Assets from "../src/pages/Assets.ts"
import { contentSecurityPolicy, escape, framedHeaders, pageHeaders } from "../src/pages/Html.ts"
import * as Locale from "../src/pages/Locale.ts"
import { fill, LANGUAGES, messages } from "../src/pages/Messages.ts"

describe("Locale", () => {
  it("reads Accept-Language by preference, dropping q=0, * and junk", () => {
    assert.deepStrictEqual(Locale.preferences("es-CL,es;q=0.9,en;q=0.8"), ["es-CL", "es", "en"])
    assert.deepStrictEqual(Locale.preferences("en;q=0.5, pt-BR , fr;q=0, *;q=0.1"), ["pt-BR", "en"])
    assert.deepStrictEqual(Locale.preferences(undefined), [])
    assert.isAtMost(Locale.preferences("en,".repeat(10_000)).length, 20)
  })

  it("takes the session's locale when the pages speak it, else the browser's, else English", () => {
    assert.deepStrictEqual(Locale.resolve(null, undefined), { locale: "en", language: "en" })
    assert.deepStrictEqual(Locale.resolve("auto", "pt-BR,pt;q=0.9"), { locale: "pt-BR", language: "pt" })
    assert.deepStrictEqual(Locale.resolve("es", "en-US"), { locale: "es", language: "es" })
    assert.deepStrictEqual(Locale.resolve("en-GB", "es-CL"), { locale: "en-GB", language: "en" })
    assert.deepStrictEqual(Locale.resolve("es-419", undefined), { locale: "es-419", language: "es" })
    // a language the pages do not speak gives way to the browser's
    assert.deepStrictEqual(Locale.resolve("fr", "de-DE,pt;q=0.5"), { locale: "pt", language: "pt" })
    assert.deepStrictEqual(Locale.resolve("ja", "de"), { locale: "en", language: "en" })
  })

  it("gives a bare language the browser's region, or the session's country, to format amounts with", () => {
    assert.deepStrictEqual(Locale.resolve("es", "en-US,es-CL;q=0.5"), { locale: "es-CL", language: "es" })
    assert.deepStrictEqual(Locale.resolve("es", "en-US", "CL"), { locale: "es-CL", language: "es" })
    assert.deepStrictEqual(Locale.resolve("pt", "pt-u-nu-latn"), { locale: "pt", language: "pt" })
  })

  it("never lets a malformed tag reach Intl", () => {
    for (const tag of ["", "e", "en_US", "en--US", "<script>", "en-US-" + "x".repeat(300), "\u0000", "-"]) {
      assert.isUndefined(Locale.canonical(tag), tag)
    }
    assert.strictEqual(Locale.canonical("ES-cl"), "es-CL")
  })
})

describe("Messages", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

  it("has every string in every language, with the same placeholders", () => {
    const keys = Object.keys(messages.en).sort()
    for (const language of LANGUAGES) {
      assert.deepStrictEqual(Object.keys(messages[language]).sort(), keys, language)
      for (const key of keys) {
        const text = messages[language][key as keyof typeof messages.en]
        assert.isNotEmpty(text.trim(), `${language} ${key}`)
        assert.deepStrictEqual(placeholders(text), placeholders(messages.en[key as keyof typeof messages.en]), `${language} ${key}`)
      }
    }
  })

  it("translates the decline of every test card by its code", () => {
    for (const code of ["card_declined", "generic_decline", "insufficient_funds", "incorrect_number", "expired_card", "invalid_cvc", "processing_error"]) {
      for (const language of LANGUAGES) assert.property(messages[language], `decline.${code}`)
    }
  })

  it("fills placeholders and leaves unknown ones alone", () => {
    assert.strictEqual(fill("Pay {amount} in {count}", { amount: "$1.00", count: 3 }), "Pay $1.00 in 3")
    assert.strictEqual(fill("{nope} {toString}"), "{nope} {toString}")
  })
})

describe("pages", () => {
  it("allow a processor component's hosts only where given, and never a value that is not a plain https origin", () => {
    const strict = contentSecurityPolicy()
    assert.notInclude(strict, "frame-src")
    assert.include(strict, "img-src 'self' data:;")
    assert.include(strict, "connect-src 'self';")
    assert.strictEqual(pageHeaders([])["content-security-policy"], strict)
    const hosts = ["https://checkoutshopper-test.adyen.com", "https://*.checkoutshopper-live.adyen.com"]
    const policy = pageHeaders(hosts)["content-security-policy"]!
    for (const directive of ["img-src 'self' data:", "connect-src 'self'", "frame-src 'self'"]) assert.include(policy, `${directive} ${hosts.join(" ")};`)
    assert.include(policy, "script-src 'self';")
    assert.include(policy, "frame-ancestors 'none'")
    // an embedded page keeps its frame ancestors beside the hosts
    const framed = framedHeaders(["https://shop.example"], hosts)["content-security-policy"]!
    assert.include(framed, `frame-src 'self' ${hosts.join(" ")};`)
    assert.include(framed, "frame-ancestors https://shop.example")
    // a value that could end the directive or name another scheme is left out
    const odd = contentSecurityPolicy([], ["https://ok.example", "https://x.example; script-src *", "http://plain.example", "*"])
    assert.include(odd, "frame-src 'self' https://ok.example;")
    assert.notInclude(odd, "plain.example")
    assert.notInclude(odd, "script-src *")
  })

  it("escapes text for element content and attributes", () => {
    assert.strictEqual(escape(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  })

  it("serves a script per language that parses and carries that language's strings only, under a name that changes with its content", () => {
    for (const language of LANGUAGES) {
      const script = Assets.script(language)
      assert.doesNotThrow(() => new Function(script.body))
      for (const other of LANGUAGES) {
        const pay = JSON.stringify(messages[other]["state.partlyRefundedBody"])
        if (other === language) assert.include(script.body, pay, language)
        else assert.notInclude(script.body, pay, `${language} carries ${other}`)
      }
      assert.match(script.path, new RegExp(`^/c/assets/checkout-${language}-[0-9a-f]{16}\\.js$`))
      // the page's modules, the core's card rules and one language's strings; a stray import of effect would be hundreds of KB
      // (42 KB since the processor card component's loader, ProcessorCard.ts; the component itself is a bundle of its own)
      assert.isBelow(script.body.length, 42_000, language)
      // the page's budget: its HTML, style and script under 60 KB together
      assert.isBelow(Buffer.byteLength(CheckoutShell.render(language)) + Buffer.byteLength(Assets.stylesheet.body) + Buffer.byteLength(script.body), 60_000, language)
      assert.include(CheckoutShell.render(language), script.file)
    }
    assert.match(Assets.stylesheet.path, /^\/c\/assets\/pages-[0-9a-f]{16}\.css$/)
  })
})
