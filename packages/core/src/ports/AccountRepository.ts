/**
 * Port: accounts and the hashes of their secret keys.
 */
import { Context, type Effect, type Option } from "effect"
import type { Account, StoredAccount } from "../Account.ts"
import type { AccountProfile } from "../AccountProfile.ts"
import type { Scope } from "../CheckoutSession.ts"
import type { ConcurrentModification } from "../Errors.ts"
import type { KeyPermissions } from "../KeyPermissions.ts"

/** A stored key: only its hash and last four characters are kept. */
export interface ApiKeyRecord {
  readonly account: string
  readonly livemode: boolean
  readonly secret_hash: string
  readonly last4: string
  readonly created: number
  /** A restricted key's permissions; absent for a full key. */
  readonly permissions?: KeyPermissions
}

/**
 * What a key grants: its scope, when it stops working if it was rolled (unix seconds), and a restricted
 * key's permissions (absent for a full key).
 */
export type KeyGrant = Scope & { readonly expires_at?: number; readonly permissions?: KeyPermissions }

/** An account's public details as stored, with the account's version (which its writes are conditional on). */
export interface StoredProfile {
  readonly profile: AccountProfile
  readonly version: number
}

/**
 * Port: accounts and keys. Keys are looked up by the hash of the presented secret. Account writes
 * are conditional on the version the caller read.
 */
export class AccountRepository extends Context.Service<AccountRepository, {
  /** Stores a new account at version 1. */
  readonly insertAccount: (account: Account) => Effect.Effect<void>
  /**
   * Replaces an account whose stored version is `stored.version - 1`. Fails with ConcurrentModification
   * when another write came first or the account is not there.
   */
  readonly updateAccount: (stored: StoredAccount) => Effect.Effect<void, ConcurrentModification>
  readonly findAccount: (id: string) => Effect.Effect<Option.Option<StoredAccount>>
  /** The oldest account, which `TILL_SECRET_KEY` and the first start use as the default. */
  readonly findFirstAccount: Effect.Effect<Option.Option<StoredAccount>>
  /** Adds a key; adding a hash that is already stored does nothing. */
  readonly insertKey: (key: ApiKeyRecord) => Effect.Effect<void>
  /** The scope a stored key grants, with `expires_at` when it has one (whether or not that time has passed). */
  readonly findScopeByKeyHash: (secretHash: string) => Effect.Effect<Option.Option<KeyGrant>>
  /** Removes a key; answers whether it was stored. */
  readonly deleteKey: (secretHash: string) => Effect.Effect<boolean>
  /** Makes a key stop working at `expiresAt` (or sooner, if it already expires sooner); answers whether it was stored. */
  readonly expireKey: (secretHash: string, expiresAt: number) => Effect.Effect<boolean>
  /**
   * An account's public details (business profile and branding) and its version; an account that never
   * set them reads as EMPTY_PROFILE. None when there is no such account. The hosted page, receipts and
   * consent collection read the public details through this.
   */
  readonly findProfile: (account: string) => Effect.Effect<Option.Option<StoredProfile>>
  /**
   * Replaces an account's public details when its stored version is `stored.version - 1` (and makes it
   * `stored.version`). Fails with ConcurrentModification when another write came first or the account is not there.
   */
  readonly updateProfile: (account: string, stored: StoredProfile) => Effect.Effect<void, ConcurrentModification>
  /** Every account, oldest first. */
  readonly listAccounts: Effect.Effect<ReadonlyArray<StoredAccount>>
  /** The keys of an account in one mode, newest first, with `expires_at` when rolled (whether or not that time has passed). */
  readonly listKeys: (scope: Scope) => Effect.Effect<ReadonlyArray<ApiKeyRecord & { readonly expires_at?: number }>>
}>()("till/AccountRepository") {}
