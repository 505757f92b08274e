/**
 * Use cases of an account's public details: read them (the API's `GET /v1/account`, the hosted page,
 * receipts, consent collection) and change them (`POST /v1/account`, `till accounts branding`). The
 * logo and icon must be files of the account uploaded for that purpose.
 */
import { Context, Effect, Layer, Option } from "effect"
import type { Account } from "./Account.ts"
import { type AccountProfile, applyProfileParams, EMPTY_PROFILE, type UpdateAccountParams } from "./AccountProfile.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import type { FilePurpose } from "./File.ts"
import { AccountRepository } from "./ports/AccountRepository.ts"
import { FileRepository } from "./ports/FileRepository.ts"

/** An account with its public details. */
export interface AccountWithProfile {
  readonly account: Account
  readonly profile: AccountProfile
}

/** Use cases of accounts' public details. */
export class AccountProfiles extends Context.Service<AccountProfiles>()("till/AccountProfiles", {
  make: Effect.gen(function*() {
    const repo = yield* AccountRepository
    const files = yield* FileRepository

    const missingAccount = (id: string) => new ResourceMissing({ object: "account", id, param: null })

    /** The account's public details; EMPTY_PROFILE for an account that set none (or that is not there). */
    const profileOf = (account: string): Effect.Effect<AccountProfile> =>
      Effect.map(repo.findProfile(account), Option.match({ onNone: () => EMPTY_PROFILE, onSome: (s) => s.profile }))

    /** The account and its public details. */
    const retrieve = Effect.fn("AccountProfiles.retrieve")(function*(id: string) {
      const found = yield* repo.findAccount(id)
      if (Option.isNone(found)) return yield* missingAccount(id)
      return { account: found.value.account, profile: yield* profileOf(id) } satisfies AccountWithProfile
    })

    /** A branding file must be the account's and uploaded for its use. */
    const checkFile = Effect.fnUntraced(function*(account: string, id: string | null, purpose: FilePurpose, param: string) {
      if (id === null) return
      const found = yield* files.findById(id)
      if (Option.isNone(found) || found.value.account !== account) return yield* new ResourceMissing({ object: "file", id, param })
      if (found.value.file.purpose !== purpose) {
        return yield* new ValidationError({
          code: "parameter_invalid",
          message: `Invalid ${param}: the file must have been uploaded with purpose ${purpose}, not ${found.value.file.purpose}.`,
          param
        })
      }
    })

    /** Changes the account's public details: given fields replace, `""` unsets; a write that lost a race is made again. */
    const update = Effect.fn("AccountProfiles.update")(function*(id: string, params: UpdateAccountParams) {
      const branding = params.settings?.branding
      if (branding?.logo !== undefined) yield* checkFile(id, branding.logo === "" ? null : branding.logo, "business_logo", "settings[branding][logo]")
      if (branding?.icon !== undefined) yield* checkFile(id, branding.icon === "" ? null : branding.icon, "business_icon", "settings[branding][icon]")
      yield* retryOnConflict(Effect.gen(function*() {
        const stored = yield* repo.findProfile(id)
        if (Option.isNone(stored)) return yield* missingAccount(id)
        const profile = applyProfileParams(stored.value.profile, params)
        if (JSON.stringify(profile) === JSON.stringify(stored.value.profile)) return
        yield* repo.updateProfile(id, { profile, version: stored.value.version + 1 })
      }))
      return yield* retrieve(id)
    })

    return { profileOf, retrieve, update } as const
  })
}) {
  /** The use cases over whatever account and file repositories are provided. */
  static readonly layer = Layer.effect(AccountProfiles, AccountProfiles.make)
}
