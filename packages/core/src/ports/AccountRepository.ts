/**
 * Port: accounts and the hashes of their secret keys.
 */
import { Context, type Effect, type Option } from "effect"
import type { Account } from "../Account.ts"
import type { Scope } from "../CheckoutSession.ts"

/** A stored key: only its hash and last four characters are kept. */
export interface ApiKeyRecord {
  readonly account: string
  readonly livemode: boolean
  readonly secret_hash: string
  readonly last4: string
  readonly created: number
}

/** Port: accounts and keys. Keys are looked up by the hash of the presented secret. */
export class AccountRepository extends Context.Service<AccountRepository, {
  readonly insertAccount: (account: Account) => Effect.Effect<void>
  readonly findAccount: (id: string) => Effect.Effect<Option.Option<Account>>
  /** The oldest account, which `TILL_SECRET_KEY` and the first start use as the default. */
  readonly findFirstAccount: Effect.Effect<Option.Option<Account>>
  /** Adds a key; adding a hash that is already stored does nothing. */
  readonly insertKey: (key: ApiKeyRecord) => Effect.Effect<void>
  readonly findScopeByKeyHash: (secretHash: string) => Effect.Effect<Option.Option<Scope>>
}>()("till/AccountRepository") {}
