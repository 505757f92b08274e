/**
 * The password hasher of the dashboard: Node's scrypt, a memory-hard KDF (N = 2^15, r = 8, p = 1: 32 MiB
 * and some 50 ms a hash), with a random 16-byte salt. The hash names its parameters
 * (`scrypt$15$8$1$<salt>$<key>`), so stronger ones can come later and old hashes still verify.
 */
import { PasswordHasher } from "@till/core"
import { Effect, Layer } from "effect"
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"

const LOG_N = 15
const R = 8
const P = 1
const KEY_BYTES = 32

const derive = (password: string, salt: Buffer, logN: number, r: number, p: number) =>
  Effect.callback<Buffer>((resume) => {
    const N = 2 ** logN
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      resume(error === null ? Effect.succeed(key) : Effect.die(error)))
  })

/** Hashes with scrypt and the parameters above; verifies any hash in the `scrypt$` format within sane bounds. */
export const hasher = PasswordHasher.of({
  hash: (password) =>
    Effect.suspend(() => {
      const salt = randomBytes(16)
      return Effect.map(derive(password, salt, LOG_N, R, P), (key) => `scrypt$${LOG_N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`)
    }),
  verify: (password, hash) => {
    const [kind, logN, r, p, salt, key] = hash.split("$")
    const n = Number(logN), rr = Number(r), pp = Number(p)
    // a stored hash with absurd parameters must not make a login take the server down
    if (kind !== "scrypt" || !(n >= 10 && n <= 20) || !(rr >= 1 && rr <= 16) || !(pp >= 1 && pp <= 4) || salt === undefined || key === undefined) {
      return Effect.succeed(false)
    }
    const expected = Buffer.from(key, "base64url")
    if (expected.length !== KEY_BYTES) return Effect.succeed(false)
    return Effect.map(derive(password, Buffer.from(salt, "base64url"), n, rr, pp), (derived) => timingSafeEqual(derived, expected))
  }
})

/** The scrypt hasher as a layer. */
export const layer = Layer.succeed(PasswordHasher, hasher)
