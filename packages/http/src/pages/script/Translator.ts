/**
 * The page's strings in one language: the same table the server renders its pages with
 * (Messages.ts), as far as the script carries it (Strings.ts: a bundle carries its page's language).
 */
import * as Locale from "../Locale.ts"
import { fill, type Language } from "../Messages.ts"
import { bundled } from "./Strings.ts"

/** One language's strings, looked up by key. */
export interface Translator {
  readonly language: Language
  /** The string of a key with its `{name}` values filled in; an unknown key reads as itself. */
  readonly text: (key: string, values?: Readonly<Record<string, string | number>>) => string
  /** Whether the language has a string for a key (decline codes the pages do not know have none). */
  readonly has: (key: string) => boolean
}

/** The translator of a language tag: English when the pages do not speak it, the bundle's own language when it does not carry that one. */
export const of = (tag: string): Translator => {
  const wanted = Locale.languageOf(tag) ?? "en"
  const language = bundled[wanted] !== undefined ? wanted : Object.keys(bundled)[0] as Language
  const strings: Readonly<Record<string, string>> = bundled[language]!
  const has = (key: string) => Object.hasOwn(strings, key)
  return { language, has, text: (key, values) => (has(key) ? fill(strings[key]!, values) : key) }
}
