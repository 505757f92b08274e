/**
 * Port: how passwords are hashed and checked. The adapter uses a memory-hard KDF (Node's scrypt, in
 * `@till/http`'s dashboard); the core never sees a KDF, only this.
 */
import { Context, type Effect } from "effect"

/** Port: password hashing. */
export class PasswordHasher extends Context.Service<PasswordHasher, {
  /** A self-describing hash (algorithm, parameters, salt, digest) of a password. */
  readonly hash: (password: string) => Effect.Effect<string>
  /** Whether a password matches a hash this hasher made; a malformed hash matches nothing. Takes as long whatever the answer. */
  readonly verify: (password: string, hash: string) => Effect.Effect<boolean>
}>()("till/PasswordHasher") {}
