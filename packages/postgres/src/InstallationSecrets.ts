/**
 * Secrets of the installation, by purpose: 32 random bytes, made by whichever process asks first
 * (`insert … on conflict do nothing`, then read back, so two racing processes end with the same one)
 * and the same for every process on the database and after every restart.
 */
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { Db } from "./Db.ts"

/** Bytes of a new secret. */
export const SECRET_BYTES = 32

/** The name of the secret that keys idempotency fingerprints. */
export const FINGERPRINT_KEY = "idempotency_fingerprint_key"

/** The secret named `name`, made now if the installation has none yet. */
export const get = (name: string): Effect.Effect<Uint8Array, never, Db> =>
  Db.use(({ kysely: db }) =>
    Effect.promise(async () => {
      await db.insertInto("installation_secrets")
        .values({ name, secret: randomBytes(SECRET_BYTES), created: Math.floor(Date.now() / 1000) })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute()
      const row = await db.selectFrom("installation_secrets").select("secret").where("name", "=", name).executeTakeFirstOrThrow()
      // pg answers a Buffer, PGlite a Uint8Array: hand out a plain copy either way
      return new Uint8Array(row.secret)
    }))
