/**
 * In-memory DashboardUserRepository, and a password hasher for tests (PBKDF2 from WebCrypto with few
 * rounds: quick, and never for production, where `@till/http`'s scrypt hasher is used).
 */
import { Effect, Layer, Option } from "effect"
import type { DashboardLogin, StoredDashboardUser } from "../DashboardUser.ts"
import { DashboardUserRepository } from "../ports/DashboardUserRepository.ts"
import { PasswordHasher } from "../ports/PasswordHasher.ts"

/** A fresh, empty repository. */
export const make = Effect.sync(() => {
  const users: Array<StoredDashboardUser> = []
  const logins = new Map<string, DashboardLogin>()
  return DashboardUserRepository.of({
    insertUser: (stored) =>
      Effect.sync(() => {
        if (users.some((u) => u.user.email === stored.user.email)) return false
        users.push(stored)
        return true
      }),
    findUserByEmail: (email) => Effect.sync(() => Option.fromNullishOr(users.find((u) => u.user.email === email))),
    findUserById: (id) => Effect.sync(() => Option.fromNullishOr(users.find((u) => u.user.id === id))),
    listUsers: Effect.sync(() => [...users]),
    setDisabled: (userId, disabled) =>
      Effect.sync(() => {
        const at = users.findIndex((u) => u.user.id === userId)
        if (at === -1) return false
        const { disabled: _was, ...rest } = users[at]!.user
        users[at] = { ...users[at]!, user: disabled ? { ...rest, disabled: true } : rest }
        return true
      }),
    setPasswordHash: (userId, passwordHash) =>
      Effect.sync(() => {
        const at = users.findIndex((u) => u.user.id === userId)
        if (at === -1) return false
        users[at] = { ...users[at]!, password_hash: passwordHash }
        return true
      }),
    insertLogin: (login) => Effect.sync(() => void logins.set(login.token_hash, login)),
    findLogin: (hash) => Effect.sync(() => Option.fromNullishOr(logins.get(hash))),
    revokeLogin: (hash) =>
      Effect.sync(() => {
        const login = logins.get(hash)
        if (login === undefined || login.revoked) return false
        logins.set(hash, { ...login, revoked: true })
        return true
      }),
    revokeLoginsOf: (userId) =>
      Effect.sync(() => {
        let revoked = 0
        for (const [hash, login] of logins) {
          if (login.user === userId && !login.revoked) {
            logins.set(hash, { ...login, revoked: true })
            revoked++
          }
        }
        return revoked
      })
  })
})

/** The repository, fresh and empty. */
export const layer = Layer.effect(DashboardUserRepository, make)

const hex = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("")

const derive = (password: string, salt: Uint8Array) =>
  Effect.promise(async () => {
    const key = await globalThis.crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"])
    return hex(await globalThis.crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations: 1000 }, key, 256))
  })

/** A quick hasher for tests: PBKDF2-SHA256, 1000 rounds, `test-pbkdf2$<salt>$<digest>`. */
export const testHasher = PasswordHasher.of({
  hash: (password) =>
    Effect.suspend(() => {
      const salt = globalThis.crypto.getRandomValues(new Uint8Array(16))
      return Effect.map(derive(password, salt), (digest) => `test-pbkdf2$${hex(salt)}$${digest}`)
    }),
  verify: (password, hash) => {
    const [kind, salt, digest] = hash.split("$")
    if (kind !== "test-pbkdf2" || salt === undefined || digest === undefined || !/^[0-9a-f]{32}$/.test(salt)) return Effect.succeed(false)
    const bytes = new Uint8Array(salt.match(/../g)!.map((b) => parseInt(b, 16)))
    return Effect.map(derive(password, bytes), (d) => d === digest)
  }
})

/** The test hasher as a layer. */
export const hasherLayer = Layer.succeed(PasswordHasher, testHasher)
