/**
 * The strings the page's script carries, by language: every language's from source (tests); a
 * language's bundle replaces this module with one holding that language's only (ScriptBundle.ts).
 */
import { type Language, type Messages, messages } from "../Messages.ts"

/** The languages at hand and their strings. */
export const bundled: Partial<Readonly<Record<Language, Messages>>> = messages
