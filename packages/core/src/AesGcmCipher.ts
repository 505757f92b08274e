/**
 * The CredentialCipher the server runs: AES-256-GCM (WebCrypto) under the operator's key
 * (`TILL_ENCRYPTION_KEY`: 32 bytes, as 64 hex digits or base64). Each value gets a fresh 96-bit IV;
 * the context (account and mode) is the associated data, so a sealed value copied into another row
 * does not open. Sealed form: `v1.<iv base64url>.<ciphertext and tag base64url>`.
 */
import { Effect, Layer, Redacted } from "effect"
import { CredentialCipher } from "./ports/ProcessorSettingsRepository.ts"

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))
const toBase64Url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

/** The 32 key bytes the text stands for, or why it stands for none. */
export const keyBytes = (text: string): Uint8Array | string => {
  const trimmed = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Uint8Array.from(trimmed.match(/../g)!.map((h) => parseInt(h, 16)))
  try {
    const bytes = fromBase64(trimmed)
    if (bytes.length === 32) return bytes
  } catch {
    // not base64 either
  }
  return "TILL_ENCRYPTION_KEY must be 32 bytes: 64 hex digits or 44 base64 characters (e.g. `openssl rand -base64 32`)."
}

/** A cipher over the key; throws (at startup) when the key is not 32 bytes. */
export const make = (key: Redacted.Redacted<string>): Effect.Effect<CredentialCipher["Service"]> =>
  Effect.gen(function*() {
    const bytes = keyBytes(Redacted.value(key))
    if (typeof bytes === "string") return yield* Effect.die(new Error(bytes))
    const cryptoKey = yield* Effect.promise(() =>
      globalThis.crypto.subtle.importKey("raw", bytes as Uint8Array<ArrayBuffer>, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
    )
    const encoder = new TextEncoder()
    return CredentialCipher.of({
      available: true,
      seal: (plaintext, context) =>
        Effect.promise(async () => {
          const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
          const sealed = new Uint8Array(
            await globalThis.crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, cryptoKey, encoder.encode(plaintext))
          )
          return `v1.${toBase64Url(iv)}.${toBase64Url(sealed)}`
        }),
      open: (sealed, context) =>
        Effect.tryPromise({
          try: async () => {
            const [version, iv, body] = sealed.split(".")
            if (version !== "v1" || iv === undefined || body === undefined) throw new Error("not a sealed value")
            const plain = await globalThis.crypto.subtle.decrypt(
              { name: "AES-GCM", iv: fromBase64(iv) as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(context) },
              cryptoKey,
              fromBase64(body) as Uint8Array<ArrayBuffer>
            )
            return new TextDecoder().decode(plain)
          },
          // never the value itself: only that it does not open
          catch: () => new Error("stored processor credentials do not open with TILL_ENCRYPTION_KEY (wrong key, or the value was altered)")
        }).pipe(Effect.orDie)
    })
  })

/** The cipher over the key, or {@link CredentialCipher} unavailable when none is configured. */
export const layer = (key: Redacted.Redacted<string> | undefined): Layer.Layer<CredentialCipher> =>
  key === undefined
    ? Layer.succeed(CredentialCipher, CredentialCipher.of({
      available: false,
      seal: () => Effect.die(new Error("no encryption key is configured")),
      open: () => Effect.die(new Error("stored processor credentials cannot be read without TILL_ENCRYPTION_KEY"))
    }))
    : Layer.effect(CredentialCipher, make(key))
