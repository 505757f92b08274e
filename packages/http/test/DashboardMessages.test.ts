/**
 * The dashboard's strings: every key in English, Spanish and Portuguese (no language falls back to
 * another), each with the same `{placeholders}` as the English one, and no translation left in English.
 */
import { assert, describe, it } from "@effect/vitest"
import { messages } from "../src/dashboard/Messages.ts"

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

// the same in every language: names, codes and words the languages share
const SAME = new Set(["nav.webhooks", "webhooks.title", "sessions.id", "session.subtotal", "session.total", "timeline.attempt", "keys.type", "links.url", "catalog.id"])

describe("dashboard strings", () => {
  it("every key exists in en, es and pt, with the same placeholders, translated", () => {
    const keys = Object.keys(messages.en)
    assert.isAbove(keys.length, 150)
    for (const language of ["es", "pt"] as const) {
      const table = messages[language] as Readonly<Record<string, string>>
      assert.sameMembers(Object.keys(table), keys, language)
      for (const key of keys) {
        const text = table[key]
        assert.isString(text, `${language} ${key}`)
        assert.isAbove(text!.trim().length, 0, `${language} ${key}`)
        assert.deepStrictEqual(placeholders(text!), placeholders(messages.en[key as keyof typeof messages.en]), `${language} ${key}`)
      }
      const untranslated = keys.filter((k) => !SAME.has(k) && table[k] === messages.en[k as keyof typeof messages.en])
      assert.deepStrictEqual(untranslated, [], `${language}: strings still in English`)
    }
  })
})
