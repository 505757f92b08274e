/**
 * Which language a page speaks and which locale formats its amounts: the session's `locale` when
 * the pages speak its language, else the browser's (`Accept-Language`), else English.
 */
import { LANGUAGES, type Language } from "./Messages.ts"

/** The locale that formats amounts (a canonical BCP 47 tag) and the language of the page's strings. */
export interface PageLocale {
  readonly locale: string
  readonly language: Language
}

/** English, the fallback. */
export const FALLBACK: PageLocale = { locale: "en", language: "en" }

const TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,7}$/

/** A tag as `Intl` canonicalizes it, or undefined when `Intl` would refuse it (so formatting cannot throw). */
export const canonical = (tag: string): string | undefined => {
  if (!TAG.test(tag)) return undefined
  try {
    return Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined
  }
}

/** The page language of a tag (`es-CL` is `es`), if the pages speak it. */
export const languageOf = (tag: string): Language | undefined => {
  const primary = tag.split("-", 1)[0]!.toLowerCase()
  return LANGUAGES.find((l) => l === primary)
}

/** The tags of an `Accept-Language` header, most preferred first; `*`, `q=0` and junk are dropped. Bounded in work. */
export const preferences = (header: string | undefined): ReadonlyArray<string> => {
  if (header === undefined || header === "") return []
  return header.slice(0, 1000).split(",").slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";").map((s) => s.trim())
      const q = params.find((p) => p.startsWith("q="))
      const weight = q === undefined ? 1 : Number(q.slice(2))
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index }
    })
    .filter((p) => p.weight > 0 && p.tag !== "" && p.tag !== "*")
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((p) => p.tag)
}

/** Whether a tag names a region (`CL`, `419`), looking only before any extension (`-u-…`). */
const hasRegion = (tag: string): boolean => {
  for (const sub of tag.split("-").slice(1)) {
    if (sub.length === 1) return false
    if (/^(?:[A-Za-z]{2}|\d{3})$/.test(sub)) return true
  }
  return false
}

/**
 * The first candidate the pages speak: the session's locale (unless `auto` or unset), then the
 * browser's. A bare language gets a region to format amounts with (`es` shows CLP as "5000 CLP",
 * `es-CL` as "$5.000"): the browser's for that language if it names one, else the session's `country`.
 */
export const resolve = (sessionLocale: string | null, acceptLanguage: string | undefined, country: string | null = null): PageLocale => {
  const browser = preferences(acceptLanguage).map(canonical).filter((tag): tag is string => tag !== undefined)
  const fromSession = sessionLocale === null || sessionLocale === "auto" ? undefined : canonical(sessionLocale)
  for (const locale of fromSession === undefined ? browser : [fromSession, ...browser]) {
    const language = languageOf(locale)
    if (language === undefined) continue
    if (hasRegion(locale)) return { locale, language }
    const regional = browser.find((tag) => languageOf(tag) === language && hasRegion(tag))
      ?? (country === null ? undefined : canonical(`${locale}-${country}`))
    return { locale: regional ?? locale, language }
  }
  return FALLBACK
}
