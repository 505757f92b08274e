/**
 * The page's strings in one language: the same table the server renders its pages with
 * (Messages.ts), bundled into the script.
 */
import * as Locale from "../Locale.ts"
import { fill, type Language, messages } from "../Messages.ts"

/** One language's strings, looked up by key. */
export interface Translator {
  readonly language: Language
  /** The string of a key with its `{name}` values filled in; an unknown key reads as itself. */
  readonly text: (key: string, values?: Readonly<Record<string, string | number>>) => string
  /** Whether the language has a string for a key (decline codes the pages do not know have none). */
  readonly has: (key: string) => boolean
}

/** The translator of a language tag; English when the pages do not speak it. */
export const of = (tag: string): Translator => {
  const language = Locale.languageOf(tag) ?? "en"
  const strings: Readonly<Record<string, string>> = messages[language]
  const has = (key: string) => Object.hasOwn(strings, key)
  return { language, has, text: (key, values) => (has(key) ? fill(strings[key]!, values) : key) }
}
